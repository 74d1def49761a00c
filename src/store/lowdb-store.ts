import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Session } from '../domain/session.js';
import type { Inbound } from '../domain/messages.js';
import { LowCollection, type CollectionLogger } from './lowdb-collection.js';
import { LowdbMailbox } from './lowdb-mailbox.js';
import { SessionLog } from './lowdb-sessions.js';
import { AppendLog } from './lowdb-events.js';
import { LocalLocks } from './locks.js';
import { StoreUnavailableError } from './unavailable.js';
import type {
  AdminUser, Counter, BotEvent, CaseState, Feedback, HandoffCase, KnowledgeChange, NewOutboxItem, OutboxItem, OutboxLease, PendingInbound, PublishedFile, Store,
} from './types.js';

/** Bounds of the append-only files; PostgreSQL keeps everything. Pruned in batches. */
export const MAX_EVENTS = 100_000;
const MAX_FEEDBACK = 50_000;
const PRUNE_SLACK = 5_000;

interface Meta { caseCounter: number; settings?: Record<string, string> }
/** Admin session revocations and sign-in counters (small; pruned when they expire). */
interface Guard { revoked: Record<string, number>; counters: Record<string, Counter> }
type ChatInbox = Record<string, { parts: unknown[]; at: number }[]>;

/** Web chat messages kept per user, and users kept, at most (oldest dropped first). */
const CHAT_PER_USER = 50;
const CHAT_USERS = 10_000;

/** The default store: JSON files under DATA_DIR, one per collection. */
export class LowdbStore implements Store {
  readonly kind = 'lowdb' as const;
  private sessions: SessionLog;
  private mailbox: LowdbMailbox;
  private cases: LowCollection<Record<string, HandoffCase>>;
  private events: AppendLog<BotEvent>;
  private feedback: LowCollection<Feedback[]>;
  private admins: LowCollection<Record<string, AdminUser>>;
  private history: LowCollection<KnowledgeChange[]>;
  private meta: LowCollection<Meta>;
  private guard: LowCollection<Guard>;
  private chat: LowCollection<ChatInbox>;
  private readonly locks = new LocalLocks();
  private all: LowCollection<unknown>[];

  constructor(private readonly dir: string, log: CollectionLogger) {
    const f = (name: string) => path.join(dir, `${name}.json`);
    this.sessions = new SessionLog(f('sessions'), log);
    this.mailbox = new LowdbMailbox(f('mailbox'), path.join(dir, 'processed.log'), log);
    this.cases = new LowCollection(f('cases'), () => ({}), log);
    this.events = new AppendLog<BotEvent>(f('events'), MAX_EVENTS, PRUNE_SLACK, log);
    this.feedback = new LowCollection<Feedback[]>(f('feedback'), () => [], log, 25, true);
    this.admins = new LowCollection(f('admin-users'), () => ({}), log);
    this.history = new LowCollection<KnowledgeChange[]>(f('knowledge-history'), () => [], log);
    this.meta = new LowCollection(f('meta'), () => ({ caseCounter: 0 }), log);
    this.guard = new LowCollection<Guard>(f('admin-guard'), () => ({ revoked: {}, counters: {} }), log);
    this.chat = new LowCollection<ChatInbox>(f('chat-inbox'), () => ({}), log);
    this.all = [this.cases, this.feedback, this.admins, this.history, this.meta, this.guard, this.chat] as LowCollection<unknown>[];
  }

  async init(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    for (const c of this.all) await c.open();
    await this.events.open();
    await this.sessions.open();
    await this.mailbox.open();
    this.guard.data.revoked ??= {};
    this.guard.data.counters ??= {};
  }

  async close(): Promise<void> {
    await this.flush();
    await this.events.close();
    await this.sessions.close();
    await this.mailbox.close();
  }

  async flush(): Promise<void> {
    for (const c of this.all) await c.flush();
    await this.events.flush();
    await this.sessions.flush();
    await this.mailbox.flush();
  }

  async checkWritable(): Promise<string | null> {
    if (Date.now() - this.writable.at < 1000) return this.writable.reason;
    let reason: string | null = null;
    try {
      await fs.access(this.dir, fs.constants.W_OK);
    } catch (err) {
      reason = `DATA_DIR ${this.dir} is not writable: ${String(err)}`;
    }
    this.writable = { at: Date.now(), reason };
    return reason;
  }

  private writable: { at: number; reason: string | null } = { at: 0, reason: null };

  getSession(key: string): Promise<Session | undefined> {
    return this.sessions.get(key);
  }

  async saveSession(session: Session): Promise<void> {
    this.sessions.save(session);
  }

