import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MAX_QUEUED_PER_USER } from '../../src/core/turn.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { redisAvailable, TEST_REDIS_URL } from '../helpers/require.js';
import { until } from '../helpers/wait.js';
import { settled } from '../helpers/app.js';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.js';
import { fixture } from '../fakes/fixtures.js';
import { makeChannelKnowledge } from '../fakes/channel-kb.js';

const ZALO = { ZALO_BOT_TOKEN: '3512200466123456789:ZaloBotSecretPartForTests', ZALO_WEBHOOK_SECRET: 'zalo-webhook-secret-for-tests' };

function zaloText(id: string, user: string, text: string) {
  const f = fixture('zalo-bot/text-wrapped.json');
  Object.assign(f.result.message, { message_id: id, text, chat: { id: user, chat_type: 'PRIVATE' }, from: { id: user, display_name: 'Dân', is_bot: false } });
  return JSON.stringify(f);
}

const redisReady = await redisAvailable();

describe('floods: limits per user and per address, bounded queues, sessions expire', () => {
  const apps: TestApp[] = [];
  // limits, not answers: a two-entry knowledge folder (building the matcher of the whole catalogue cost ~1.5 s of CPU per app)
  const start = async (env: Record<string, string>) => {
    const t = await startTestApp({ KNOWLEDGE_DIR: makeChannelKnowledge(), ...env });
    apps.push(t);
    return t;
  };
  afterEach(async () => {
    for (const t of apps.splice(0)) await t.close();
  });
  const post = (t: TestApp, user: string, text = 'xin chào', ip = '127.0.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/chat', payload: { user, text }, remoteAddress: ip });

  it('refuses a user over RATE_LIMIT_USER_PER_MINUTE with 429, Retry-After and the common error body; others go on', async () => {
    const t = await start({ RATE_LIMIT_USER_PER_MINUTE: '3' });
    for (let i = 0; i < 3; i++) expect((await post(t, 'flooder')).statusCode).toBe(200);
    const refused = await post(t, 'flooder');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED', message: expect.any(String) } });
    expect((await post(t, 'someone-else')).statusCode).toBe(200);
  });

  it('never counts a request without the CHAT_API_TOKEN against the user it names', async () => {
    const t = await start({ RATE_LIMIT_USER_PER_MINUTE: '2', CHAT_API_TOKEN: 'flood-test-token-1' });
    const send = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/chat', payload: { user: 'victim', text: 'xin chào' }, headers });
    for (let i = 0; i < 3; i++) expect((await send({})).statusCode).toBe(401);
    const inbox = await t.app.inject({ method: 'GET', url: '/api/chat/inbox?user=victim' });
    expect(inbox.statusCode).toBe(401);
    const authorised = { authorization: 'Bearer flood-test-token-1' };
    expect((await send(authorised)).statusCode).toBe(200);
    expect((await send(authorised)).statusCode).toBe(200);
    expect((await send(authorised)).statusCode).toBe(429); // the limit itself still holds
  });

  it('refuses one address over RATE_LIMIT_IP_PER_MINUTE whatever user it claims; another address goes on', async () => {
    const t = await start({ RATE_LIMIT_IP_PER_MINUTE: '4' });
    for (let i = 0; i < 4; i++) expect((await post(t, `u-${i}`, 'xin chào', '10.0.0.7')).statusCode).toBe(200);
    const refused = await post(t, 'u-new', 'xin chào', '10.0.0.7');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await post(t, 'u-new', 'xin chào', '10.0.0.8')).statusCode).toBe(200);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY names the proxy: a forged header never escapes the per-address limit', async () => {
    const forged = (t: TestApp, i: number) => t.app.inject({ method: 'POST', url: '/api/chat', payload: { user: `xff-${i}`, text: 'xin chào' }, remoteAddress: '10.0.0.9', headers: { 'x-forwarded-for': `192.0.2.${i}` } });
    const direct = await start({ RATE_LIMIT_IP_PER_MINUTE: '2' });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await forged(direct, i)).statusCode);
    expect(codes).toEqual([200, 200, 429]);
    const proxied = await start({ RATE_LIMIT_IP_PER_MINUTE: '2', TRUST_PROXY: '10.0.0.0/8' });
    const through = [];
    for (let i = 0; i < 3; i++) through.push((await forged(proxied, i)).statusCode);
    expect(through).toEqual([200, 200, 200]); // each client address behind the trusted proxy counts on its own
  });

  it('never queues more than MAX_QUEUED_PER_USER turns of one user: the rest are refused at once, another user is answered', async () => {
    const t = await start({ RATE_LIMIT_USER_PER_MINUTE: '10000', RATE_LIMIT_IP_PER_MINUTE: '10000' });
    const burst = Array.from({ length: 60 }, () => post(t, 'burst-user', 'làm giấy khai sinh cho con ở đâu'));
    const other = post(t, 'patient-user', 'làm giấy khai sinh cho con ở đâu');
    const results = await Promise.all(burst);
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200).length).toBeGreaterThanOrEqual(1);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThan(0);
    expect(codes.every((c) => c === 200 || c === 429)).toBe(true);
    const full = results.find((r) => r.statusCode === 429)!;
    expect(full.json().error.message).toMatch(/TURN_QUEUE_FULL/);
    expect((await other).statusCode).toBe(200);
    expect(MAX_QUEUED_PER_USER).toBeLessThanOrEqual(10);
  });

  it('deletes sessions idle longer than SESSION_TTL_DAYS', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-ttl-'));
    const old = Date.now() - 3 * 86_400_000;
    const session = (key: string, at: number) => ({ key, channel: 'api', userId: key.slice(4), turns: 1, createdAt: at, updatedAt: at });
    writeFileSync(path.join(dataDir, 'sessions.json'), JSON.stringify({ 'api:old': session('api:old', old), 'api:new': session('api:new', Date.now()) }));
    const t = await start({ DATA_DIR: dataDir, SESSION_TTL_DAYS: '2' });
    expect(await until(async () => (await t.services.store.getSession('api:old')) === undefined)).toBe(true);
    expect(await t.services.store.getSession('api:new')).toBeDefined();
  });

  describe('platform webhooks and media', () => {
    let fake: FakePlatform;
    const startZalo = async (env: Record<string, string>) => {
      fake ??= await startFakePlatform(() => ({ ok: true, result: { message_id: 'out', date: Date.now() } }));
      return start({ ...ZALO, ZALO_API_BASE: fake.url, ...env });
    };
    const webhook = (t: TestApp, body: string, ip: string, secret = ZALO.ZALO_WEBHOOK_SECRET) =>
      t.app.inject({ method: 'POST', url: '/webhooks/zalo', remoteAddress: ip, headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': secret }, payload: body });

    it('never refuses an authentic webhook burst from one platform address; refuses an address whose requests fail the signature check', async () => {
      const t = await startZalo({ RATE_LIMIT_IP_PER_MINUTE: '3' });
      const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => webhook(t, zaloText(`burst-${i}`, `villager-${i}`, 'xin chào'), '10.20.0.1')));
      expect(burst.map((r) => r.statusCode)).toEqual(Array(12).fill(200));
      const forged = [];
      for (let i = 0; i < 4; i++) forged.push(await webhook(t, zaloText(`forged-${i}`, 'x', 'xin chào'), '10.20.0.66', 'not-the-secret-at-all'));
      expect(forged.map((r) => r.statusCode)).toEqual([401, 401, 401, 429]);
      expect(Number(forged[3]?.headers['retry-after'])).toBeGreaterThan(0);
      expect(forged[3]?.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      expect((await webhook(t, zaloText('after-forger', 'villager-x', 'xin chào'), '10.20.0.1')).statusCode).toBe(200);
      await settled(t.services);
    });

    it('limits a platform user when the turn runs: every message is accepted, the ones over the limit get one "slow down" and no turn', async () => {
      const t = await startZalo({ RATE_LIMIT_USER_PER_MINUTE: '2' });
      const user = `busy-${randomBytes(3).toString('hex')}`;
      for (let i = 0; i < 5; i++) expect((await webhook(t, zaloText(`${user}-${i}`, user, 'làm giấy khai sinh'), '10.20.0.2')).statusCode).toBe(200);
      await settled(t.services);
      const texts = fake.calls.filter((c) => c.body?.chat_id === user).map((c) => String(c.body.text));
      const slowDown = t.services.locales.t('vi', 'flood.slow_down');
      expect(texts.filter((x) => x === slowDown)).toHaveLength(1);
      expect(texts.filter((x) => x.startsWith('📋'))).toHaveLength(2); // the two turns within the limit, no more
      expect((await webhook(t, zaloText(`${user}-other`, `${user}-other`, 'làm giấy khai sinh'), '10.20.0.2')).statusCode).toBe(200);
      await settled(t.services);
      expect(fake.calls.some((c) => c.body?.chat_id === `${user}-other`)).toBe(true);
    });

    it('limits /media/* per address on its own budget, with 429 and Retry-After; chats from that address go on', async () => {
      const t = await start({ RATE_LIMIT_IP_PER_MINUTE: '3' });
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await t.app.inject({ url: '/media/cards/9.999999.vi.png', remoteAddress: '10.20.0.3' })).statusCode);
      expect(codes).toEqual([404, 404, 404, 429]);
      const refused = await t.app.inject({ url: '/media/audio/0123456789abcdef01234567.mp3', remoteAddress: '10.20.0.3' });
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      expect((await post(t, 'media-neighbour', 'xin chào', '10.20.0.3')).statusCode).toBe(200);
    });

    it.skipIf(!redisReady)('shares the failed-signature count across instances through REDIS_URL', async () => {
      const env = { REDIS_URL: TEST_REDIS_URL, RATE_LIMIT_IP_PER_MINUTE: '2' };
      const [a, b] = [await startZalo(env), await startZalo(env)];
      const ip = `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.7`;
      expect((await webhook(a, zaloText('f1', 'x', 'hi'), ip, 'wrong-secret-0001')).statusCode).toBe(401);
      expect((await webhook(b, zaloText('f2', 'x', 'hi'), ip, 'wrong-secret-0001')).statusCode).toBe(401);
      expect((await webhook(a, zaloText('f3', 'x', 'hi'), ip, 'wrong-secret-0001')).statusCode).toBe(429);
      expect((await webhook(b, zaloText('f4', 'x', 'hi'), ip, 'wrong-secret-0001')).statusCode).toBe(429);
    });

    afterAll(async () => fake?.close());
  });

  it.skipIf(!redisReady)('shares the per-user count across instances through REDIS_URL', async () => {
    const env = { REDIS_URL: TEST_REDIS_URL, RATE_LIMIT_USER_PER_MINUTE: '2' };
    const [a, b] = [await start(env), await start(env)];
    const user = `shared-${randomBytes(4).toString('hex')}`;
    expect((await post(a, user)).statusCode).toBe(200);
    expect((await post(b, user)).statusCode).toBe(200);
    expect((await post(a, user)).statusCode).toBe(429);
    expect((await post(b, user)).statusCode).toBe(429);
  });
});
