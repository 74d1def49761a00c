import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminApp, type AdminSession, type AdminTestApp } from '../helpers/admin-session.js';
import { PREFILL_FLOOR } from '../../src/admin/missed-routes.js';
import { createTestSchema, type TestSchema } from '../helpers/pg-schema.js';
import { postgresAvailable } from '../helpers/require.js';

const pgReady = await postgresAvailable();

const ID = '1.001193';
const QUESTION = 'làm giấy khai sinh cho con ở đâu';
type Group = { text: string; reasons: Record<string, number>; judged?: { reason: string; entryId?: string; entryTitle?: string }[]; nowMatches: { id: string; confidence: number } | null };

describe.each([{ store: 'lowdb' }, ...(pgReady ? [{ store: 'postgres' }] : [])])('👎 and "Không phải" are kept and shown with the missed questions ($store)', ({ store }) => {
  let t: AdminTestApp;
  let editor: AdminSession;
  let schema: TestSchema | undefined;
  beforeAll(async () => {
    schema = store === 'postgres' ? await createTestSchema('fb') : undefined;
    t = await startAdminApp(schema ? { DATABASE_URL: schema.url } : {});
    editor = await t.login('binh');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await schema?.drop();
  }, 60_000);

  it('a 👎 button after an answer is stored with the question and the entry answered', async () => {
    const answered = await t.chat('fb1', QUESTION, { lang: 'vi' });
    expect(answered.body.match).toMatchObject({ decision: 'answer', id: ID });
    await t.chat('fb1', '', { payload: `feedback:down:${ID}` });
    const stored = await t.services.store.listFeedback({});
    expect(stored).toContainEqual(expect.objectContaining({ question: QUESTION, entryId: ID, kind: 'down', useful: false, decision: 'answer' }));
    const missed = await t.api('GET', '/admin/api/missed', editor);
    const group = (missed.body.groups as Group[]).find((g) => g.text === QUESTION);
    expect(group?.reasons.thumbs_down).toBe(1);
    expect(group?.judged?.[0]).toMatchObject({ reason: 'thumbs_down', entryId: ID });
    expect(group?.judged?.[0]?.entryTitle).toBeTruthy();
  });

  it('a typed 👎 is kept too', async () => {
    await t.chat('fb2', 'đăng ký kết hôn cần giấy tờ gì', { lang: 'vi' });
    await t.chat('fb2', '👎');
    const stored = await t.services.store.listFeedback({});
    expect(stored).toContainEqual(expect.objectContaining({ question: 'đăng ký kết hôn cần giấy tờ gì', kind: 'down' }));
  });

  it('"Không phải" under a clarification is kept as not_this', async () => {
    await t.services.store.saveSession({ key: 'api:fb3', channel: 'api', userId: 'fb3', lang: 'vi', langChosen: true, lastQuestion: 'giấy tờ cho con', candidates: [ID], turns: 1, createdAt: Date.now(), updatedAt: Date.now() });
    await t.chat('fb3', '', { payload: 'none' });
    const missed = await t.api('GET', '/admin/api/missed', editor);
    const group = (missed.body.groups as Group[]).find((g) => g.text === 'giấy tờ cho con');
    expect(group?.reasons.not_this).toBe(1);
    expect(group?.judged?.[0]).toMatchObject({ reason: 'not_this', entryId: ID });
  });

  it('does not pre-fill an entry the matcher scores below the floor', async () => {
    const q = 'nhà hàng hải sản ngon ở Hạ Long';
    await t.services.store.recordFeedback({ at: Date.now(), userKey: 'api:fb4', entryId: '', useful: false, kind: 'down', question: q });
    const missed = await t.api('GET', '/admin/api/missed', editor);
    const group = (missed.body.groups as Group[]).find((g) => g.text === q);
    expect(group).toBeDefined();
    expect(group!.nowMatches).toBeNull();
    for (const g of missed.body.groups as Group[]) if (g.nowMatches) expect(g.nowMatches.confidence).toBeGreaterThanOrEqual(PREFILL_FLOOR);
  });
});
