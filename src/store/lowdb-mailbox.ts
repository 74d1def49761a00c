import { randomUUID } from 'node:crypto';
import type { Inbound } from '../domain/messages.js';
import type { CollectionLogger } from './lowdb-collection.js';
import { JournaledFile } from './lowdb-journal.js';
import { MarkLog } from './lowdb-marks.js';
import type { NewOutboxItem, OutboxItem, OutboxLease, PendingInbound } from './types.js';

/**
 * Sent items kept for the admin view; older ones are pruned. Kept small: this file is rewritten
 * with every change, and a kept item costs as much to rewrite as a pending one.
 */
export const MAX_SENT_KEPT = 100;
const SENT_SLACK = 50;

interface MailboxData {
  /** Accepted, not yet answered; `expiresAt` is its dedupe mark's, restored at start if missing. */
  inbox: Record<string, PendingInbound & { expiresAt?: number }>;
  outbox: Record<string, OutboxItem>;
  outboxSeq: number;
}

const emptyMailbox = (): MailboxData => ({ inbox: {}, outbox: {}, outboxSeq: 0 });

/** One change of the mailbox as the journal keeps it (absolute values: replaying twice is harmless). */
type Change =
  | { a: 'accept'; key: string; p: PendingInbound & { expiresAt?: number } }
  | { a: 'complete'; key: string; items: OutboxItem[] }
  | { a: 'put'; item: OutboxItem }
  | { a: 'sent'; id: string; sentAt: number; attempts: number }
  | { a: 'failed'; id: string; attempts: number; lastError: string; status: OutboxItem['status']; nextAttemptAt: number };

function applyChange(d: MailboxData, c: Change): void {
  for (const k of ['inbox', 'outbox'] as const) if (!d[k] || typeof d[k] !== 'object') d[k] = {};
  switch (c.a) {
    case 'accept':
      d.inbox[c.key] = c.p;
      break;
    case 'complete':
      delete d.inbox[c.key];
      for (const item of c.items) {
        d.outbox[item.id] = item;
        d.outboxSeq = Math.max(Number(d.outboxSeq) || 0, item.seq);
      }
      break;
    case 'put':
      d.outbox[c.item.id] = c.item;
      d.outboxSeq = Math.max(Number(d.outboxSeq) || 0, c.item.seq);
      break;
    case 'sent': {
      const item = d.outbox[c.id];
      if (item) Object.assign(item, { status: 'sent', sentAt: c.sentAt, attempts: c.attempts });
      break;
    }
    case 'failed': {
      const item = d.outbox[c.id];
      if (item) Object.assign(item, { status: c.status, attempts: c.attempts, lastError: c.lastError, nextAttemptAt: c.nextAttemptAt });
      break;
    }
    default:
      throw new Error('unknown change');
  }
}

/**
 * The inbox and the outbox of the lowdb backend in ONE journaled file (lowdb-journal.ts): a
 * snapshot `mailbox.json` plus an append-only `mailbox.journal`. Each change is one journal line,
 * so a single line moves a message from "accepted" to "replies pending": a crash can neither lose
 * it nor answer it twice. Every change waits for the disk (group commit: callers arriving together
 * share one append and one fsync; the cost no longer grows with the number of pending messages).
 * Dedupe marks go to an append-only log beside it (lowdb-marks.ts); an inbox entry is itself a
 * mark while it exists, and it is written before its mark. Leases live in memory: one process
 * owns a DATA_DIR.
 */
export class LowdbMailbox {
  private readonly file: JournaledFile<MailboxData>;
  private readonly pending = new Set<string>();
  /** Pending outbox ids by `${channel}:${userId}`, and inbox keys by user (acceptance order). */
  private readonly pendingByUser = new Map<string, Set<string>>();
  private readonly inboxByUser = new Map<string, Set<string>>();
  private readonly sentOrder: string[] = [];
  private readonly leases = new Map<string, number>();
  private readonly marks: MarkLog;

  constructor(path: string, marksPath: string, log: CollectionLogger) {
    this.file = new JournaledFile(path, emptyMailbox, (d, c) => applyChange(d, c as Change), log);
    this.marks = new MarkLog(marksPath, log);
  }

  private get data(): MailboxData {
    return this.file.data;
  }

