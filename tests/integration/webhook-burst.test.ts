import type net from 'node:net';
import autocannon from 'autocannon';
import { afterAll, describe, expect, it } from 'vitest';
import { zaloTextEvent } from '../../src/bench/load-parts.js';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.js';
import { settled, startTestApp, type TestApp } from '../helpers/app.js';
import { createTestSchema, type TestSchema } from '../helpers/pg-schema.js';
import { postgresAvailable } from '../helpers/require.js';

const SECRET = 'burst-webhook-secret-0001';
/** More than the old fixed limit of 1,000 waiting messages, which answered the rest 503. */
const BURST = 1_200;
const USERS = 400;
const CONNECTIONS = 16;

/** The value of one sample line of the Prometheus text (0 when absent). */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}
const ACCEPTED = 'qnbot_webhook_acks_total{channel="zalo",result="accepted"}';
const REFUSED = 'qnbot_webhook_acks_total{channel="zalo",result="refused"}';

/** Zalo sendMessage calls the fake platform took, by user, in arrival order. */
const sendsOf = (fake: FakePlatform, user: string) => fake.calls.filter((c) => c.path.endsWith('/sendMessage') && c.body?.chat_id === user);

async function burst(backend: 'lowdb' | 'postgres', env: Record<string, string>) {
  const fake = await startFakePlatform(() => ({ ok: true, result: { message_id: 'out', date: Date.now() } }));
  let t: TestApp | undefined;
  try {
    t = await startTestApp({ ...env, ZALO_BOT_TOKEN: '1234567890:burst', ZALO_WEBHOOK_SECRET: SECRET, ZALO_API_BASE: fake.url });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as net.AddressInfo;
    // one user asks the question alone first: how many messages one answer takes
    const probe = await fetch(`http://127.0.0.1:${port}/webhooks/zalo`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': SECRET }, body: zaloTextEvent('probe', 'probe-user', 0) });
    expect(probe.status).toBe(200);
    await settled(t.services);
    const perAnswer = sendsOf(fake, 'probe-user').length;
    expect(perAnswer).toBeGreaterThan(0);

    const before = (await t.app.inject('/metrics')).body;
    let i = 0;
    const r = await autocannon({
      url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, amount: BURST, timeout: 60,
      requests: [{
        method: 'POST', path: '/webhooks/zalo', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': SECRET },
        // the same question every time (question 0 of the cycle), each user sending BURST / USERS of them
        setupRequest: (req) => ({ ...req, body: zaloTextEvent(`burst-${i}`, `user-${i++ % USERS}`, 0) }),
      }],
    });
    expect({ backend, ok: r['2xx'], non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts }).toEqual({ backend, ok: BURST, non2xx: 0, errors: 0, timeouts: 0 });
    await settled(t.services, 240_000);
    // every message answered exactly once: each user got its messages' answers, no more, no fewer
    const perUser = BURST / USERS;
    for (let u = 0; u < USERS; u++) expect(sendsOf(fake, `user-${u}`).length, `user-${u}`).toBe(perUser * perAnswer);
    const events = await t.services.store.listEvents({ limit: 100_000 });
    expect(events.filter((e) => e.userKey?.startsWith('zalo:user-')).length).toBe(BURST);
    expect(await t.services.store.listOutbound({ status: 'pending' })).toEqual([]);
    const metrics = (await t.app.inject('/metrics')).body;
    expect(sample(metrics, ACCEPTED) - sample(before, ACCEPTED)).toBe(BURST);
    expect(sample(metrics, REFUSED) - sample(before, REFUSED)).toBe(0);
  } finally {
    await t?.close();
    await fake.close();
  }
}

describe('a burst of signed webhooks over 16 connections: every one acknowledged 2xx and answered exactly once', () => {
  let schema: TestSchema | undefined;
  afterAll(async () => schema?.drop());

  it('lowdb', async () => {
    await burst('lowdb', {});
  }, 300_000);

  it('PostgreSQL', async (ctx) => {
    if (!(await postgresAvailable())) return ctx.skip();
    schema = await createTestSchema('burst');
    await burst('postgres', { DATABASE_URL: schema.url });
  }, 300_000);
});
