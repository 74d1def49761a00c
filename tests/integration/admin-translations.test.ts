import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { fromCsv, fromXlsx, toCsv, toXlsx } from '../../src/admin/translations/sheet.js';
import type { AdminSession } from '../helpers/admin-session.js';
import { entryView, withDaoVariant } from '../../src/replies/localized-entry.js';
import { passwordHashOnce } from '../helpers/admin-session.js';
import { startTranslationApp, type TranslationTestApp } from '../helpers/translation-app.js';

const ASK = 'cac buoc dang ky khai sinh';
const DRAFT = 'TEST-TÀY các bước';

describe('translation workspace API', () => {
  let t: TranslationTestApp;
  let tay1: AdminSession;
  let tay2: AdminSession;
  let mien1: AdminSession;
  let editor: AdminSession;
  const localeFile = () => YAML.parse(readFileSync(path.join(t.localesDir, 'tay.yaml'), 'utf8'));
  const villager = async (user: string, text = ASK) => JSON.stringify((await t.chat(user, text, { lang: 'tay' })).body.messages);
  const upload = (session: AdminSession, body: Buffer | string, lang = 'tay', type = 'application/octet-stream') =>
    t.app.inject({ method: 'POST', url: `/admin/api/translations/import?lang=${lang}`, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': type }, payload: body });
  const download = async (session: AdminSession, format: 'csv' | 'xlsx') =>
    t.app.inject({ method: 'GET', url: `/admin/api/translations/export?lang=tay&format=${format}`, headers: { cookie: session.cookie } });

  beforeAll(async () => {
    t = await startTranslationApp();
    [tay1, tay2, mien1, editor] = await Promise.all([t.login('tay1'), t.login('tay2'), t.login('mien1'), t.login('binh')]);
    for (let i = 0; i < 3; i++) await villager(`seed-${i}`);
  }, 60_000);
  afterAll(async () => t?.close());

  it('lists the queue most viewed first, counted from what villagers were shown', async () => {
    const { status, body } = await t.api('GET', '/admin/api/translations?lang=tay', tay1);
    expect(status).toBe(200);
    const steps = body.items.find((i: { key: string }) => i.key === 'label.steps');
    expect(steps).toMatchObject({ kind: 'string', source: 'Các bước', status: 'missing', views: 3 });
    const views = body.items.map((i: { views: number }) => i.views);
    expect(views).toEqual([...views].sort((a, b) => b - a));
    expect(body.items.find((i: { key: string }) => i.key === 'handoff.member.sent').views).toBe(0);
    expect((await t.api('GET', '/admin/api/translations?lang=tay', mien1)).status).toBe(403);
    expect((await t.api('GET', '/admin/api/translations?lang=dao-kimmun', editor)).status).toBe(200);
  });

  it('drafts, refuses self-review and other languages, and shows villagers only the reviewed text', async () => {
    const coverage = async () => (await t.api('GET', '/admin/api/translations/coverage', editor)).body.languages;
    expect((await coverage()).tay.trafficCoverage).toBe(0);
    const put = await t.api('PUT', '/admin/api/translations', tay1, { lang: 'tay', key: 'label.steps', text: DRAFT });
    expect(put.status).toBe(200);
    expect(put.body.item).toMatchObject({ status: 'draft', author: 'tay1', text: DRAFT });
    expect(localeFile().review['label.steps']).toBe('draft');
    expect(await villager('v-draft')).not.toContain(DRAFT);

    expect((await t.api('POST', '/admin/api/translations/review', tay1, { lang: 'tay', key: 'label.steps' })).status).toBe(403);
    expect((await t.api('POST', '/admin/api/translations/review', mien1, { lang: 'tay', key: 'label.steps' })).status).toBe(403);
    expect((await t.api('PUT', '/admin/api/translations', editor, { lang: 'tay', key: 'label.steps', text: 'x' })).status).toBe(403);
    expect(localeFile().review['label.steps']).toBe('draft');

    const review = await t.api('POST', '/admin/api/translations/review', tay2, { lang: 'tay', key: 'label.steps' });
    expect(review.status).toBe(200);
    expect(review.body.item).toMatchObject({ status: 'reviewed', author: 'tay1', reviewer: 'tay2' });
    expect(await villager('v-reviewed')).toContain(DRAFT);
    expect((await coverage()).tay.trafficCoverage).toBeGreaterThan(0);
    expect((await coverage())['dao-kimmun']).toMatchObject({ strings: 0, trafficCoverage: 0 });
  });

  it('translates an entry field into the entry\'s override, shown to villagers once reviewed', async () => {
    const key = 'entry:1.001193:title';
    const listed = (await t.api('GET', '/admin/api/translations?lang=tay', tay1)).body.items.find((i: { key: string }) => i.key === key);
    expect(listed).toMatchObject({ kind: 'entry', status: 'missing' });
    expect(listed.views).toBeGreaterThanOrEqual(3);
    const title = 'TEST-TÀY khai sinh';
    expect((await t.api('PUT', '/admin/api/translations', tay1, { lang: 'tay', key, text: title })).status).toBe(200);
    expect(await villager('v-entry-draft')).not.toContain(title);
    expect((await t.api('POST', '/admin/api/translations/review', tay1, { lang: 'tay', key })).status).toBe(403);
    expect((await t.api('POST', '/admin/api/translations/review', tay2, { lang: 'tay', key })).status).toBe(200);
    expect(await villager('v-entry-reviewed')).toContain(title);
    const file = path.join(t.knowledgeDir, t.services.knowledge.current().kb.files.get('1.001193')!);
    expect(YAML.parse(readFileSync(file, 'utf8')).tay).toMatchObject({ title, fields: { title: { review: 'reviewed', author: 'tay1', reviewer: 'tay2' } } });
    const history = await t.services.store.listKnowledgeChanges({ entryId: '1.001193', limit: 1 });
    expect(history[0]!.diff.split('\n').filter((l) => /^[-+]/.test(l)).every((l) => /review|reviewer|tay1|tay2|fields|title|source/.test(l))).toBe(true);
    // the Tày title is not the Iu Mien one: that language's own item is still missing
    const iumien = (await t.api('GET', '/admin/api/translations?lang=dao-iumien', mien1)).body.items;
    expect(iumien.find((i: { key: string }) => i.key === key)).toMatchObject({ status: 'missing', text: '' });
  });

  it('refuses a translation whose placeholders differ from Vietnamese', async () => {
    const res = await t.api('PUT', '/admin/api/translations', tay1, { lang: 'tay', key: 'lang.set', text: '✅ Chử: tên' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('{name}');
  });

  it('exports CSV with a BOM and formulas neutralised, and imports it back row by row', async () => {
    await t.api('PUT', '/admin/api/translations', tay1, { lang: 'tay', key: 'label.online', text: '=HYPERLINK("http://evil.example","x")' });
    const res = await download(tay1, 'csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.body).toContain(`'=HYPERLINK`);
    const rows = fromCsv(res.rawPayload);
    expect(rows[0]).toEqual(['Mã', 'Loại', 'Tiếng Việt (gốc)', 'Bản dịch', 'Trạng thái', 'Người dịch', 'Lượt xem 30 ngày', 'Mã kiểm tra gốc']);
    const row = (key: string) => rows.findIndex((r) => r[0] === key);
    rows[row('label.fee')]![3] = 'TEST-TÀY lệ phí';
    rows[row('lang.set')]![3] = '✅ TEST-TÀY'; // {name} dropped
    rows[row('label.where')]![7] = 'aaaaaaaaaaaa'; // source "changed"
    const unknown = row('label.duration');
    rows[unknown]![0] = 'no.such.key';
    rows[unknown]![3] = 'TEST';
    const result = await upload(tay2, toCsv(rows));
    expect(result.statusCode).toBe(200);
    const body = result.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r: { row: number }) => r.row).sort((a: number, b: number) => a - b)).toEqual([row('lang.set'), row('label.where'), unknown].map((i) => i + 1).sort((a, b) => a - b));
    expect(body.rejected.find((r: { row: number }) => r.row === row('lang.set') + 1).reason).toContain('{name}');
    expect(body.rejected.find((r: { row: number }) => r.row === unknown + 1).reason).toContain('no.such.key');
    expect(body.rejected.find((r: { row: number }) => r.row === row('label.where') + 1).reason).toMatch(/source changed/);
    const file = localeFile();
    expect(file.strings['label.fee']).toBe('TEST-TÀY lệ phí');
    expect(file.authors['label.fee']).toBe('tay2');
    expect(file.review['label.fee']).toBe('draft');
    expect(file.strings['label.online']).toBe('=HYPERLINK("http://evil.example","x")');
    expect(file.strings['lang.set']).toBeUndefined();
  });

  it('round-trips an XLSX file (as a spreadsheet program saves it)', async () => {
    const res = await download(tay1, 'xlsx');
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = fromXlsx(res.rawPayload);
    expect(rows[0]![0]).toBe('Mã');
    const i = rows.findIndex((r) => r[0] === 'button.more');
    rows[i]![3] = 'TEST-TÀY xem thêm';
    const result = await upload(tay1, toXlsx(rows, 'x'), 'tay', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(result.json()).toMatchObject({ accepted: 1, rejected: [] });
    expect(localeFile().strings['button.more']).toBe('TEST-TÀY xem thêm');
  });

  it.each([
    ['a PDF', Buffer.from('%PDF-1.4 not a sheet'), 400, /wrong file type/],
    ['broken encoding', Buffer.from('Mã,Bản dịch,Mã kiểm tra gốc\r\nlabel.fee,l\xe9 ph\xed,x\r\n', 'latin1'), 400, /UTF-8/],
    ['a broken xlsx', Buffer.from('PK\u0003\u0004 truncated'), 400, /xlsx/],
    ['no header', Buffer.from('a,b,c\r\n1,2,3\r\n'), 400, /missing columns/],
    ['a 10 MB file', Buffer.alloc(10 * 1024 * 1024, 'a'), 413, /too large/],
  ])('refuses %s as a whole with a clear message and changes nothing', async (_name, bytes, status, message) => {
    const before = readFileSync(path.join(t.localesDir, 'tay.yaml'), 'utf8');
    const res = await upload(tay1, bytes);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.message).toMatch(message);
    expect(readFileSync(path.join(t.localesDir, 'tay.yaml'), 'utf8')).toBe(before);
  });

  it('teaches the bot a Tày word from the same page', async () => {
    const res = await t.api('POST', '/admin/api/translations/words', tay1, { lang: 'tay', word: 'slư', meaning: 'sách', example: 'TEST slư' });
    expect(res.status).toBe(200);
    const lexicon = YAML.parse(readFileSync(path.join(t.knowledgeDir, 'lexicon/tay.yaml'), 'utf8'));
    expect(lexicon.synonyms['slư']).toBe('sách');
    expect(lexicon.words).toContainEqual(expect.objectContaining({ word: 'slư', meaning: 'sách', lang: 'tay', author: 'tay1' }));
    expect(t.services.knowledge.current().kb.lexicon.languageMarkers.get('slư')).toBe('tay');
    expect((await t.api('POST', '/admin/api/translations/words', tay1, { lang: 'tay', word: 'slư', meaning: 'sách' })).status).toBe(400);
  });

  it('a translator sees missed questions with the words the bot does not know, and teaches one in their own language only', async () => {
    await t.chat('villager-unknown', 'lam testtayword cho con', { lang: 'vi' });
    const missed = await t.api('GET', '/admin/api/missed', tay1);
    expect(missed.status).toBe(200);
    const group = missed.body.groups.find((g: { text: string }) => g.text === 'lam testtayword cho con');
    expect(group.unknownWords).toEqual(['testtayword']);
    const word = { word: 'testtayword', meaning: 'khai sinh', example: 'lam testtayword cho con' };
    expect((await t.api('POST', '/admin/api/missed/teach-word', tay1, { ...word, lang: 'dao-iumien' })).status).toBe(403);
    expect((await t.api('POST', '/admin/api/missed/teach-word', await t.login('chi'), { ...word, lang: 'tay' })).status).toBe(403);
    expect((await t.api('POST', '/admin/api/missed/add-example', tay1, { entryId: '1.001193', question: 'lam testtayword cho con' })).status).toBe(403);
    const taught = await t.api('POST', '/admin/api/missed/teach-word', tay1, { ...word, lang: 'tay' });
    expect(taught.status).toBe(200);
    expect(taught.body.nowMatches.id).toBe('1.001193');
    const lexicon = YAML.parse(readFileSync(path.join(t.knowledgeDir, 'lexicon/tay.yaml'), 'utf8'));
    expect(lexicon.words).toContainEqual(expect.objectContaining({ word: 'testtayword', meaning: 'khai sinh', lang: 'tay', author: 'tay1', example: 'lam testtayword cho con' }));
    const again = await t.api('GET', '/admin/api/missed', tay1);
    expect(again.body.groups.find((g: { text: string }) => g.text === 'lam testtayword cho con').unknownWords).toEqual([]);
    expect((await t.api('POST', '/admin/api/missed/teach-word', tay1, { ...word, word: '<b>x</b>', lang: 'tay' })).status).toBe(400);
  });

  it('Tày steps written on the entry form are listed here and reviewed by a translator; villagers see them only then', async () => {
    const ID = '1.002636'; // a catalogue procedure with steps and no translation
    const steps = [{ text: 'Pước 1 (thử duyệt)', icon: 'document' }, { text: 'Pước 2 (thử duyệt)', icon: 'submit' }];
    const loaded = (await t.api('GET', `/admin/api/entries/${ID}`, editor)).body;
    const patched = await t.api('POST', '/admin/api/entries/patch', editor, { text: loaded.text, fields: { translations: { tay: { steps } } } });
    expect((await t.api('PUT', `/admin/api/entries/${ID}`, editor, { text: patched.body.text, baseHash: loaded.hash })).status).toBe(200);
    const entry = () => t.services.knowledge.current().kb.entries.get(ID)!;
    expect(entryView(entry(), 'tay').steps).toEqual(entry().steps); // a draft: villagers keep the Vietnamese

    const queue = (await t.api('GET', '/admin/api/translations?lang=tay', tay1)).body.items;
    const item = queue.find((i: { key: string }) => i.key === `entry:${ID}:steps`);
    expect(item).toMatchObject({ kind: 'entry', status: 'draft', author: 'binh', formOnly: true, text: '1. Pước 1 (thử duyệt)\n2. Pước 2 (thử duyệt)' });
    expect(item.source.split('\n')).toHaveLength(entry().steps!.length);
    // typed only on the entry form, never here or in a spreadsheet
    expect((await t.api('PUT', '/admin/api/translations', tay1, { lang: 'tay', key: item.key, text: 'x' })).status).toBe(400);
    expect((await download(tay1, 'csv')).body).not.toContain(item.key);

    const review = await t.api('POST', '/admin/api/translations/review', tay2, { lang: 'tay', key: item.key });
    expect(review.status).toBe(200);
    expect(review.body.item).toMatchObject({ status: 'reviewed', author: 'binh', reviewer: 'tay2' });
    expect(entryView(entry(), 'tay').steps).toEqual(steps);
  });

  it('Dao Iu Mien: an entry title is translated into its own text (dao.variants) and shown to Iu Mien villagers once another Iu Mien translator reviews it', async () => {
    await t.services.store.saveAdminUser({ name: 'mien2', role: 'translator', lang: 'dao-iumien', passwordHash: await passwordHashOnce(), createdAt: Date.now() });
    const mien2 = await t.login('mien2');
    const queue = (await t.api('GET', '/admin/api/translations?lang=dao-iumien', mien1)).body.items;
    const item = queue.find((i: { kind: string; key: string }) => i.kind === 'entry' && i.key.endsWith(':title'));
    expect(item).toMatchObject({ status: 'missing' });
    const id = item.key.split(':')[1];
    const TITLE = 'TEST-IU-MIEN title';
    expect((await t.api('PUT', '/admin/api/translations', mien1, { lang: 'dao-iumien', key: item.key, text: TITLE })).status).toBe(200);
    const entry = () => t.services.knowledge.current().kb.entries.get(id)!;
    expect(entry().dao?.variants?.['dao-iumien']?.title).toBe(TITLE);
    expect(entryView(withDaoVariant(entry(), 'dao-iumien'), 'dao').title).not.toBe(TITLE); // a draft
    expect((await t.api('POST', '/admin/api/translations/review', mien1, { lang: 'dao-iumien', key: item.key })).status).toBe(403);
    expect((await t.api('POST', '/admin/api/translations/review', mien2, { lang: 'dao-iumien', key: item.key })).status).toBe(200);
    expect(entryView(withDaoVariant(entry(), 'dao-iumien'), 'dao').title).toBe(TITLE);
    expect(entryView(withDaoVariant(entry(), 'dao-kimmun'), 'dao').title).not.toBe(TITLE); // Kim Mun is another language
  });
});