  async pruneSessions(before: number): Promise<number> {
    const stale = this.sessions.staleKeys(before);
    for (const key of stale) this.sessions.delete(key);
    return stale.length;
  }

  markProcessed(channel: string, messageId: string, ttlMs: number): Promise<boolean> {
    return this.mailbox.markProcessed(`${channel}:${messageId}`, ttlMs);
  }

  async acceptInbound(inbound: Inbound & { messageId: string }, ttlMs: number, leaseMs: number): Promise<boolean> {
    // refuse before keeping anything: the platform retries a 503
    const reason = await this.checkWritable();
    if (reason) throw new StoreUnavailableError(reason);
    return this.mailbox.acceptInbound(inbound, ttlMs, leaseMs);
  }

  completeInbound(channel: string, messageId: string, replies: NewOutboxItem[], lease?: OutboxLease): Promise<OutboxItem[]> {
    return this.mailbox.completeInbound(channel, messageId, replies, lease);
  }

  async claimStaleInbound(now: number, limit: number, leaseMs: number): Promise<PendingInbound[]> {
    return this.mailbox.claimStaleInbound(now, limit, leaseMs);
  }

  enqueueOutbound(item: NewOutboxItem): Promise<OutboxItem> {
    return this.mailbox.enqueueOutbound(item);
  }

  async claimDueOutbound(now: number, limit: number, leaseMs: number): Promise<OutboxItem[]> {
    return this.mailbox.claimDueOutbound(now, limit, leaseMs);
  }

  markOutboundSent(id: string, now: number): Promise<void> {
    return this.mailbox.markOutboundSent(id, now);
  }

  async releaseOutbound(ids: string[]): Promise<void> {
    this.mailbox.releaseOutbound(ids);
  }

  markOutboundFailed(id: string, error: string, nextAttemptAt: number | null): Promise<void> {
    return this.mailbox.markOutboundFailed(id, error, nextAttemptAt);
  }

  async listOutbound(filter: { status?: OutboxItem['status']; ids?: string[]; limit?: number }): Promise<OutboxItem[]> {
    return this.mailbox.listOutbound(filter);
  }

  async saveCase(c: HandoffCase): Promise<void> {
    this.cases.data[c.id] = structuredClone(c);
    this.cases.touch();
  }

  async assignCase(id: string, assignee: string, now: number): Promise<HandoffCase | null> {
    const c = this.cases.data[id];
    if (!c || c.assignee || c.state !== 'open') return null;
    c.assignee = assignee;
    c.state = 'assigned';
    c.assignedAt = now;
    c.updatedAt = now;
    this.cases.touch();
    return structuredClone(c);
  }

  async getCase(id: string): Promise<HandoffCase | undefined> {
    const c = this.cases.data[id];
    return c ? structuredClone(c) : undefined;
  }

