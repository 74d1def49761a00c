import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Inbound } from '../../src/domain/messages.js';
import { Inbox } from '../../src/store/inbox.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import type { Store } from '../../src/store/types.js';
import { createTestSchema, type TestSchema } from '../helpers/pg-schema.js';
import { postgresAvailable } from '../helpers/require.js';

const quiet = { warn: () => undefined, error: () => undefined, info: () => undefined, debug: () => undefined };
const pgReady = await postgresAvailable();
const schemas: TestSchema[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const s of schemas) await s.drop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function postgresBackend(): Promise<() => Promise<Store>> {
  const schema = await createTestSchema('inbox');
  schemas.push(schema);
  return async () => { const s = new PostgresStore(schema.url, quiet, 3); await s.init(); return s; };
}

const backends: [string, boolean, () => Promise<() => Promise<Store>>][] = [
  ['lowdb', true, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-inbox-'));
    dirs.push(dir);
    return async () => { const s = new LowdbStore(dir, quiet); await s.init(); return s; };
  }],
  ['postgres', pgReady, postgresBackend],
];

describe.skipIf(!pgReady)('durable inbox shared by two instances (postgres)', () => {
  it('hands each stale message to exactly one of two recovering instances', async () => {
    const open = await postgresBackend();
    const [x, y] = [await open(), await open()];
    for (let i = 0; i < 40; i++) await x.acceptInbound({ channel: 'zalo', userId: `u${i}`, messageId: `s${i}`, time: i }, 60_000, 1);
    const later = Date.now() + 10;
    const [cx, cy] = await Promise.all([x.claimStaleInbound(later, 30, 60_000), y.claimStaleInbound(later, 30, 60_000)]);
    const ids = [...cx, ...cy].map((p) => p.inbound.messageId);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    await x.close();
    await y.close();
  });
});

for (const [name, enabled, place] of backends) {
  describe.skipIf(!enabled)(`durable inbox (${name})`, () => {
    it('answers, after a crash, a message that was acknowledged but never processed', async () => {
      const open = await place();
      const before = await open();
      const inbox = new Inbox(before, quiet, 200);
      const msg = { channel: 'zalo', userId: 'u1', text: 'khai sinh', messageId: 'crash-1', time: 1 };
      expect(await inbox.accept(msg)).toBe(true); // the webhook answers 200 now… and the process dies
      await before.close();

      const after = await open();
      const answered: Inbound[] = [];
      const recovered = new Inbox(after, quiet, 200);
      recovered.register('zalo', async (inbound) => {
        answered.push(inbound);
        await after.completeInbound('zalo', inbound.messageId, [{ channel: 'zalo', userId: inbound.userId, body: { text: 'Giấy tờ cần có…' }, nextAttemptAt: 0 }]);
      });
      await new Promise((r) => setTimeout(r, 250)); // the dead instance's lease runs out
      expect(await recovered.recover()).toBe(1);
      await recovered.stop();
      expect(answered).toEqual([msg]);
      expect(await recovered.recover(Date.now() + 1000)).toBe(0);
      expect((await after.listOutbound({ status: 'pending' })).map((o) => o.userId)).toEqual(['u1']);
      expect(await recovered.accept(msg)).toBe(false); // the platform's retry is a duplicate
      await after.close();
    });

    it('keeps a message whose processing failed, and runs it again after the lease', async () => {
      const open = await place();
      const store = await open();
      const inbox = new Inbox(store, quiet, 100);
      let calls = 0;
      inbox.register('zalo', async (inbound) => {
        calls += 1;
        if (calls === 1) throw new Error('matcher blew up');
        await store.completeInbound('zalo', inbound.messageId, []);
      });
      const msg = { channel: 'zalo', userId: 'u2', text: 'hi', messageId: 'fail-1', time: 1 };
      expect(await inbox.accept(msg)).toBe(true);
      inbox.process(msg);
      await new Promise((r) => setTimeout(r, 150));
      expect(await inbox.recover()).toBe(1);
      await inbox.stop();
      expect(calls).toBe(2);
      expect(await inbox.recover(Date.now() + 1000)).toBe(0);
      await store.close();
    });
  });
}

