import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_QUEUED_PER_USER } from '../../src/core/turn.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { redisAvailable, TEST_REDIS_URL } from '../helpers/require.js';
import { until } from '../helpers/wait.js';

const redisReady = await redisAvailable();

describe('floods: limits per user and per address, bounded queues, sessions expire', () => {
  const apps: TestApp[] = [];
  const start = async (env: Record<string, string>) => {
    const t = await startTestApp(env);
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
