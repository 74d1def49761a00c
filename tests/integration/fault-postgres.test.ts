import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createTestSchema, type TestSchema } from '../helpers/pg-schema.js';
import { postgresAvailable, TEST_DATABASE_URL } from '../helpers/require.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { waitFor } from '../helpers/wait.js';

const pgReady = await postgresAvailable();

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
    bot = await startTestApp({ DATABASE_URL: viaProxy.toString() });
    const readyz = async () => {
      const res = await bot.app.inject({ method: 'GET', url: '/readyz' });
      return { status: res.statusCode, body: res.json() };
    };
    const webhook = async () => (await bot.app.inject({ method: 'POST', url: '/webhooks/zalo', payload: { event_name: 'message.text.received' } })).statusCode;

    expect((await readyz()).status).toBe(200);
    expect((await bot.chat('fault-u1', 'làm căn cước')).status).toBe(200);

    proxy.cut();
    const down = await waitFor(readyz, (r) => r.status === 503, 10_000);
    expect(down).toMatchObject({ status: 503, body: { status: 'not ready', reason: expect.stringMatching(/^PostgreSQL unreachable/) } });
    expect(await webhook()).toBe(503);
    expect((await bot.chat('fault-u1', 'làm căn cước')).status).toBeGreaterThanOrEqual(500); // an error, not a crash

    proxy.restore();
    expect((await waitFor(readyz, (r) => r.status === 200, 10_000)).status).toBe(200);
    expect(await webhook()).not.toBe(503);
    const again = await bot.chat('fault-u1', 'làm căn cước');
    expect(again.status).toBe(200);
    expect(again.body.messages.length).toBeGreaterThan(0);
  }, 40_000);
});