  async open(): Promise<void> {
    await this.file.open();
    await this.marks.open();
    const d = this.data;
    for (const k of ['inbox', 'outbox'] as const) if (!d[k] || typeof d[k] !== 'object') d[k] = {};
    if (typeof d.outboxSeq !== 'number') d.outboxSeq = 0;
    // a crash may have come between writing an inbox entry and its mark
    const now = Date.now();
    for (const [key, p] of Object.entries(d.inbox)) if (!this.marks.get(key, now)) this.marks.set(key, p.expiresAt ?? now + 7 * 86_400_000, now);
    await this.marks.commit();
    const sent: OutboxItem[] = [];
    for (const [key, p] of Object.entries(d.inbox)) this.indexInbox(key, p.inbound);
    for (const item of Object.values(d.outbox)) {
      if (item.status === 'pending') this.addPending(item);
      else if (item.status === 'sent') sent.push(item);
    }
    this.sentOrder.push(...sent.sort((a, b) => a.seq - b.seq).map((s) => s.id));
    this.pruneSent();
    await this.file.fold();
  }

  private pruneSent(): void {
    if (this.sentOrder.length > MAX_SENT_KEPT + SENT_SLACK) {
      for (const old of this.sentOrder.splice(0, this.sentOrder.length - MAX_SENT_KEPT)) delete this.data.outbox[old];
    }
  }

  async flush(): Promise<void> {
    await this.file.flush();
    await this.marks.flush();
  }

  async close(): Promise<void> {
    await this.file.close();
    await this.marks.close();
  }

  async markProcessed(key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    if (this.marks.get(key, now) !== undefined || this.data.inbox[key]) return false;
    this.marks.set(key, now + ttlMs, now);
    await this.marks.commit();
    return true;
  }

  async acceptInbound(inbound: Inbound & { messageId: string }, ttlMs: number, leaseMs: number): Promise<boolean> {
    const key = `${inbound.channel}:${inbound.messageId}`;
    const now = Date.now();
    if (this.marks.get(key, now) !== undefined || this.data.inbox[key]) return false;
    this.data.inbox[key] = { inbound: structuredClone(inbound), acceptedAt: now, expiresAt: now + ttlMs };
    this.indexInbox(key, inbound);
    this.file.record({ a: 'accept', key, p: this.data.inbox[key] } satisfies Change);
    this.leases.set(key, now + leaseMs);
    // the entry first: a mark without its entry would turn the platform's retry away unanswered.
    // The entry is the mark while it exists (open() restores a missing mark from it), so the ack
    // waits for this one durable write; the mark reaches its log before the entry is completed.
    await this.file.commit();
    this.marks.set(key, now + ttlMs, now);
    return true;
  }

  async completeInbound(channel: string, messageId: string, replies: NewOutboxItem[], lease?: OutboxLease): Promise<OutboxItem[]> {
    const key = `${channel}:${messageId}`;
    if (!this.data.inbox[key]) return []; // completed already (a second run of the same message)
    await this.marks.commit(); // the mark outlives the entry: a redelivery after this is a duplicate
    const entry = this.data.inbox[key];
    if (!entry) return [];
    let leasedUntil: number | undefined;
    const [first] = replies;
    if (lease && first) {
      const held = new Set(lease.after);
      const older = [...(this.pendingByUser.get(`${first.channel}:${first.userId}`) ?? [])];
      if (older.every((id) => held.has(id))) leasedUntil = Date.now() + lease.ms;
    }
    const items = replies.map((r) => this.addOutbound(r));
    if (leasedUntil !== undefined) for (const i of items) this.leases.set(i.id, leasedUntil);
    delete this.data.inbox[key];
    this.unindexInbox(key, entry.inbound);
    this.file.record({ a: 'complete', key, items } satisfies Change);
    this.leases.delete(key);
    await this.file.commit();
    return items.map((i) => (leasedUntil === undefined ? structuredClone(i) : { ...structuredClone(i), leasedUntil }));
  }

  releaseOutbound(ids: string[]): void {
    for (const id of ids) if (this.pending.has(id)) this.leases.delete(id);
  }

  private indexInbox(key: string, inbound: Inbound): void {
    const user = `${inbound.channel}:${inbound.userId}`;
    let set = this.inboxByUser.get(user);
    if (!set) this.inboxByUser.set(user, (set = new Set()));
    set.add(key);
  }

  private unindexInbox(key: string, inbound: Inbound): void {
    const user = `${inbound.channel}:${inbound.userId}`;
    const set = this.inboxByUser.get(user);
    set?.delete(key);
    if (set && !set.size) this.inboxByUser.delete(user);
  }

