import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Session } from '../core/session.js';
import { LowCollection, type CollectionLogger } from './lowdb-collection.js';
import type {
  AdminUser, BotEvent, CaseState, Feedback, HandoffCase, KnowledgeChange, OutboxItem, Store,
} from './types.js';

const MAX_EVENTS = 200_000;
const MAX_FEEDBACK = 50_000;

interface Meta { caseCounter: number; outboxSeq: number }

/** The default store: JSON files under DATA_DIR, one per collection. */
export class LowdbStore implements Store {
  readonly kind = 'lowdb' as const;
  private sessions: LowCollection<Record<string, Session>>;
  private processed: LowCollection<Record<string, number>>;
  private outbox: LowCollection<Record<string, OutboxItem>>;
  private cases: LowCollection<Record<string, HandoffCase>>;
  private events: LowCollection<BotEvent[]>;
  private feedback: LowCollection<Feedback[]>;
  private admins: LowCollection<Record<string, AdminUser>>;
  private history: LowCollection<KnowledgeChange[]>;
  private meta: LowCollection<Meta>;
  private all: LowCollection<unknown>[];

  constructor(private readonly dir: string, log: CollectionLogger) {
    const f = (name: string) => path.join(dir, `${name}.json`);
    this.sessions = new LowCollection(f('sessions'), () => ({}), log);
    this.processed = new LowCollection(f('processed'), () => ({}), log);
    this.outbox = new LowCollection(f('outbox'), () => ({}), log, 5);
    this.cases = new LowCollection(f('cases'), () => ({}), log);
    this.events = new LowCollection<BotEvent[]>(f('events'), () => [], log, 200);
    this.feedback = new LowCollection<Feedback[]>(f('feedback'), () => [], log);
    this.admins = new LowCollection(f('admin-users'), () => ({}), log);
    this.history = new LowCollection<KnowledgeChange[]>(f('knowledge-history'), () => [], log);
    this.meta = new LowCollection(f('meta'), () => ({ caseCounter: 0, outboxSeq: 0 }), log);
    this.all = [this.sessions, this.processed, this.outbox, this.cases, this.events, this.feedback, this.admins, this.history, this.meta] as LowCollection<unknown>[];
  }

  async init(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    for (const c of this.all) await c.open();
  }

  async close(): Promise<void> {
    for (const c of this.all) await c.flush();
  }

  async checkWritable(): Promise<string | null> {
    try {
      await fs.access(this.dir, fs.constants.W_OK);
      return null;
    } catch (err) {
      return `DATA_DIR ${this.dir} is not writable: ${String(err)}`;
    }
  }

  async getSession(key: string): Promise<Session | undefined> {
    const s = this.sessions.data[key];
    return s ? structuredClone(s) : undefined;
  }

  async saveSession(session: Session): Promise<void> {
    this.sessions.data[session.key] = structuredClone(session);
    this.sessions.touch();
  }

  async markProcessed(channel: string, messageId: string, ttlMs: number): Promise<boolean> {
    const key = `${channel}:${messageId}`;
    const now = Date.now();
    const seen = this.processed.data[key];
    if (seen !== undefined && seen > now) return false;
    this.processed.data[key] = now + ttlMs;
    this.pruneProcessed(now);
    this.processed.touch();
    return true;
  }

  private pruneCounter = 0;
  private pruneProcessed(now: number): void {
    if (++this.pruneCounter % 1000 !== 0) return;
    for (const [k, exp] of Object.entries(this.processed.data)) if (exp <= now) delete this.processed.data[k];
  }

  async enqueueOutbound(item: Omit<OutboxItem, 'id' | 'status' | 'attempts' | 'createdAt' | 'seq'>): Promise<OutboxItem> {
    const full: OutboxItem = { ...item, id: randomUUID(), status: 'pending', attempts: 0, createdAt: Date.now(), seq: ++this.meta.data.outboxSeq };
    this.outbox.data[full.id] = full;
    this.meta.touch();
    this.outbox.touch();
    return structuredClone(full);
  }

