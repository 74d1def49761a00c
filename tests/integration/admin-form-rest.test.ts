import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { vietnamToday } from '../../src/admin/knowledge-routes.js';
import { entryView } from '../../src/replies/localized-entry.js';
import { startAdminApp, type AdminSession, type AdminTestApp } from '../helpers/admin-session.js';

/** A catalogue procedure (labour) with papers and steps, no translation, no related entries. */
const ID = '1.002636';
/** A guide with `related`, `border_area: false`, `updated` and the "key:\n- item" list style. */
const GUIDE = 'cai-dat-vneid';

/** What changed between two texts: the lines removed and the lines added (in order). */
function delta(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { removed: a.slice(start, endA), added: b.slice(start, endB) };
}

describe('entry form: translations lists, related, border area, papers, category, dates (patch API)', () => {
  let t: AdminTestApp;
  let editor: AdminSession;
  let admin: AdminSession;
  let text: string;
  let guide: string;

  const patch = (fields: Record<string, unknown>, body = text, who?: AdminSession) => t.api('POST', '/admin/api/entries/patch', who ?? editor, { text: body, fields });

  beforeAll(async () => {
    t = await startAdminApp();
    editor = await t.login('binh');
    admin = await t.login('an');
    text = (await t.api('GET', `/admin/api/entries/${ID}`, editor)).body.text;
    guide = (await t.api('GET', `/admin/api/entries/${GUIDE}`, editor)).body.text;
  }, 120_000);
  afterAll(async () => t?.close(), 60_000);

  it('Tày steps written on the form are a draft by their author; villagers keep the Vietnamese steps until a second translator reviews', async () => {
    const steps = [{ text: 'Pước 1 (thử)', icon: 'document' }, { text: 'Pước 2 (thử)', icon: 'submit' }];
    const res = await patch({ translations: { tay: { title: '', summary: '', source: '', steps, glossary: [], examples: [] } } });
    expect(res.status).toBe(200);
    const { removed, added } = delta(text, res.body.text);
    expect(removed).toEqual([]);
    expect(YAML.parse(added.join('\n'))).toEqual({ tay: { review: 'draft', steps, fields: { steps: { review: 'draft', author: 'binh' } } } });

    // one step's text changed: one line
    const changedStep = await patch({ translations: { tay: { steps: [steps[0], { text: 'Pước 2 (sửa)', icon: 'submit' }] } } }, res.body.text);
    expect(delta(res.body.text, changedStep.body.text)).toEqual({ removed: ['    - text: Pước 2 (thử)'], added: ['    - text: Pước 2 (sửa)'] });

    // an override already reviewed as a whole: the new steps are still a draft, not shown to villagers
    const reviewed = `${text}tay:\n  review: reviewed\n  title: Tày title (test)\n`;
    const withSteps = await patch({ translations: { tay: { steps } } }, reviewed);
    const saved = await t.api('PUT', `/admin/api/entries/${ID}`, editor, { text: withSteps.body.text, baseHash: (await t.api('GET', `/admin/api/entries/${ID}`, editor)).body.hash });
    expect(saved.status).toBe(200);
    const entry = t.services.knowledge.current().kb.entries.get(ID)!;
    expect(entry.tay?.fields?.steps).toEqual({ review: 'draft', author: 'binh' });
    expect(entryView(entry, 'tay').steps).toEqual(entry.steps);
    expect(entryView(entry, 'tay').title).toBe('Tày title (test)');
    text = (await t.api('GET', `/admin/api/entries/${ID}`, editor)).body.text;
  });

  it('glossary and questions of a translation: a changed meaning is one line; a Dao variant takes a glossary too', async () => {
    const glossary = await patch({ translations: { en: { glossary: [{ term: 'hồ sơ', meaning: 'application file' }], examples: ['how to renew (test)'] } } });
    expect(glossary.status).toBe(200);
    const en = YAML.parse(glossary.body.text).en;
    expect(en).toMatchObject({ review: 'draft', glossary: { 'hồ sơ': 'application file' }, examples: ['how to renew (test)'], fields: { glossary: { review: 'draft', author: 'binh' }, examples: { review: 'draft', author: 'binh' } } });
    const meaning = await patch({ translations: { en: { glossary: [{ term: 'hồ sơ', meaning: 'the papers you hand in' }] } } }, glossary.body.text);
    expect(delta(glossary.body.text, meaning.body.text)).toEqual({ removed: ['    hồ sơ: application file'], added: ['    hồ sơ: the papers you hand in'] });
    const variant = await patch({ translations: { 'dao-kimmun': { glossary: [{ term: 'lệ phí', meaning: 'Kim Mun (test)' }] } } });
    expect(YAML.parse(variant.body.text).dao.variants['dao-kimmun']).toMatchObject({ review: 'draft', glossary: { 'lệ phí': 'Kim Mun (test)' } });
    // a Dao variant has no questions of its own: nothing is written
    expect((await patch({ translations: { 'dao-kimmun': { examples: ['x'] } } })).body.text).toBe(text);
  });

  it('refuses a translated step too long or with an unknown icon, and a glossary row half filled, in Vietnamese', async () => {
    let res = await patch({ translations: { tay: { steps: [{ text: 'a'.repeat(130), icon: 'document' }] } } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toMatchObject({ field: 'tay.steps[0].text', reason: expect.stringContaining('tối đa 120 ký tự') });
    res = await patch({ translations: { tay: { steps: [{ text: 'Pước', icon: 'no-such-icon' }] } } });
    expect(res.body.error.details).toMatchObject({ field: 'tay.steps[0].icon', reason: expect.stringContaining('biểu tượng "no-such-icon" không có') });
    res = await patch({ translations: { tay: { glossary: [{ term: 'hồ sơ', meaning: '' }] } } });
    expect(res.body.error.details).toMatchObject({ field: 'tay.glossary', reason: expect.stringContaining('ghi cả từ tiếng Việt và lời giải thích') });
  });

  it('related entries: adding one is the field alone, removing one is one line; unknown ids and the entry itself are refused', async () => {
    const add = await patch({ related: ['1.000045'] });
    expect(add.status).toBe(200);
    expect(delta(text, add.body.text)).toEqual({ removed: [], added: ['related:', '  - "1.000045"'] });
    const current = YAML.parse(guide).related as string[];
    const remove = await patch({ related: current.filter((id) => id !== 'phong-tranh-lua-dao') }, guide);
    expect(delta(guide, remove.body.text)).toEqual({ removed: ['- phong-tranh-lua-dao'], added: [] });

    let res = await patch({ related: ['9.999999'] });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toMatchObject({ field: 'related[0]', reason: expect.stringContaining('Không có thủ tục mã "9.999999"') });
    res = await patch({ related: [ID] });
    expect(res.body.error.details).toMatchObject({ field: 'related[0]', reason: expect.stringContaining('chính nó') });
    res = await patch({ related: ['1.000045', '1.000045'] });
    expect(res.body.error.details).toMatchObject({ field: 'related[1]', reason: expect.stringContaining('đã có') });
  });

  it('the picker finds titles by id list', async () => {
    const res = await t.api('GET', `/admin/api/entries?ids=${encodeURIComponent(`1.000045,${GUIDE}`)}`, editor);
    expect(res.body.entries.map((e: { id: string }) => e.id).sort()).toEqual(['1.000045', GUIDE]);
  });

  it('border area ticked and unticked: one line each', async () => {
    expect(delta(guide, (await patch({ border_area: true }, guide)).body.text)).toEqual({ removed: ['border_area: false'], added: ['border_area: true'] });
    const ticked = await patch({ border_area: true });
    expect(delta(text, ticked.body.text)).toEqual({ removed: [], added: ['border_area: true'] });
    expect((await patch({ border_area: false }, ticked.body.text)).body.text).toBe(text);
    expect((await patch({ border_area: 'có' })).status).toBe(400);
  });

  it("a paper's form code and official wording: one line each", async () => {
    const docs = (YAML.parse(text).documents as Record<string, unknown>[]).map((d, from) => ({ from, name: d.name, original: d.original, copy: d.copy, form: '', official: d.official ?? '' }));
    docs[3]!.form = 'Mẫu 01 (thử)';
    const res = await patch({ documents: docs });
    expect(delta(text, res.body.text)).toEqual({ removed: [], added: ['    form: Mẫu 01 (thử)'] });
    docs[3]!.form = '';
    docs[0]!.official = '- Giấy chứng nhận đã được cấp (bản gốc);';
    const official = await patch({ documents: docs });
    expect(delta(text, official.body.text)).toEqual({ removed: ['    official: "- Giấy chứng nhận đã được cấp;"'], added: ['    official: "- Giấy chứng nhận đã được cấp (bản gốc);"'] });
  });

  it('category: one line for a guide; a procedure, whose folder is its category, is refused with the reason', async () => {
    expect(delta(guide, (await patch({ domain: 'other' }, guide)).body.text)).toEqual({ removed: ['domain: digital-skills'], added: ['domain: other'] });
    const res = await patch({ domain: 'land' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toMatchObject({ field: 'domain', reason: expect.stringContaining('procedures/labour/') });
    expect((await patch({ domain: 'no-such' })).status).toBe(400);
  });

  it('updated is typed as day/month/year; reviewed is "checked with the sources today", for an admin only', async () => {
    const updatedLine = guide.split('\n').find((line) => line.startsWith('updated: '))!; // as the knowledge folder has it today
    expect(delta(guide, (await patch({ updated: '01/12/2026' }, guide)).body.text)).toEqual({ removed: [updatedLine], added: ['updated: 2026-12-01'] });
    const bad = await patch({ updated: '32/12/2026' }, guide);
    expect(bad.body.error.details).toMatchObject({ field: 'updated', reason: expect.stringContaining('ngày/tháng/năm') });

    const forbidden = await patch({ reviewed: true }, guide);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.details.reason).toContain('Chỉ quản trị viên');
    const checked = await patch({ reviewed: true }, guide, admin);
    expect(checked.status).toBe(200);
    const reviewedLine = guide.split('\n').filter((line) => line.startsWith('reviewed: ')); // none, or the last check's date
    expect(delta(guide, checked.body.text)).toEqual({ removed: reviewedLine, added: [`reviewed: ${vietnamToday()}`] });
    expect((await patch({ reviewed: '2020-01-01' }, guide, admin)).status).toBe(400);
  });

  it('id, kind and curated are not form fields', async () => {
    for (const [field, value] of [['id', 'x'], ['kind', 'faq'], ['curated', true]] as const) {
      const res = await patch({ [field]: value });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toMatchObject({ field, reason: expect.stringContaining('không sửa được trên trang') });
    }
  });
});
