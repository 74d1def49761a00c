import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ZaloBotClient } from '../../src/channels/zalo/client.js';
import { backoffDelay, DEFAULT_RETRY } from '../../src/outbox/backoff.js';
import { OutboxWorker } from '../../src/outbox/worker.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { startFakePlatform, until, type FakePlatform } from '../fakes/fake-platform.js';

const TOKEN = '1234567890:outbox-retry-token';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

describe('outbox worker against a flaky platform (real HTTP, short backoff)', () => {
  let fake: FakePlatform;
  let store: LowdbStore;
  let worker: OutboxWorker;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-outbox-'));
  beforeAll(async () => {
    fake = await startFakePlatform(() => ({ ok: true, result: { message_id: 'm', date: Date.now() } }));
    store = new LowdbStore(dir, quiet);
    await store.init();
    const client = new ZaloBotClient(fake.url, TOKEN, 300);
    worker = new OutboxWorker(store, quiet, { pollMs: 20, retry: { baseMs: 20, maxMs: 200, maxAttempts: 5 } });
    worker.register('zalo', async (item, signal) => {
      const b = item.body as { method: 'sendMessage'; params: Record<string, unknown> };
      await client.send(b.method, b.params, signal);
    });
    worker.start();
  });
  afterEach(() => {
    fake.respond = null;
  });
  afterAll(async () => {
    await worker.stop();
    await store.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const enqueue = (user: string, text: string) => store.enqueueOutbound({ channel: 'zalo', userId: user, body: { method: 'sendMessage', params: { chat_id: user, text } }, nextAttemptAt: 0 });
  const item = async (user: string) => (await store.listOutbound({ limit: 10_000 })).filter((i) => i.userId === user);
  // what the platform accepted (a 2xx with ok: true), in arrival order
  const arrived = (user: string) => fake.calls.filter((c) => c.body?.chat_id === user && c.status === 200 && (c.answer as { ok?: boolean }).ok).map((c) => c.body.text);

  for (const [label, answer] of [['500', { status: 500, body: { ok: false, error_code: 500, description: 'Internal' } }], ['429', { status: 429, body: { ok: false, error_code: 429, description: 'quota exceeded' } }], ['ok:false 429 in a 200', { status: 200, body: { ok: false, error_code: 429, description: 'quota' } }]] as const) {
    it(`retries after ${label} and delivers once the platform recovers`, async () => {
      const user = `u-${label}`;
      let failures = 2;
      fake.respond = (c) => (c.body?.chat_id === user && failures-- > 0 ? answer : undefined);
      await enqueue(user, 'xin chào');
      worker.poke();
      expect(await until(async () => (await item(user))[0]?.status === 'sent', 5000)).toBe(true);
      const [sent] = await item(user);
      expect(sent?.attempts).toBe(3);
      expect(arrived(user)).toEqual(['xin chào']);
    });
  }

  it('retries a call that times out', async () => {
    const user = 'u-timeout';
    let hangs = 1;
    fake.respond = (c) => (c.body?.chat_id === user && hangs-- > 0 ? 'hang' : undefined);
    await enqueue(user, 'chờ');
    worker.poke();
    expect(await until(async () => (await item(user))[0]?.status === 'sent', 5000)).toBe(true);
    expect((await item(user))[0]?.attempts).toBe(2);
  });

  it('never retries a 4xx that will not change, and keeps it failed with the error', async () => {
    const user = 'u-400';
    fake.respond = (c) => (c.body?.chat_id === user ? { status: 400, body: { ok: false, error_code: 400, description: 'chat not found' } } : undefined);
    await enqueue(user, 'a');
    worker.poke();
    expect(await until(async () => (await item(user))[0]?.status === 'failed', 5000)).toBe(true);
    expect(await until(() => !worker.busy)).toBe(true); // a wrong retry would be under way by now
    const [failed] = await item(user);
    expect(failed?.attempts).toBe(1);
    expect(failed?.lastError).toMatch(/400.*chat not found/);
    expect(failed?.lastError).not.toContain(TOKEN);
    expect(fake.calls.filter((c) => c.body?.chat_id === user)).toHaveLength(1);
  });

  it('gives up after maxAttempts and keeps the last error', async () => {
    const user = 'u-down';
    fake.respond = (c) => (c.body?.chat_id === user ? { status: 503, body: { ok: false, error_code: 503, description: 'down' } } : undefined);
    await enqueue(user, 'a');
    worker.poke();
    expect(await until(async () => (await item(user))[0]?.status === 'failed', 8000)).toBe(true);
    const [failed] = await item(user);
    expect(failed?.attempts).toBe(5);
    expect(failed?.lastError).toMatch(/503/);
  });

  it('sends to many users at once without a listener-leak warning in the log', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const users = Array.from({ length: 24 }, (_, i) => `many-${i}`);
      for (const u of users) await enqueue(u, 'một lúc');
      worker.poke();
      expect(await until(() => users.every((u) => arrived(u).length === 1), 10_000)).toBe(true);
      // a warning is emitted on the next tick
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('keeps each user\'s order while the platform fails at random', async () => {
    let n = 0;
    fake.respond = (c) => (String(c.body?.chat_id).startsWith('order-') && n++ % 3 === 0 ? { status: 503, body: { ok: false, error_code: 503, description: 'flaky' } } : undefined);
    const users = ['order-a', 'order-b', 'order-c'];
    for (let i = 1; i <= 6; i++) for (const u of users) await enqueue(u, `${u} #${i}`);
    worker.poke();
    expect(await until(() => users.every((u) => arrived(u).length === 6), 10_000)).toBe(true);
    for (const u of users) expect(arrived(u)).toEqual([1, 2, 3, 4, 5, 6].map((i) => `${u} #${i}`));
  });

  it('spaces attempts exponentially with jitter, capped', () => {
    const p = { ...DEFAULT_RETRY, baseMs: 1000, maxMs: 60_000 };
    expect(backoffDelay(1, p, () => 0)).toBe(500);
    expect(backoffDelay(1, p, () => 1)).toBe(1000);
    expect(backoffDelay(4, p, () => 0.5)).toBe(6000);
    expect(backoffDelay(30, p, () => 1)).toBe(60_000);
  });
});