  private leases = new Map<string, number>();

  async claimDueOutbound(now: number, limit: number, leaseMs: number): Promise<OutboxItem[]> {
    const pending = Object.values(this.outbox.data).filter((o) => o.status === 'pending').sort((a, b) => a.seq - b.seq);
    const blockedUsers = new Set<string>();
    const claimed: OutboxItem[] = [];
    for (const item of pending) {
      const userKey = `${item.channel}:${item.userId}`;
      if (blockedUsers.has(userKey)) continue;
      blockedUsers.add(userKey); // only the oldest pending item per user may go: keeps order
      const lease = this.leases.get(item.id);
      if (lease !== undefined && lease > now) continue;
      if (item.nextAttemptAt > now) continue;
      this.leases.set(item.id, now + leaseMs);
      claimed.push(structuredClone(item));
      if (claimed.length >= limit) break;
    }
    return claimed;
  }

  async markOutboundSent(id: string, now: number): Promise<void> {
    const item = this.outbox.data[id];
    if (!item) return;
    item.status = 'sent';
    item.sentAt = now;
    item.attempts += 1;
    this.leases.delete(id);
    this.outbox.touch();
  }

  async markOutboundFailed(id: string, error: string, nextAttemptAt: number | null): Promise<void> {
    const item = this.outbox.data[id];
    if (!item) return;
    item.attempts += 1;
    item.lastError = error;
    if (nextAttemptAt === null) item.status = 'failed';
    else item.nextAttemptAt = nextAttemptAt;
    this.leases.delete(id);
    this.outbox.touch();
  }

  async listOutbound(filter: { status?: OutboxItem['status']; limit?: number }): Promise<OutboxItem[]> {
    return Object.values(this.outbox.data)
      .filter((o) => !filter.status || o.status === filter.status)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, filter.limit ?? 1000)
      .map((o) => structuredClone(o));
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
    this.meta.data.caseCounter += 1;
    this.meta.touch();
    return this.meta.data.caseCounter;
  }

  async recordEvent(e: BotEvent): Promise<void> {
    this.events.data.push(e);
    if (this.events.data.length > MAX_EVENTS) this.events.data.splice(0, this.events.data.length - MAX_EVENTS);
    this.events.touch();
  }

  async listEvents(filter: { since?: number; decisions?: string[]; limit?: number }): Promise<BotEvent[]> {
    const out = this.events.data.filter((e) => (!filter.since || e.at >= filter.since) && (!filter.decisions || filter.decisions.includes(e.decision)));
    return out.slice(-(filter.limit ?? 100_000));
  }

  async recordFeedback(f: Feedback): Promise<void> {
    this.feedback.data.push(f);
    if (this.feedback.data.length > MAX_FEEDBACK) this.feedback.data.splice(0, this.feedback.data.length - MAX_FEEDBACK);
    this.feedback.touch();
  }

  async listFeedback(filter: { since?: number; limit?: number }): Promise<Feedback[]> {
    return this.feedback.data.filter((f) => !filter.since || f.at >= filter.since).slice(-(filter.limit ?? 100_000));
  }

  async getAdminUser(name: string): Promise<AdminUser | undefined> {
    return this.admins.data[name];
  }

  async saveAdminUser(u: AdminUser): Promise<void> {
    this.admins.data[u.name] = u;
    this.admins.touch();
  }

  async listAdminUsers(): Promise<AdminUser[]> {
    return Object.values(this.admins.data);
  }

  async recordKnowledgeChange(c: KnowledgeChange): Promise<void> {
    this.history.data.push(c);
    this.history.touch();
  }

  async listKnowledgeChanges(filter: { entryId?: string; limit?: number }): Promise<KnowledgeChange[]> {
    return this.history.data.filter((c) => !filter.entryId || c.entryId === filter.entryId).slice(-(filter.limit ?? 1000)).reverse();
  }

  async getKnowledgeChange(id: string): Promise<KnowledgeChange | undefined> {
    return this.history.data.find((c) => c.id === id);
  }
}
