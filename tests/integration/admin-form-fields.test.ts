import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { startAdminApp, type AdminSession, type AdminTestApp, changedLines } from '../helpers/admin-session.js';

/** A catalogue entry with a fee per channel (amount in đồng, end date), official text and legal basis. */
const ID = '1.002636';

/** The lines of `after` that differ from `before` (same line count expected). */
function changed(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b.length).toBe(a.length);
  return b.filter((line, i) => line !== a[i]);
}

describe('entry form fields beyond papers and steps: patch API', () => {
  let t: AdminTestApp;
  let editor: AdminSession;
  let text: string;

  const patch = (fields: Record<string, unknown>, body = text) => t.api('POST', '/admin/api/entries/patch', editor, { text: body, fields });
  /** The channels as the form sends them: every field as typed, `from` = the item it was. */
  const channelsAsTyped = () => (YAML.parse(text).channels as Record<string, unknown>[]).map((c, from) => ({
    from, mode: c.mode, duration: c.duration, fee: c.fee, fee_vnd: ((c.fee_vnd as number[] | undefined) ?? []).map((n) => n.toLocaleString('vi-VN')).join('; '),
    fee_free: c.fee_free === true, exemption: c.exemption, valid_until: c.valid_until ? (c.valid_until as string).split('-').reverse().join('/') : '',
  }));

  beforeAll(async () => {
    t = await startAdminApp();
    editor = await t.login('binh');
    text = (await t.api('GET', `/admin/api/entries/${ID}`, editor)).body.text;
  }, 120_000);
  afterAll(async () => t?.close(), 60_000);

  it('the channels sent back as typed (amounts "7.500.000", dates 31/12/2026) change nothing', async () => {
    const res = await patch({ channels: channelsAsTyped() });
    expect(res.status).toBe(200);
    expect(res.body.text).toBe(text);
  });

  it('a new fee amount for one channel is a one-line change, in đồng', async () => {
    const channels = channelsAsTyped();
    channels[1]!.fee_vnd = '8.000.000 đ';
    const res = await patch({ channels });
    expect(res.status).toBe(200);
    expect(changed(text, res.body.text)).toEqual(['      - 8000000']);
  });

  it('the processing time of one channel, the agency, the level and the legal basis each change one line', async () => {
    const channels = channelsAsTyped();
    channels[2]!.duration = '15 ngày làm việc';
    expect(changed(text, (await patch({ channels })).body.text)).toEqual(['    duration: 15 ngày làm việc']);
    expect(changed(text, (await patch({ agency: 'Sở Xây dựng tỉnh Quảng Ninh' })).body.text)).toEqual(['agency: Sở Xây dựng tỉnh Quảng Ninh']);
    expect(changed(text, (await patch({ level: 'commune' })).body.text)).toEqual(['level: commune']);
    const legal = YAML.parse(text).legal_basis as string[];
    expect(changed(text, (await patch({ legal_basis: legal.map((l) => (l === '84/2024/NĐ-C' ? '84/2024/NĐ-CP' : l)) })).body.text)).toEqual(['  - 84/2024/NĐ-CP']);
  });

  it('the end date of a fee (valid_until) and of a channel is written as the schema wants (YYYY-MM-DD)', async () => {
    expect(changed(text, (await patch({ valid_until: { fee: '30/06/2027' } })).body.text)).toEqual(['  fee: 2027-06-30']);
    const channels = channelsAsTyped();
    channels[0]!.valid_until = '2027-06-30';
    expect(changed(text, (await patch({ channels })).body.text)).toEqual(['    valid_until: 2027-06-30']);
  });

  it('official text and the English and Dao variant overrides are form fields; a translation keeps its source', async () => {
    expect(changed(text, (await patch({ official: { agency: 'Sở Xây dựng' } })).body.text)).toEqual(['  agency: Sở Xây dựng']);
    const res = await patch({ translations: { 'dao-kimmun': { title: 'Kim Mun title (test)', source: 'https://example.org/kim-mun' } } });
    expect(res.status).toBe(200);
    const dao = YAML.parse(res.body.text).dao;
    expect(dao).toMatchObject({ review: 'draft', variants: { 'dao-kimmun': { review: 'draft', title: 'Kim Mun title (test)', source: 'https://example.org/kim-mun', fields: { title: { review: 'draft', author: 'binh' } } } } });
    // the English title changes; its source, not sent, stays
    const en = await patch({ translations: { en: { title: 'Renewal (test)' } } }, `${res.body.text.replace(/\nen:[\s\S]*$/, '')}\nen:\n  review: draft\n  source: https://example.org/en\n`);
    expect(YAML.parse(en.body.text).en).toMatchObject({ title: 'Renewal (test)', source: 'https://example.org/en' });
    const validated = await t.api('POST', '/admin/api/entries/validate', editor, { text: en.body.text, id: ID });
    expect(validated.body.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
  });

  it('refuses what was typed wrong with a Vietnamese message naming the field, and changes nothing', async () => {
    const channels = channelsAsTyped();
    channels[0]!.fee_vnd = 'bảy triệu';
    let res = await patch({ channels });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toMatchObject({ field: 'channels[0].fee_vnd', reason: expect.stringContaining('ghi số đồng') });

    const dated = channelsAsTyped();
    dated[1]!.valid_until = '31/02/2027';
    res = await patch({ channels: dated });
    expect(res.body.error.details).toMatchObject({ field: 'channels[1].valid_until', reason: expect.stringContaining('ngày/tháng/năm') });
    res = await patch({ valid_until: { fee: '2027/13/01' } });
    expect(res.body.error.details).toMatchObject({ field: 'valid_until.fee', reason: expect.stringContaining('31/12/2026') });
    res = await patch({ valid_until: { phí: '01/01/2027' } });
    expect(res.body.error.details.field).toBe('valid_until.phí');

    res = await patch({ online: { mode: 'full', url: 'http://dichvucong.gov.vn/x' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toMatchObject({ field: 'online.url', reason: expect.stringContaining('https://') });

    const free = channelsAsTyped();
    free[0]!.fee_free = true;
    expect((await patch({ channels: free })).body.error.details).toMatchObject({ field: 'channels[0].fee_free', reason: expect.stringContaining('Miễn phí') });
    const twice = channelsAsTyped();
    twice[1]!.mode = 'in_person';
    expect((await patch({ channels: twice })).body.error.details).toMatchObject({ field: 'channels[1].mode', reason: expect.stringContaining('hai lần') });
  });

  it('never drops the sources: emptying them, or changing a fact of an entry with none, is refused', async () => {
    let res = await patch({ sources: [] });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toMatchObject({ field: 'sources', reason: expect.stringContaining('Không được xoá hết nguồn') });
    const unsourced = text.replace(/\nsources:\n( {2}- .*\n)+/, '\n');
    expect(YAML.parse(unsourced).sources).toBeUndefined();
    res = await patch({ agency: 'Sở Xây dựng' }, unsourced);
    expect(res.body.error.details).toMatchObject({ field: 'sources', reason: expect.stringContaining('phải có nguồn') });
    // naming a source in the same change is enough
    res = await patch({ agency: 'Sở Xây dựng', sources: ['https://dichvucong.gov.vn/x'] }, unsourced);
    expect(res.status).toBe(200);
    // a change that is not a fact (the title) needs no source
    expect((await patch({ title: 'Gia hạn giấy chứng nhận kiểm định' }, unsourced)).status).toBe(200);
  });

  it('a saved form change is one line in the history', async () => {
    const loaded = await t.api('GET', `/admin/api/entries/${ID}`, editor);
    const patched = await patch({ agency: 'Sở Xây dựng tỉnh Quảng Ninh' }, loaded.body.text);
    const saved = await t.api('PUT', `/admin/api/entries/${ID}`, editor, { text: patched.body.text, baseHash: loaded.body.hash });
    expect(saved.status).toBe(200);
    expect(changedLines(saved.body.change.diff)).toEqual(['- agency: Cơ quan cấp tỉnh', '+ agency: Sở Xây dựng tỉnh Quảng Ninh']);
    expect(t.services.knowledge.current().kb.entries.get(ID)?.agency).toBe('Sở Xây dựng tỉnh Quảng Ninh');
  });
});
