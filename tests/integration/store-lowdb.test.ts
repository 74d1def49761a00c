import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newSession } from '../../src/domain/session.js';
import { LowCollection } from '../../src/store/lowdb-collection.js';
import { MAX_SENT_KEPT } from '../../src/store/lowdb-mailbox.js';
import { LowdbStore, MAX_EVENTS } from '../../src/store/lowdb-store.js';
import { until, waitFor } from '../helpers/wait.js';

const errors: string[] = [];
const log = { warn: () => undefined, error: (_o: object, msg: string) => void errors.push(msg) };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-lowdb-'));
  errors.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function openStore(): Promise<LowdbStore> {
  const s = new LowdbStore(dir, log);
  await s.init();
  return s;
}

describe('lowdb backend specifics', () => {
  it('coalesces a burst of session writes into a few file writes', async () => {
    const c = new LowCollection<Record<string, number>>(path.join(dir, 'burst.json'), () => ({}), log, 25);
    await c.open();
    for (let i = 0; i < 500; i++) {
      c.data[`u${i}`] = i;
      c.touch();
      if (i % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    await c.flush();
    expect(c.writes).toBeLessThanOrEqual(3);
    expect(Object.keys(JSON.parse(readFileSync(c.file, 'utf8')))).toHaveLength(500);
  });

  it('shares one write among many durable callers (group commit)', async () => {
    const store = await openStore();
    const accepted = await Promise.all(Array.from({ length: 200 }, (_, i) => store.acceptInbound({ channel: 'zalo', userId: `u${i}`, messageId: `m${i}`, text: 'hi', time: i }, 60_000, 30_000)));
    expect(accepted.every(Boolean)).toBe(true);
    // every accepted message is on disk (the journal beside the snapshot) the moment acceptInbound resolved
    const journal = readFileSync(path.join(dir, 'mailbox.journal'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const snapshot = JSON.parse(readFileSync(path.join(dir, 'mailbox.json'), 'utf8'));
    expect(new Set([...Object.keys(snapshot.inbox), ...journal.filter((c) => c.a === 'accept').map((c) => c.key)]).size).toBe(200);
    await store.close();
  });

  it('writes through a temporary file and a rename, leaving no partial file', async () => {
    const store = await openStore();
    for (let i = 0; i < 300; i++) {
      await store.saveSession({ ...newSession('zalo', `u${i}`, i), lastQuestion: 'x'.repeat(500) });
      if (i % 20 === 0) {
        const file = path.join(dir, 'sessions.json');
        if (existsSync(file)) expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
      }
    }
    await store.close();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(Object.keys(JSON.parse(readFileSync(path.join(dir, 'sessions.json'), 'utf8')))).toHaveLength(300);
  });

  it('writes a big session file in slices and still ends up with every change', async () => {
    const store = await openStore();
    for (let i = 0; i < 9000; i++) await store.saveSession({ ...newSession('zalo', `u${i}`, i), turns: 1 });
    // (sessions are a SessionLog now, which has no `writes`: waiting on that property waited out the full 10 s, unchecked)
    const sessions = (store as unknown as { sessions: { journalBytes: number } }).sessions;
    expect(await waitFor(() => sessions.journalBytes, (n) => n > 0, 10_000, 1)).toBeGreaterThan(0); // the first changes are on disk…
    for (let i = 0; i < 9000; i += 3) await store.saveSession({ ...newSession('zalo', `u${i}`, i), turns: 2 }); // …while these change
    await store.close();
    const onDisk = JSON.parse(readFileSync(path.join(dir, 'sessions.json'), 'utf8'));
    expect(Object.keys(onDisk)).toHaveLength(9000);
    expect(onDisk['zalo:u8997'].turns).toBe(2);
    expect(onDisk['zalo:u8998'].turns).toBe(1);
  });

  it('reads sessions back across restarts when lines cross the 1 MB read pieces or are bigger than one', async () => {
    let store = await openStore();
    for (let i = 0; i < 3000; i++) store.saveSession({ ...newSession('zalo', `u${i}`, i), lastQuestion: `q${i} ${'x'.repeat(700)}` });
    await store.saveSession({ ...newSession('zalo', 'big', 10_000), lastQuestion: 'y'.repeat(2_500_000) });
    await store.close(); // folded into the snapshot
    store = await openStore(); // indexed from the snapshot in pieces; the journal is empty
    expect((await store.getSession('zalo:big'))?.lastQuestion).toHaveLength(2_500_000);
    for (const i of [0, 1, 1499, 2999]) expect((await store.getSession(`zalo:u${i}`))?.lastQuestion?.startsWith(`q${i} `)).toBe(true);
    await store.saveSession({ ...newSession('zalo', 'u7', 7), turns: 9 });
    await store.pruneSessions(5); // deletes u0…u4
    await store.flush();
    await openStore().then((s) => s.close()); // a second instance folds the journal…
    store = await openStore(); // …and this one reads the new snapshot
    expect((await store.getSession('zalo:u7'))?.turns).toBe(9);
    expect(await store.getSession('zalo:u3')).toBeUndefined();
    expect((await store.getSession('zalo:u2999'))?.lastQuestion?.startsWith('q2999 ')).toBe(true);
    expect((await store.getSession('zalo:big'))?.lastQuestion).toHaveLength(2_500_000);
    await store.close();
    expect(Object.keys(JSON.parse(readFileSync(path.join(dir, 'sessions.json'), 'utf8')))).toHaveLength(2996);
    expect(errors).toEqual([]);
  });

  it('moves a corrupt mailbox aside, says so, and starts with an empty one', async () => {
    writeFileSync(path.join(dir, 'mailbox.json'), '{"inbox": {}, "outbox": {"x": {"id": "x", "chan');
    const store = await openStore();
    expect(errors.some((e) => e.startsWith('STORE_CORRUPT'))).toBe(true);
    expect(readdirSync(dir).some((f) => f.startsWith('mailbox.json.corrupt-'))).toBe(true);
    expect(await store.listOutbound({})).toEqual([]);
    await store.close();
  });

  it('reads a mark log cut short by a crash, skipping the broken line', async () => {
    const far = Date.now() + 3_600_000;
    writeFileSync(path.join(dir, 'processed.log'), `zalo%3Am1 ${far}\nzalo%3Am2 ${far}\nzalo%3Am3 17`);
    const store = await openStore();
    expect(await store.markProcessed('zalo', 'm1', 60_000)).toBe(false);
    expect(await store.markProcessed('zalo', 'm2', 60_000)).toBe(false);
    expect(await store.markProcessed('zalo', 'm3', 60_000)).toBe(true);
    await store.close();
  });

  it('restores the mark of an inbox entry whose mark never reached the disk', async () => {
    const store = await openStore();
    expect(await store.acceptInbound({ channel: 'zalo', userId: 'u', messageId: 'lost-mark', time: 1 }, 60_000, 1000)).toBe(true);
    await store.close();
    writeFileSync(path.join(dir, 'processed.log'), ''); // as if the process died between the two writes
    const again = await openStore();
    const [p] = await again.claimStaleInbound(Date.now(), 10, 1000);
    if (!p) throw new Error('the message whose mark was lost was not claimed again');
    await again.completeInbound('zalo', p.inbound.messageId, []);
    expect(await again.markProcessed('zalo', 'lost-mark', 60_000)).toBe(false); // the retry is still a duplicate
    await again.close();
  });

  it('appends events instead of rewriting the list, and reads them back after a crash (a torn last line skipped)', async () => {
    const store = await openStore();
    for (let i = 0; i < 2000; i++) await store.recordEvent({ at: i, channel: 'zalo', lang: 'vi', decision: 'answer', text: `q${i}` });
    await store.flush(); // on disk, as after the append delay; the process then dies without closing
    const journal = path.join(dir, 'events.journal');
    expect(readFileSync(journal, 'utf8').trim().split('\n')).toHaveLength(2000);
    expect(existsSync(path.join(dir, 'events.json'))).toBe(false); // the whole list was never rewritten
    writeFileSync(journal, `${readFileSync(journal, 'utf8')}{"at":2000,"chan`); // cut short by kill -9
    const again = await openStore();
    const events = await again.listEvents({});
    expect(events).toHaveLength(2000);
    expect(events.at(-1)).toMatchObject({ at: 1999, text: 'q1999' });
    await again.close();
    expect(JSON.parse(readFileSync(path.join(dir, 'events.json'), 'utf8'))).toHaveLength(2000); // folded at start and close
    expect(readFileSync(journal, 'utf8')).toBe('');
  });

  it('stays bounded: expired ids, old events and old sent items are pruned', async () => {
    const store = await openStore();
    const batch = (n: number, fn: (i: number) => Promise<unknown>) => Promise.all(Array.from({ length: n }, (_, i) => fn(i)));
    await batch(1500, (i) => store.markProcessed('zalo', `old${i}`, 1));
    const marked = Date.now();
    await until(() => Date.now() > marked + 1); // the old marks have expired
    await batch(1000, (i) => store.markProcessed('zalo', `new${i}`, 60_000));
    for (let i = 0; i < MAX_EVENTS + 6_000; i++) await store.recordEvent({ at: i, channel: 'zalo', lang: 'vi', decision: 'answer' });
    await batch(MAX_SENT_KEPT + 600, async (i) => {
      const item = await store.enqueueOutbound({ channel: 'zalo', userId: `u${i}`, body: { text: 'ok' }, nextAttemptAt: 0 });
      await store.markOutboundSent(item.id, Date.now());
    });
    await store.close();
    await (await openStore()).close(); // the mark log is compacted when it opens
    const marks = readFileSync(path.join(dir, 'processed.log'), 'utf8').trim().split('\n');
    expect(marks.filter((l) => l.startsWith('zalo%3Aold'))).toEqual([]);
    expect(marks.filter((l) => l.startsWith('zalo%3Anew'))).toHaveLength(1000);
    const mailbox = JSON.parse(readFileSync(path.join(dir, 'mailbox.json'), 'utf8'));
    expect(Object.keys(mailbox.outbox).length).toBeLessThanOrEqual(MAX_SENT_KEPT + 50);
    const events = JSON.parse(readFileSync(path.join(dir, 'events.json'), 'utf8'));
    expect(events.length).toBeLessThanOrEqual(MAX_EVENTS + 5_000);
    expect(events.at(-1).at).toBe(MAX_EVENTS + 5_999);
  });
});