  async listCases(filter: { state?: CaseState[]; userKey?: string; limit?: number }): Promise<HandoffCase[]> {
    return Object.values(this.cases.data)
      .filter((c) => !filter.state || filter.state.includes(c.state))
      .filter((c) => !filter.userKey || `${c.channel}:${c.userId}` === filter.userKey)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, filter.limit ?? 1000)
      .map((c) => structuredClone(c));
  }

  async nextCaseNumber(): Promise<number> {
    // derived from the cases too, so a lost or damaged meta.json can never hand out a used number
    const highest = Object.keys(this.cases.data).reduce((max, id) => Math.max(max, Number(id) || 0), 0);
    const counter = Number(this.meta.data.caseCounter);
    this.meta.data.caseCounter = Math.max(Number.isFinite(counter) ? counter : 0, highest) + 1;
    const n = this.meta.data.caseCounter;
    await this.meta.commit(); // a case number handed out must never be handed out again
    return n;
  }

  async recordEvent(e: BotEvent): Promise<void> {
    this.events.push({ ...e });
  }

  async listEvents(filter: { since?: number; decisions?: string[]; userKey?: string; limit?: number }): Promise<BotEvent[]> {
    const out = this.events.data.filter((e) => (!filter.since || e.at >= filter.since) && (!filter.decisions || filter.decisions.includes(e.decision)) && (!filter.userKey || e.userKey === filter.userKey));
    return out.slice(-(filter.limit ?? 100_000));
  }

  async recordFeedback(f: Feedback): Promise<void> {
    this.feedback.data.push(f);
    if (this.feedback.data.length > MAX_FEEDBACK + PRUNE_SLACK) this.feedback.data.splice(0, this.feedback.data.length - MAX_FEEDBACK);
    this.feedback.touch();
  }

  async listFeedback(filter: { since?: number; limit?: number }): Promise<Feedback[]> {
    return this.feedback.data.filter((f) => !filter.since || f.at >= filter.since).slice(-(filter.limit ?? 100_000));
  }

  async getAdminUser(name: string): Promise<AdminUser | undefined> {
    const u = this.admins.data[name];
    return u ? { ...u } : undefined;
  }

  async saveAdminUser(u: AdminUser): Promise<void> {
    this.admins.data[u.name] = { ...u };
    this.admins.touch();
  }

  async listAdminUsers(): Promise<AdminUser[]> {
    return Object.values(this.admins.data).map((u) => ({ ...u }));
  }

  async getSetting(key: string): Promise<string | undefined> {
    return this.meta.data.settings?.[key];
  }

  async saveSetting(key: string, value: string): Promise<void> {
    (this.meta.data.settings ??= {})[key] = value;
    await this.meta.commit(); // e.g. a rotated refresh token: it must be on disk before it is used
  }

  /** One process owns a DATA_DIR, so an in-process lock is the whole story. */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(name, fn);
  }

  async pendingInboundOf(channel: string, userId: string, limit: number): Promise<PendingInbound[]> {
    return this.mailbox.pendingInboundOf(channel, userId, limit);
  }

  async escalateCase(id: string, now: number): Promise<HandoffCase | null> {
    const c = this.cases.data[id];
    if (c?.state !== 'open' || c.escalatedAt) return null;
    c.escalatedAt = now;
    c.updatedAt = now;
    await this.cases.commit();
    return structuredClone(c);
  }

  async closeCase(id: string, closedBy: string, now: number): Promise<HandoffCase | null> {
    const c = this.cases.data[id];
    if (!c || c.state === 'closed') return null;
    Object.assign(c, { state: 'closed', closedAt: now, closedBy, updatedAt: now });
    await this.cases.commit();
    return structuredClone(c);
  }

  async revokeAdminSession(nonce: string, expiresAt: number): Promise<void> {
    const revoked = this.guard.data.revoked;
    revoked[nonce] = expiresAt;
    const now = Date.now();
    for (const [n, exp] of Object.entries(revoked)) if (exp < now) delete revoked[n];
    await this.guard.commit(); // a sign-out must hold after a restart
  }

  async adminSessionRevoked(nonce: string, now: number): Promise<boolean> {
    return (this.guard.data.revoked[nonce] ?? 0) >= now;
  }

  async hitCounter(key: string, windowMs: number, now: number): Promise<Counter> {
    const counters = this.guard.data.counters;
    const c = counters[key];
    counters[key] = c && c.resetAt > now ? { count: c.count + 1, resetAt: c.resetAt, lastAt: now } : { count: 1, resetAt: now + windowMs, lastAt: now };
    if (Object.keys(counters).length > 10_000) for (const [k, v] of Object.entries(counters)) if (v.resetAt <= now) delete counters[k];
    this.guard.touch();
    return { ...counters[key] };
  }

  async readCounter(key: string, now: number): Promise<Counter> {
    const c = this.guard.data.counters[key];
    return c && c.resetAt > now ? { ...c } : { count: 0, resetAt: now, lastAt: 0 };
  }

  async resetCounter(key: string): Promise<void> {
    delete this.guard.data.counters[key];
    this.guard.touch();
  }

  async pushChatInbox(userId: string, parts: unknown[], now: number): Promise<void> {
    const list = this.chat.data[userId] ?? [];
    list.push({ parts: structuredClone(parts), at: now });
    delete this.chat.data[userId]; // re-inserted last: the oldest user is dropped first
    this.chat.data[userId] = list.slice(-CHAT_PER_USER);
    const users = Object.keys(this.chat.data);
    for (const u of users.slice(0, Math.max(0, users.length - CHAT_USERS))) delete this.chat.data[u];
    await this.chat.commit();
  }

  async takeChatInbox(userId: string): Promise<unknown[][]> {
    const list = this.chat.data[userId] ?? [];
    if (!list.length) return [];
    delete this.chat.data[userId];
    this.chat.touch();
    return list.map((m) => m.parts);
  }

  async recordKnowledgeChange(c: KnowledgeChange): Promise<void> {
    this.history.data.push(structuredClone(c));
    this.history.touch();
  }

  /** One instance on its own folders: nothing to take from another. */
  async publishedFilesSince(_sinceVersion: number): Promise<PublishedFile[]> {
    return [];
  }

  async listKnowledgeChanges(filter: { entryId?: string; limit?: number }): Promise<KnowledgeChange[]> {
    return this.history.data.filter((c) => !filter.entryId || c.entryId === filter.entryId).slice(-(filter.limit ?? 1000)).reverse();
  }

  async getKnowledgeChange(id: string): Promise<KnowledgeChange | undefined> {
    return this.history.data.find((c) => c.id === id);
  }
}