describe('durable inbox under more load than the turns can follow', () => {
  it('runs a bounded number of users at once, acks past the old 1,000 limit, and refuses (503) only past INBOX_MAX_PENDING', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-inbox-'));
    dirs.push(dir);
    const store = new LowdbStore(dir, quiet);
    await store.init();
    const { PROCESS_CONCURRENCY, InboxFullError } = await import('../../src/store/inbox.js');
    const budget = 1_200; // above the old fixed limit of 1,000 waiting messages
    const inbox = new Inbox(store, quiet, { maxPending: budget });
    let running = 0;
    let most = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    inbox.register('zalo', async (inbound) => {
      most = Math.max(most, ++running);
      await gate;
      running -= 1;
      await store.completeInbound('zalo', inbound.messageId, []);
    });
    const msgs = Array.from({ length: budget }, (_, i) => ({ channel: 'zalo', userId: `u${i}`, messageId: `b${i}`, time: i }));
    expect((await Promise.all(msgs.map((m) => inbox.accept(m)))).every(Boolean)).toBe(true);
    for (const m of msgs) inbox.process(m);
    await expect(inbox.accept({ channel: 'zalo', userId: 'late', messageId: 'late', time: 0 })).rejects.toBeInstanceOf(InboxFullError);
    await expect(inbox.accept({ channel: 'zalo', userId: 'late', messageId: 'late', time: 0 })).rejects.toMatchObject({ statusCode: 503 });
    expect(most).toBe(PROCESS_CONCURRENCY);
    release();
    while (inbox.backlog) await new Promise((r) => setTimeout(r, 10));
    expect(await inbox.accept({ channel: 'zalo', userId: 'late', messageId: 'late', time: 0 })).toBe(true);
    await inbox.stop();
    await store.close();
  });

  it("runs one user's messages one at a time in order, never holding another user back; a flood's excess is closed without a turn", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-inbox-'));
    dirs.push(dir);
    const store = new LowdbStore(dir, quiet);
    await store.init();
    const { MAX_WAITING_PER_USER } = await import('../../src/store/inbox.js');
    const inbox = new Inbox(store, quiet);
    const ran: string[] = [];
    const excess: { id: string; notice: boolean }[] = [];
    let releaseFlood!: () => void;
    const floodGate = new Promise<void>((r) => (releaseFlood = r));
    let calmDone!: () => void;
    const calm = new Promise<void>((r) => (calmDone = r));
    inbox.register('zalo', async (inbound, opts) => {
      if (opts?.excess) excess.push({ id: inbound.messageId, notice: opts.excess.notice });
      else {
        ran.push(inbound.messageId);
        if (inbound.userId === 'flooder') await floodGate; // the flooder's first turn is slow
      }
      await store.completeInbound('zalo', inbound.messageId, []);
      if (inbound.userId === 'calm') calmDone();
    });
    const flood = Array.from({ length: MAX_WAITING_PER_USER + 5 }, (_, i) => ({ channel: 'zalo', userId: 'flooder', messageId: `f${i}`, time: i }));
    for (const m of flood) {
      await inbox.accept(m);
      inbox.process(m);
    }
    const other = { channel: 'zalo', userId: 'calm', messageId: 'c0', time: 99 };
    await inbox.accept(other);
    inbox.process(other);
    await calm; // answered while the flooder's first message still runs
    expect(ran).toEqual(['f0', 'c0']);
    releaseFlood();
    while (inbox.backlog) await new Promise((r) => setTimeout(r, 10));
    // f0 ran, then MAX_WAITING_PER_USER waited and ran in order; the rest were closed, the first with a notice
    expect(ran.filter((id) => id.startsWith('f'))).toEqual(flood.slice(0, 1 + MAX_WAITING_PER_USER).map((m) => m.messageId));
    expect(excess.map((e) => e.id)).toEqual(flood.slice(1 + MAX_WAITING_PER_USER).map((m) => m.messageId));
    expect(excess.map((e) => e.notice)).toEqual(excess.map((_, i) => i === 0));
    expect(await store.pendingInboundOf('zalo', 'flooder', 50)).toEqual([]);
    await inbox.stop();
    await store.close();
  });
});
