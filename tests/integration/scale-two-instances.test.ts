import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/admin/password.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { startFakeZaloRecorder, type FakeZaloRecorder } from '../helpers/fake-zalo-recorder.js';
import { createTestSchema, type TestSchema } from '../helpers/pg-schema.js';
import type { BotProcess } from '../helpers/process.js';
import { startBotProcess } from '../helpers/process.js';
import { postgresAvailable, requireOrSkip } from '../helpers/require.js';
import { until } from '../helpers/wait.js';

const SECRET = 'two-instances-secret';
const pgReady = await postgresAvailable();

async function post(bot: BotProcess, url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(bot.baseUrl + url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json().catch(() => null), cookie: res.headers.get('set-cookie') };
}

const zaloText = (id: string, user: string, text: string) => ({
  event_name: 'message.text.received',
  message: { message_id: id, date: Date.now(), text, chat: { id: user, chat_type: 'PRIVATE' }, from: { id: user, display_name: 'Dân', is_bot: false } },
});

describe.skipIf(!pgReady)('two bot instances sharing one PostgreSQL', () => {
  let schema: TestSchema;
  let fake: FakeZaloRecorder;
  let a: BotProcess;
  let b: BotProcess;
  beforeAll(async () => {
    schema = await createTestSchema('two');
    fake = await startFakeZaloRecorder();
    const env = { DATABASE_URL: schema.url, ZALO_BOT_TOKEN: '1234567890:two-instances', ZALO_WEBHOOK_SECRET: SECRET, ZALO_API_BASE: fake.url };
    [a, b] = await Promise.all([startBotProcess(env), startBotProcess(env)]); // they also race their migrations
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await fake?.close();
    await schema?.drop();
  });

  it('shows a case opened through one instance on the other, and lets only one member take it', async () => {
    expect((await post(a, '/api/chat', { user: 'villager-1', text: 'gặp cán bộ' })).status).toBe(200);
    expect((await post(a, '/api/chat', { user: 'villager-1', text: 'Tiên Yên' })).status).toBe(200);

    const store = new PostgresStore(schema.url, { warn: () => undefined, error: () => undefined }, 1);
    await store.saveAdminUser({ name: 'tinh-admin', role: 'admin', passwordHash: await hashPassword('mat-khau-dai-12345'), createdAt: Date.now() });
    await store.close();
    const login = async (bot: BotProcess) => {
      const res = await post(bot, '/admin/api/login', { user: 'tinh-admin', password: 'mat-khau-dai-12345' });
      expect(res.status).toBe(200);
      const [cookie = ''] = (res.cookie ?? '').split(';');
      return { cookie, csrf: res.body.csrf as string };
    };
    const onB = await login(b);
    const list = await fetch(`${b.baseUrl}/admin/api/cases`, { headers: { cookie: onB.cookie } }).then((r) => r.json());
    const mine = list.cases.filter((c: { userId: string }) => c.userId === 'villager-1');
    expect(mine).toMatchObject([{ state: 'open', communeCode: 'tien-yen' }]);

    // the same villager writes to instance B: it knows a person has the conversation
    const relayed = await post(b, '/api/chat', { user: 'villager-1', text: 'tôi cần làm giấy khai sinh cho con' });
    expect(relayed.status).toBe(200);
    expect(JSON.stringify(relayed.body.messages)).not.toMatch(/Giấy tờ cần có|giấy tờ cần/i);

    // two admins click "take" at once, one on each instance: exactly one gets it
    const onA = await login(a);
    const take = (bot: BotProcess, s: { cookie: string; csrf: string }) => post(bot, `/admin/api/cases/${mine[0].id}/take`, {}, { cookie: s.cookie, 'x-csrf-token': s.csrf });
    const [ta, tb] = await Promise.all([take(a, onA), take(b, onB)]);
    expect([ta.status, tb.status].sort()).toEqual([200, 409]);
  }, 60_000);

  it('answers a webhook delivered to both instances once', async (ctx) => {
    const headers = { 'x-bot-api-secret-token': SECRET };
    const probe = (await post(a, '/webhooks/zalo', zaloText('ref-msg', 'ref-user', 'đăng ký khai sinh'), headers)).status;
    if (!requireOrSkip('POST /webhooks/zalo', probe !== 404, 'the Zalo webhook answered 404')) return ctx.skip();
    expect(probe).toBe(200);
    expect(await until(() => (fake.byChat().get('ref-user') ?? 0) > 0, 15_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    const perReply = fake.byChat().get('ref-user')!;

    const users = Array.from({ length: 20 }, (_, i) => `both-${i}`);
    await Promise.all(users.flatMap((u) => [a, b].map(async (bot) => {
      expect((await post(bot, '/webhooks/zalo', zaloText(`dup-${u}`, u, 'đăng ký khai sinh'), headers)).status).toBe(200);
    })));
    expect(await until(() => users.every((u) => (fake.byChat().get(u) ?? 0) >= perReply), 30_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 1500)); // time for a second answer, if there were one
    expect(users.map((u) => fake.byChat().get(u))).toEqual(users.map(() => perReply));
  }, 60_000);
});
