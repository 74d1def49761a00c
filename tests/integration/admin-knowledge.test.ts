import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminApp, type AdminSession, type AdminTestApp } from '../helpers/admin-session.js';

const ID = '1.001193';
const QUESTION = 'cac buoc dang ky khai sinh';

describe('admin knowledge editing', () => {
  let t: AdminTestApp;
  let editor: AdminSession;
  let file: string;
  beforeAll(async () => {
    t = await startAdminApp();
    editor = await t.login('binh');
    file = path.join(t.knowledgeDir, t.services.knowledge.current().kb.files.get(ID)!);
  }, 120_000);
  afterAll(async () => t?.close(), 60_000);

  it('finds entries without diacritics and filters them', async () => {
    const found = await t.api('GET', '/admin/api/entries?q=dang%20ky%20khai%20sinh', editor);
    expect(found.status).toBe(200);
    expect(found.body.entries.map((e: { id: string }) => e.id)).toContain(ID);
    const accents = await t.api('GET', `/admin/api/entries?q=${encodeURIComponent('Khai Sinh')}&domain=civil-status`, editor);
    expect(accents.body.entries.map((e: { id: string }) => e.id)).toContain(ID);
    const none = await t.api('GET', '/admin/api/entries?q=khai%20sinh&domain=land', editor);
    expect(none.body.entries.map((e: { id: string }) => e.id)).not.toContain(ID);
    expect(none.body.entries.every((e: { domain: string }) => e.domain === 'land')).toBe(true);
    const missing = await t.api('GET', '/admin/api/entries?missing=tay', editor);
    expect(missing.body.entries.every((e: { missing: string[] }) => e.missing.includes('tay'))).toBe(true);
    const stale = await t.api('GET', '/admin/api/entries?stale=true&limit=5000', editor);
    expect(stale.body.entries.every((e: { stale: boolean }) => e.stale)).toBe(true);
    expect((await t.api('GET', '/admin/api/entries?curated=maybe', editor)).status).toBe(400);
  });

  it('saves a new step: the YAML file changes, the bot answers with it, the history has the diff, and revert puts it back', async () => {
    const loaded = await t.api('GET', `/admin/api/entries/${ID}`, editor);
    expect(loaded.status).toBe(200);
    const original = readFileSync(file, 'utf8');
    expect(loaded.body.text).toBe(original);
    const patched = await t.api('POST', '/admin/api/entries/patch', editor, { text: loaded.body.text, fields: { steps: [{ text: 'Mang giấy chứng sinh đến Bộ phận một cửa của xã.', icon: 'office' }] } });
    expect(patched.status).toBe(200);
    expect(patched.body.text).toContain('# yaml-language-server');
    const preview = await t.api('POST', '/admin/api/entries/preview', editor, { text: patched.body.text });
    expect(JSON.stringify(preview.body.previews.vi)).toContain('Mang giấy chứng sinh');
    expect(Object.keys(preview.body.previews)).toEqual(['vi', 'tay', 'dao', 'en']);
    const card = preview.body.previews.vi.find((p: { type: string }) => p.type === 'image');
    expect(card.url).toMatch(/^data:image\/(png|svg\+xml);base64,/);

    const saved = await t.api('PUT', `/admin/api/entries/${ID}`, editor, { text: patched.body.text, baseHash: loaded.body.hash });
    expect(saved.status).toBe(200);
    expect(readFileSync(file, 'utf8')).toContain('Mang giấy chứng sinh');
    const answer = await t.chat('villager-1', QUESTION, { lang: 'vi' });
    expect(JSON.stringify(answer.body.messages)).toContain('Mang giấy chứng sinh');

    const history = await t.api('GET', `/admin/api/history?entryId=${ID}`, editor);
    expect(history.body.changes[0]).toMatchObject({ user: 'binh', entryId: ID });
    expect(history.body.changes[0].diff).toContain('+ ');
    expect(history.body.changes[0].diff).toContain('Mang giấy chứng sinh');

    const reverted = await t.api('POST', `/admin/api/history/${history.body.changes[0].id}/revert`, editor);
    expect(reverted.status).toBe(200);
    expect(readFileSync(file, 'utf8')).toBe(original);
    const after = await t.chat('villager-2', QUESTION, { lang: 'vi' });
    expect(JSON.stringify(after.body.messages)).not.toContain('Mang giấy chứng sinh');
    // Reverting the same change again would overwrite the revert: refused.
    expect((await t.api('POST', `/admin/api/history/${history.body.changes[0].id}/revert`, editor)).status).toBe(409);
  });

  it('tells the second of two editors that the entry changed (409), without overwriting', async () => {
    const a = await t.api('GET', `/admin/api/entries/${ID}`, editor);
    const admin = await t.login('an');
    const b = await t.api('GET', `/admin/api/entries/${ID}`, admin);
    const first = await t.api('PUT', `/admin/api/entries/${ID}`, admin, { text: b.body.text.replace(/^fee: .*$/m, 'fee: Miễn phí (first)'), baseHash: b.body.hash });
    expect(first.status).toBe(200);
    const second = await t.api('PUT', `/admin/api/entries/${ID}`, editor, { text: a.body.text.replace(/^fee: .*$/m, 'fee: Miễn phí (second)'), baseHash: a.body.hash });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('CONFLICT');
    expect(readFileSync(file, 'utf8')).toContain('(first)');
  });

  it('refuses invalid content with the field and the reason, writing nothing', async () => {
    const loaded = await t.api('GET', `/admin/api/entries/${ID}`, editor);
    const before = readFileSync(file, 'utf8');
    const cases: [string, string][] = [
      [loaded.body.text.replace(/^kind: .*$/m, 'kind: recipe'), 'kind'],
      [`${loaded.body.text}colour: blue\n`, 'colour'],
      [loaded.body.text.replace(/^title: .*$/m, 'title: ""'), 'title'],
      [loaded.body.text.replace(/^id: .*$/m, 'id: "9.999"'), 'id'],
    ];
    for (const [text, field] of cases) {
      const res = await t.api('PUT', `/admin/api/entries/${ID}`, editor, { text, baseHash: loaded.body.hash });
      expect(res.status, field).toBe(400);
      expect(res.body.error.details.field).toBe(field);
      expect(res.body.error.details.reason).toBeTruthy();
    }
    const broken = await t.api('PUT', `/admin/api/entries/${ID}`, editor, { text: 'id: [unclosed', baseHash: loaded.body.hash });
    expect(broken.status).toBe(400);
    expect(readFileSync(file, 'utf8')).toBe(before);
    const checked = await t.api('POST', '/admin/api/entries/validate', editor, { text: cases[0]?.[0], id: ID });
    expect(checked.body.problems[0]).toMatchObject({ field: 'kind' });
    expect(checked.body.problems[0].line).toBeGreaterThan(1);
  });

  it('refuses a 262 KB summary with 400 naming the field and its limit, writing nothing', async () => {
    const loaded = await t.api('GET', `/admin/api/entries/${ID}`, editor);
    const before = readFileSync(file, 'utf8');
    const text = loaded.body.text.replace(/^summary: .*$/m, `summary: "${'a'.repeat(262_000)}"`);
    const res = await t.api('PUT', `/admin/api/entries/${ID}`, editor, { text, baseHash: loaded.body.hash });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
    expect(res.body.error.details.field).toBe('summary');
    expect(res.body.error.details.reason).toMatch(/summary: at most 1000 characters/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('keeps answering chats while a save rebuilds the knowledge: the old knowledge serves until the new one is whole', async () => {
    const holder = t.services.knowledge;
    const loaded = await t.api('GET', `/admin/api/entries/${ID}`, editor);
    const versionBefore = holder.current().kb.version;
    // Pause the rebuild at its first yield: a save that held the event loop would never get here.
    let paused!: () => void;
    let release!: () => void;
    const atPause = new Promise<void>((r) => (paused = r));
    const gate = new Promise<void>((r) => (release = r));
    holder.atRebuildYield = () => {
      paused();
      return gate;
    };
    const saving = t.api('PUT', `/admin/api/entries/${ID}`, editor, { text: loaded.body.text.replace(/^fee: .*$/m, 'fee: Miễn phí (during a chat)'), baseHash: loaded.body.hash });
    try {
      await atPause;
      const answer = await t.chat('villager-during-save', QUESTION, { lang: 'vi' });
      expect(answer.status).toBe(200);
      expect(answer.body.match).toMatchObject({ decision: 'answer', id: ID });
      expect(holder.current().kb.version).toBe(versionBefore);
    } finally {
      holder.atRebuildYield = undefined;
      release();
    }
    expect((await saving).status).toBe(200);
    expect(holder.current().kb.version).toBeGreaterThan(versionBefore);
    expect(holder.current().kb.entries.get(ID)?.fee).toContain('during a chat');
  });

  it('creates a new FAQ entry in faq/ and refuses a duplicate id', async () => {
    const text = 'id: faq-test-admin\nkind: faq\ncurated: false\ntitle: Hỏi thử\ndomain: other\nexamples: [câu hỏi thử nghiệm quản trị]\n';
    const created = await t.api('POST', '/admin/api/entries', editor, { text });
    expect(created.status).toBe(201);
    expect(existsSync(path.join(t.knowledgeDir, 'faq', 'faq-test-admin.yaml'))).toBe(true);
    expect((await t.api('POST', '/admin/api/entries', editor, { text })).status).toBe(400);
  });
});
