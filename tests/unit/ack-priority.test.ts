import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TurnGate } from '../../src/channels/shared/turn-gate.js';
import { OutboxWorker } from '../../src/outbox/worker.js';
import { ACK_SLOW_FROM, Inbox } from '../../src/store/inbox.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import type { OutboxItem, Store } from '../../src/store/types.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
const HOUR = 3_600_000;

/** Resolves on the next turn of the event loop after the timers due now (the gate's recheck is 5 ms). */
const nextChecks = (n = 3) => Array.from({ length: n }).reduce<Promise<void>>((p) => p.then(() => new Promise((r) => setTimeout(r, 10))), Promise.resolve());

describe('turns yield to webhook acks (TurnGate)', () => {
  it('starts no turn while acks are busy, and every held turn once they are over', async () => {
    let busy = true;
    const gate = new TurnGate(8, { busy: () => busy, maxHoldMs: HOUR }, 0);
    const ran: number[] = [];
    const turns = [1, 2, 3].map((n) => gate.run(async () => void ran.push(n)));
    await nextChecks();
    expect(ran).toEqual([]);
    expect(gate.held).toBe(3);
    busy = false; // the burst is over: the gate notices on its own, no turn has to finish first
    await Promise.all(turns);
    expect(ran).toEqual([1, 2, 3]);
  });

  it('runs a turn held back by acks that never stop once it has waited maxHoldMs', async () => {
    const gate = new TurnGate(8, { busy: () => true, maxHoldMs: 20 }, 0);
    const ran: number[] = [];
    // without the bound these would wait forever (the test would time out)
    await Promise.all([1, 2, 3].map((n) => gate.run(async () => void ran.push(n))));
    expect(ran).toEqual([1, 2, 3]);
  });

  it('lets limitWhileAcking turns run during acks, first come first served', async () => {
    const gate = new TurnGate(8, { busy: () => true, maxHoldMs: HOUR }, 1);
    let release!: () => void;
    const first = gate.run(() => new Promise<string>((r) => (release = () => r('first'))));
    const second = gate.run(async () => 'second');
    await nextChecks();
    expect(gate.held).toBe(1); // the second waits for the first, not for the hour
    release();
    expect(await Promise.all([first, second])).toEqual(['first', 'second']);
  });
});

describe('outbox sends yield to webhook acks', () => {
  const dirs: string[] = [];
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function worker(busy: () => boolean, maxHoldMs: number) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-ack-priority-'));
    dirs.push(dir);
    const store = new LowdbStore(dir, quiet);
    await store.init();
    // what the worker claimed: once a claim resolved, a send not held would already have begun
    const claimed: string[] = [];
    const claim = store.claimDueOutbound.bind(store);
    store.claimDueOutbound = async (...args) => {
      const items = await claim(...args);
      claimed.push(...items.map((i) => i.id));
      return items;
    };
    const w = new OutboxWorker(store, quiet, { pollMs: 20, yieldTo: { busy, maxHoldMs } });
    const sent: string[] = [];
    w.register('zalo', async (item: OutboxItem) => void sent.push((item.body as { text: string }).text));
    stops.push(async () => {
      await w.stop();
      await store.close();
    });
    const enqueue = (text: string) => store.enqueueOutbound({ channel: 'zalo', userId: 'u1', body: { text }, nextAttemptAt: 0 });
    return { w, sent, claimed, enqueue };
  }

  it('holds a ready send while acks are busy and sends it once they are over', async () => {
    let busy = true;
    const { w, sent, claimed, enqueue } = await worker(() => busy, HOUR);
    await enqueue('a');
    w.start();
    for (let i = 0; i < 100 && !claimed.length; i++) await nextChecks(1);
    expect(claimed).toHaveLength(1);
    await nextChecks();
    expect(sent).toEqual([]); // claimed by this worker, held for the acks
    busy = false;
    for (let i = 0; i < 100 && !sent.length; i++) await nextChecks(1);
    expect(sent).toEqual(['a']);
  });

  it('sends anyway, in order, while acks never stop', async () => {
    const { w, sent, enqueue } = await worker(() => true, 20);
    for (const t of ['a', 'b', 'c']) await enqueue(t);
    w.start();
    for (let i = 0; i < 200 && sent.length < 3; i++) await nextChecks(1);
    expect(sent).toEqual(['a', 'b', 'c']);
  });
});

describe('what counts as acking (Inbox.acking)', () => {
  /** A store whose accept waits until the test lets it finish, and whose turns never end (they stay in the backlog). */
  function fakeStore() {
    let finish!: () => void;
    let writing!: () => void;
    const written = new Promise<void>((r) => (writing = r));
    const store = {
      acceptInbound: () => {
        writing();
        return new Promise<boolean>((r) => (finish = () => r(true)));
      },
      withLock: () => new Promise(() => undefined),
    } as unknown as Store;
    return { store, written, finish: () => finish() };
  }
  const message = (n: number) => ({ channel: 'zalo', userId: `u${n}`, text: 'khai sinh', messageId: `m${n}`, time: n });

  it('is true while a webhook is being written', async () => {
    const { store, written, finish } = fakeStore();
    const inbox = new Inbox(store, quiet);
    expect(inbox.acking).toBe(false);
    const accepted = inbox.accept(message(0));
    await written;
    expect(inbox.acking).toBe(true);
    finish();
    expect(await accepted).toBe(true);
  });

  it('is false while an ack is held back by back-pressure: that wait is for the turns', async () => {
    const { store, written, finish } = fakeStore();
    const inbox = new Inbox(store, quiet);
    inbox.register('zalo', async () => undefined);
    for (let n = 1; n <= ACK_SLOW_FROM + 100; n++) inbox.process(message(n)); // their turns never end
    expect(inbox.backlog).toBeGreaterThan(ACK_SLOW_FROM);
    const accepted = inbox.accept(message(0));
    expect(inbox.acking).toBe(false); // delayed, not writing yet
    await written;
    expect(inbox.acking).toBe(true);
    finish();
    expect(await accepted).toBe(true);
  });
});
