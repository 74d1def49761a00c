import { randomUUID } from 'node:crypto';
import type { Inbound } from '../domain/messages.js';
import { LowCollection, type CollectionLogger } from './lowdb-collection.js';
import { MarkLog } from './lowdb-marks.js';
import type { NewOutboxItem, OutboxItem, PendingInbound } from './types.js';

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

/**
 * The inbox and the outbox of the lowdb backend in ONE file: a single atomic rename moves a
 * message from "accepted" to "replies pending", so a crash between the two can neither lose it nor
 * answer it twice. Dedupe marks go to an append-only log beside it (lowdb-marks.ts); an inbox
 * entry is itself a mark while it exists, and it is written before its mark. Every change waits
 * for the disk (group commit: callers arriving together share one write). Leases live in memory:
 * one process owns a DATA_DIR.
 */
export class LowdbMailbox {
  private readonly file: LowCollection<MailboxData>;
  private readonly pending = new Set<string>();
  private readonly sentOrder: string[] = [];
  private readonly leases = new Map<string, number>();
  private readonly marks: MarkLog;

  constructor(path: string, marksPath: string, log: CollectionLogger) {
    this.file = new LowCollection(path, emptyMailbox, log, 25);
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
    for (const item of Object.values(d.outbox)) {
      if (item.status === 'pending') this.pending.add(item.id);
      else if (item.status === 'sent') sent.push(item);
    }
    this.sentOrder.push(...sent.sort((a, b) => a.seq - b.seq).map((s) => s.id));
  }

  async flush(): Promise<void> {
    await this.file.flush();
    await this.marks.flush();
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
    this.leases.set(key, now + leaseMs);
    // the entry first: a mark without its entry would turn the platform's retry away unanswered
    await this.file.commit();
    this.marks.set(key, now + ttlMs, now);
    await this.marks.commit();
    return true;
  }

  async completeInbound(channel: string, messageId: string, replies: NewOutboxItem[]): Promise<OutboxItem[]> {
    const key = `${channel}:${messageId}`;
    if (!this.data.inbox[key]) return []; // completed already (a second run of the same message)
    const items = replies.map((r) => this.addOutbound(r));
    delete this.data.inbox[key];
    this.leases.delete(key);
    await this.file.commit();
    return items.map((i) => structuredClone(i));
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
    // insertion order of the record is acceptance order
    return Object.values(this.data.inbox)
      .filter((p) => p.inbound.channel === channel && p.inbound.userId === userId)
      .slice(0, limit)
      .map((p) => ({ inbound: structuredClone(p.inbound), acceptedAt: p.acceptedAt }));
  }

  private addOutbound(item: NewOutboxItem): OutboxItem {
    const full: OutboxItem = { ...structuredClone(item), id: randomUUID(), status: 'pending', attempts: 0, createdAt: Date.now(), seq: ++this.data.outboxSeq };
    this.data.outbox[full.id] = full;
    this.pending.add(full.id);
    return full;
  }

  async enqueueOutbound(item: NewOutboxItem): Promise<OutboxItem> {
    const full = this.addOutbound(item);
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
    if (this.sentOrder.length > MAX_SENT_KEPT + SENT_SLACK) {
      for (const old of this.sentOrder.splice(0, this.sentOrder.length - MAX_SENT_KEPT)) delete this.data.outbox[old];
    }
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
    await this.file.commit();
  }

  private settle(id: string): void {
    this.pending.delete(id);
    this.leases.delete(id);
  }

  listOutbound(filter: { status?: OutboxItem['status']; limit?: number }): OutboxItem[] {
    return Object.values(this.data.outbox)
      .filter((o) => !filter.status || o.status === filter.status)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, filter.limit ?? 1000)
      .map((o) => structuredClone(o));
  }
}