  private addPending(item: OutboxItem): void {
    this.pending.add(item.id);
    const user = `${item.channel}:${item.userId}`;
    let set = this.pendingByUser.get(user);
    if (!set) this.pendingByUser.set(user, (set = new Set()));
    set.add(item.id);
  }

  async claimStaleInbound(now: number, limit: number, leaseMs: number): Promise<PendingInbound[]> {
    const out: PendingInbound[] = [];
    for (const [key, p] of Object.entries(this.data.inbox)) {
      if ((this.leases.get(key) ?? 0) > now) continue;
      this.leases.set(key, now + leaseMs);
      out.push({ inbound: structuredClone(p.inbound), acceptedAt: p.acceptedAt });
      if (out.length >= limit) break;
    }
    return out;
  }

  pendingInboundOf(channel: string, userId: string, limit: number): PendingInbound[] {
    // insertion order of the index is acceptance order
    const out: PendingInbound[] = [];
    for (const key of this.inboxByUser.get(`${channel}:${userId}`) ?? []) {
      const p = this.data.inbox[key];
      if (!p) continue;
      out.push({ inbound: structuredClone(p.inbound), acceptedAt: p.acceptedAt });
      if (out.length >= limit) break;
    }
    return out;
  }

  private addOutbound(item: NewOutboxItem): OutboxItem {
    const full: OutboxItem = { ...structuredClone(item), id: randomUUID(), status: 'pending', attempts: 0, createdAt: Date.now(), seq: ++this.data.outboxSeq };
    this.data.outbox[full.id] = full;
    this.addPending(full);
    return full;
  }

  async enqueueOutbound(item: NewOutboxItem): Promise<OutboxItem> {
    const full = this.addOutbound(item);
    this.file.record({ a: 'put', item: full } satisfies Change);
    await this.file.commit();
    return structuredClone(full);
  }

  claimDueOutbound(now: number, limit: number, leaseMs: number): OutboxItem[] {
    const heads = new Map<string, OutboxItem>();
    for (const id of this.pending) {
      const item = this.data.outbox[id];
      if (!item) continue;
      const user = `${item.channel}:${item.userId}`;
      const head = heads.get(user);
      if (!head || item.seq < head.seq) heads.set(user, item);
    }
    // only the oldest pending item per user may go: keeps per-user order
    const claimed: OutboxItem[] = [];
    for (const item of [...heads.values()].sort((a, b) => a.seq - b.seq)) {
      if (item.nextAttemptAt > now || (this.leases.get(item.id) ?? 0) > now) continue;
      this.leases.set(item.id, now + leaseMs);
      claimed.push(structuredClone(item));
      if (claimed.length >= limit) break;
    }
    return claimed;
  }

  /** Waits for the disk: after a crash, only sends still on the wire may go out a second time. */
  async markOutboundSent(id: string, now: number): Promise<void> {
    const item = this.data.outbox[id];
    if (!item) return;
    item.status = 'sent';
    item.sentAt = now;
    item.attempts += 1;
    this.settle(id);
    this.sentOrder.push(id);
    this.file.record({ a: 'sent', id, sentAt: now, attempts: item.attempts } satisfies Change);
    this.pruneSent();
    await this.file.commit();
  }

  async markOutboundFailed(id: string, error: string, nextAttemptAt: number | null): Promise<void> {
    const item = this.data.outbox[id];
    if (!item) return;
    item.attempts += 1;
    item.lastError = error;
    if (nextAttemptAt === null) {
      item.status = 'failed';
      this.settle(id);
    } else {
      item.nextAttemptAt = nextAttemptAt;
      this.leases.delete(id);
    }
    this.file.record({ a: 'failed', id, attempts: item.attempts, lastError: error, status: item.status, nextAttemptAt: item.nextAttemptAt } satisfies Change);
    await this.file.commit();
  }

  private settle(id: string): void {
    this.pending.delete(id);
    this.leases.delete(id);
    const item = this.data.outbox[id];
    if (item) {
      const user = `${item.channel}:${item.userId}`;
      const set = this.pendingByUser.get(user);
      set?.delete(id);
      if (set && !set.size) this.pendingByUser.delete(user);
    }
  }

  listOutbound(filter: { status?: OutboxItem['status']; ids?: string[]; limit?: number }): OutboxItem[] {
    return Object.values(this.data.outbox)
      .filter((o) => (!filter.status || o.status === filter.status) && (!filter.ids || filter.ids.includes(o.id)))
      .sort((a, b) => a.seq - b.seq)
      .slice(0, filter.limit ?? 1000)
      .map((o) => structuredClone(o));
  }
}
