import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminApp, type AdminSession, type AdminTestApp } from '../helpers/admin-session.js';
import { collectMissed, groupMissed } from '../../src/admin/missed.js';

const ID = '1.001193';
const MISSED = 'em bé mới chào đời báo xã thế nào';

describe('missed questions', () => {
  let t: AdminTestApp;
  let editor: AdminSession;
  beforeAll(async () => {
    t = await startAdminApp();
    editor = await t.login('binh');
  }, 120_000);
  afterAll(async () => t?.close(), 60_000);

  it('groups similar wordings with counts, and one click makes the matcher answer them at once', async () => {
    const before = await t.chat('v1', MISSED, { lang: 'vi' });
    expect(before.body.match.id === ID && before.body.match.decision === 'answer').toBe(false);
    await t.chat('v2', 'em be moi chao doi bao xa the nao', { lang: 'vi' });
    await t.chat('v3', 'Em bé mới chào đời, báo xã thế nào?', { lang: 'vi' });
    const missed = await t.api('GET', '/admin/api/missed', editor);
    expect(missed.status).toBe(200);
    const group = missed.body.groups.find((g: { text: string }) => /chao doi|chào đời/i.test(g.text));
    expect(group.count).toBeGreaterThanOrEqual(3);
    expect(group.questions.length).toBe(1);

    const added = await t.api('POST', '/admin/api/missed/add-example', editor, { entryId: ID, question: MISSED });
    expect(added.status).toBe(200);
    expect(added.body.added).toBe(true);
    const after = await t.chat('v4', MISSED, { lang: 'vi' });
    expect(after.body.match).toMatchObject({ decision: 'answer', id: ID });
    const again = await t.api('POST', '/admin/api/missed/add-example', editor, { entryId: ID, question: MISSED.toUpperCase() });
    expect(again.body.added).toBe(false);
    expect((await t.api('POST', '/admin/api/missed/add-example', editor, { entryId: 'no-such', question: MISSED })).status).toBe(404);
  });

  it('drafts a new FAQ entry that passes validation but claims no facts', async () => {
    const draft = await t.api('POST', '/admin/api/missed/draft', editor, { question: 'Đăng ký kết hôn với người nước ngoài?' });
    expect(draft.body.text).toContain('curated: false');
    const checked = await t.api('POST', '/admin/api/entries/validate', editor, { text: draft.body.text });
    expect(checked.body.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
  });

  it('counts a clarification the villager walked away from, not one they answered, and 👎 with its question', () => {
    const ev = (userKey: string, at: number, decision: string, text = 'x') => ({ at, userKey, decision, text, channel: 'api', lang: 'vi' as const });
    const now = 100 * 60_000;
    const missed = collectMissed([
      ev('a', 1000, 'clarify', 'giay to nha'), ev('a', 2000, 'answer', ''),
      ev('b', 1000, 'clarify', 'giay to dat'), ev('b', 5000, 'fallback', 'thoi bo'),
      ev('c', 1000, 'clarify', 'so do'),
      ev('d', now - 1000, 'clarify', 'still choosing'),
    ], [{ at: 3000, userKey: 'e', entryId: '1.001193', useful: false, question: 'khai sinh muon' }, { at: 3000, userKey: 'f', entryId: '1.001193', useful: true, question: 'tot' }], now);
    expect(missed.map((m) => [m.text, m.reason]).sort()).toEqual([
      ['giay to dat', 'clarify_abandoned'], ['khai sinh muon', 'thumbs_down'], ['so do', 'clarify_abandoned'], ['thoi bo', 'fallback'],
    ]);
  });

  it('keeps unrelated questions apart (grouping by word overlap)', () => {
    const groups = groupMissed([
      { text: 'lam can cuoc o dau', reason: 'fallback', at: 1 },
      { text: 'làm căn cước ở đâu vậy', reason: 'fallback', at: 2 },
      { text: 'tien dien thang nay', reason: 'thumbs_down', at: 3 },
    ]);
    expect(groups.map((g) => g.count)).toEqual([2, 1]);
    expect(groups[0]?.reasons).toEqual({ fallback: 2 });
  });
});

describe('cases inbox and numbers', () => {
  let t: AdminTestApp;
  beforeAll(async () => {
    t = await startAdminApp();
    writeFileSync(path.join(t.knowledgeDir, 'teams.yaml'), 'members:\n  - { id: "chi-zalo", channel: zalo, name: chi, communes: [tien-yen], role: member }\n');
  }, 120_000);
  afterAll(async () => t?.close(), 60_000);

  it('lets a team member take, reply to and close a case; a second take is refused', async () => {
    const now = Date.now();
    await t.services.store.saveCase({ id: '7', channel: 'api', userId: 'v9', lang: 'vi', reason: 'asked', communeCode: 'tien-yen', question: '<b>giúp tôi</b>', messages: [], state: 'open', createdAt: now - 600_000, updatedAt: now, lastUserMessageAt: now });
    const team = await t.login('chi');
    await t.services.store.saveAdminUser({ ...(await t.services.store.getAdminUser('chi'))!, name: 'dung' });
    const unlinked = await t.api('GET', '/admin/api/cases', await t.login('dung'));
    expect(unlinked.status).toBe(403);
    expect(unlinked.body.error.message).toMatch(/teams\.yaml/);
    const list = await t.api('GET', '/admin/api/cases', team);
    expect(list.body.cases.map((c: { id: string }) => c.id)).toContain('7');
    expect((await t.api('POST', '/admin/api/cases/7/take', team)).status).toBe(200);
    const admin = await t.login('an');
    expect((await t.api('POST', '/admin/api/cases/7/take', admin)).status).toBe(409);
    const replied = await t.api('POST', '/admin/api/cases/7/reply', team, { text: 'Bạn mang giấy chứng sinh đến xã nhé.' });
    expect(replied.status).toBe(200);
    expect(replied.body.case.state).toBe('answered');
    expect(replied.body.case.firstReplyAt).toBeGreaterThan(0);
    expect((await t.api('POST', '/admin/api/cases/7/close', team)).body.case.state).toBe('closed');
    expect((await t.api('POST', '/admin/api/cases/7/reply', team, { text: 'late' })).status).toBe(409);
    expect((await t.api('POST', '/admin/api/cases/nope/take', team)).status).toBe(404);

    const stats = await t.api('GET', '/admin/api/stats?days=7', team);
    expect(stats.body.cases.total).toBe(1);
    expect(stats.body.cases.medianMinutesToFirstReply).toBeGreaterThanOrEqual(10);
  });

  it('counts questions per day, language, channel and decision', async () => {
    await t.chat('s1', 'lam giay khai sinh cho con o dau', { lang: 'vi' });
    await t.chat('s2', 'qwerty zxcv', { lang: 'en' });
    const s = await t.login('binh');
    const stats = await t.api('GET', '/admin/api/stats?days=3', s);
    expect(stats.body.perDay).toHaveLength(3);
    expect(stats.body.perDay[2].total).toBe(2);
    expect(stats.body.byLang).toMatchObject({ vi: 1, en: 1 });
    expect(stats.body.byChannel).toEqual({ api: 2 });
    expect(stats.body.topEntries[0]).toMatchObject({ id: '1.001193', count: 1 });
  });
});
