import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createTestSchema, type TestSchema } from '../helpers/pg-schema.js';
import { postgresAvailable, TEST_DATABASE_URL } from '../helpers/require.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { waitFor } from '../helpers/wait.js';
import { makeChannelKnowledge } from '../fakes/channel-kb.js';

const pgReady = await postgresAvailable();
const SECRET = 'fault-secret';

describe.skipIf(!pgReady)('PostgreSQL goes away and comes back', () => {
  let schema: TestSchema;
  let proxy: TcpProxy;
  let bot: TestApp;
  afterAll(async () => {
    await bot?.close();
    await proxy?.close();
    await schema?.drop();
  });

  it('answers 503 on /readyz and on webhooks while it is gone, then recovers by itself', async () => {
    schema = await createTestSchema('fault');
    const upstream = new URL(TEST_DATABASE_URL);
    proxy = await startTcpProxy(upstream.hostname, Number(upstream.port || 5432));
    const viaProxy = new URL(schema.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    bot = await startTestApp({ KNOWLEDGE_DIR: makeChannelKnowledge(), DATABASE_URL: viaProxy.toString(), ZALO_BOT_TOKEN: '1234567890:fault', ZALO_WEBHOOK_SECRET: SECRET, ZALO_API_BASE: 'http://127.0.0.1:9', BOT_FRAMEWORK_EMULATOR: 'true' });
    const readyz = async () => {
      const res = await bot.app.inject({ method: 'GET', url: '/readyz' });
      return { status: res.statusCode, body: res.json() };
    };
    let n = 0;
    const webhookReply = async (secret = SECRET) => bot.app.inject({
      method: 'POST', url: '/webhooks/zalo', headers: { 'x-bot-api-secret-token': secret },
      payload: { event_name: 'message.text.received', message: { message_id: `fault-${++n}`, date: Date.now(), text: 'làm căn cước', chat: { id: 'fault-z1', chat_type: 'PRIVATE' }, from: { id: 'fault-z1', display_name: 'Dân', is_bot: false } } },
    });
    const webhook = async () => (await webhookReply()).statusCode;

    expect((await readyz()).status).toBe(200);
    expect((await bot.chat('fault-u1', 'làm căn cước')).status).toBe(200);

    proxy.cut();
    const down = await waitFor(readyz, (r) => r.status === 503, 10_000);
    expect(down).toMatchObject({ status: 503, body: { status: 'not ready', reason: expect.stringMatching(/^PostgreSQL unreachable/) } });
    const refused = await webhookReply();
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect((await webhookReply('wrong-secret')).statusCode).toBe(401); // the secret is checked first, even now
    // Bot Framework saves the conversation reference before its ack: a store failure there is 503, not "bad token"
    const activity = await bot.app.inject({
      method: 'POST', url: '/api/messages',
      payload: { type: 'message', id: 'fault-bf-1', serviceUrl: 'http://127.0.0.1:9', channelId: 'emulator', text: 'làm căn cước', from: { id: 'fault-bf-user' }, conversation: { id: 'fault-bf' }, recipient: { id: 'bot' } },
    });
    expect(activity.statusCode).toBe(503);
    expect(activity.headers['retry-after']).toBe('5');
    expect(activity.json()).toMatchObject({ error: { code: 'NOT_READY', details: { reason: 'STORE_UNAVAILABLE' } } });
    expect((await bot.app.inject({ method: 'POST', url: '/admin/api/login', payload: { user: 'x', password: 'y' } })).statusCode).toBe(503);
    expect((await bot.chat('fault-u1', 'làm căn cước')).status).toBeGreaterThanOrEqual(500); // an error, not a crash

    proxy.restore();
    expect((await waitFor(readyz, (r) => r.status === 200, 10_000)).status).toBe(200);
    expect(await webhook()).not.toBe(503);
    const again = await bot.chat('fault-u1', 'làm căn cước');
    expect(again.status).toBe(200);
    expect(again.body.messages.length).toBeGreaterThan(0);
  }, 40_000);
});
