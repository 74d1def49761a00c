import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Inbound } from '../domain/messages.js';
import type { Session } from '../domain/session.js';
import type { CollectionLogger } from './lowdb-collection.js';
import { claimOutboundSql, rowToOutbox, type OutboxRow } from './postgres-outbox.js';
import { migrate } from './postgres-schema.js';
import type {
  AdminUser, BotEvent, CaseState, Feedback, HandoffCase, KnowledgeChange, NewOutboxItem, OutboxItem, PendingInbound, Store,
} from './types.js';

/** A readiness answer is reused this long, so a busy webhook does not ping the database per request. */
const READY_CACHE_MS = 1000;
/** Sent outbox rows are kept this long for the admin view, then pruned. */
const SENT_KEPT_MS = 7 * 24 * 3600_000;

/**
 * The scale-out backend: several bot instances share one PostgreSQL. The database does the
 * coordination: unique keys dedupe, `FOR UPDATE SKIP LOCKED` shares the outbox, a conditional
 * UPDATE assigns a case once, a sequence numbers cases. The pg Pool reconnects by itself after
 * an outage; until then every call fails and checkWritable reports why.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private ready: { at: number; reason: string | null } = { at: 0, reason: null };

  constructor(url: string, private readonly log: CollectionLogger, poolSize = 10) {
    this.pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30_000, query_timeout: 15_000 });
    // An idle client whose server went away emits here; without a listener it would crash the process.
    this.pool.on('error', (err) => this.log.warn({ err }, 'STORE_UNAVAILABLE: idle PostgreSQL connection lost'));
  }

  async init(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await migrate(client);
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async flush(): Promise<void> {
    // every write is a statement that has already returned
  }

  async checkWritable(): Promise<string | null> {
    if (Date.now() - this.ready.at < READY_CACHE_MS) return this.ready.reason;
    let reason: string | null = null;
    try {
      await this.pool.query('SELECT 1');
    } catch (err) {
      reason = `PostgreSQL unreachable: ${(err as Error).message}`;
    }
    this.ready = { at: Date.now(), reason };
    return reason;
  }

  private async q<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.pool.query<R>(sql, params)).rows;
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async getSession(key: string): Promise<Session | undefined> {
    return (await this.q<{ data: Session }>('SELECT data FROM sessions WHERE key = $1', [key]))[0]?.data;
  }

  async saveSession(session: Session): Promise<void> {
    await this.q(`INSERT INTO sessions (key, data, updated_at) VALUES ($1, $2, $3)
      ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at`, [session.key, session, session.updatedAt ?? Date.now()]);
  }

  async pruneSessions(before: number): Promise<number> {
    const r = await this.pool.query('DELETE FROM sessions WHERE updated_at < $1', [before]);
    return r.rowCount ?? 0;
  }

  /** Inserts the mark, or renews an expired one; RETURNING tells whether this call won. */
  private static readonly MARK_SQL = `INSERT INTO processed (channel, message_id, expires_at) VALUES ($1, $2, $3)
    ON CONFLICT (channel, message_id) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE processed.expires_at <= $4
    RETURNING 1`;

  async markProcessed(channel: string, messageId: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const rows = await this.q(PostgresStore.MARK_SQL, [channel, messageId, now + ttlMs, now]);
    this.maybePrune(now);
    return rows.length > 0;
  }

  /** Now and then (one call in a thousand, on any instance) drops expired marks and old sent items. */
  private maybePrune(now: number): void {
    if (Math.random() >= 0.001) return;
    void this.q('DELETE FROM processed WHERE expires_at <= $1', [now])
      .then(() => this.q(`DELETE FROM outbox WHERE status = 'sent' AND sent_at < $1`, [now - SENT_KEPT_MS]))
      .catch(() => undefined);
  }

  async acceptInbound(inbound: Inbound & { messageId: string }, ttlMs: number, leaseMs: number): Promise<boolean> {
    const now = Date.now();
    // One statement, so the mark and the inbox row commit together or not at all.
    const rows = await this.q(`WITH mark AS (${PostgresStore.MARK_SQL})
      INSERT INTO inbox (channel, message_id, inbound, accepted_at, lease_until)
      SELECT $1, $2, $5, $4, $6 FROM mark
      ON CONFLICT (channel, message_id) DO UPDATE SET inbound = EXCLUDED.inbound, accepted_at = EXCLUDED.accepted_at, lease_until = EXCLUDED.lease_until
      RETURNING 1`, [inbound.channel, inbound.messageId, now + ttlMs, now, inbound, now + leaseMs]);
    this.maybePrune(now);
    return rows.length > 0;
  }

  async completeInbound(channel: string, messageId: string, replies: NewOutboxItem[]): Promise<OutboxItem[]> {
    return this.tx(async (c) => {
      // the delete decides: a second run of the same message (another instance took it over
      // after the lease) finds nothing to close and enqueues nothing
      const closed = await c.query('DELETE FROM inbox WHERE channel = $1 AND message_id = $2', [channel, messageId]);
      if (!closed.rowCount) return [];
      const items: OutboxItem[] = [];
      for (const r of replies) items.push(await this.insertOutbound(c, r));
      return items;
    });
  }

  async claimStaleInbound(now: number, limit: number, leaseMs: number): Promise<PendingInbound[]> {
    const rows = await this.q<{ inbound: PendingInbound['inbound']; accepted_at: string }>(`UPDATE inbox SET lease_until = $2
      WHERE (channel, message_id) IN (SELECT channel, message_id FROM inbox WHERE lease_until <= $1
        ORDER BY accepted_at LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING inbound, accepted_at`, [now, now + leaseMs, limit]);
    return rows.map((r) => ({ inbound: r.inbound, acceptedAt: Number(r.accepted_at) }));
  }

  private async insertOutbound(c: pg.ClientBase | pg.Pool, item: NewOutboxItem): Promise<OutboxItem> {
    const { rows } = await c.query<OutboxRow>(`INSERT INTO outbox (id, channel, user_id, body, status, attempts, next_attempt_at, last_error, created_at, sent_at)
      VALUES ($1, $2, $3, $4, 'pending', 0, $5, $6, $7, $8) RETURNING *`,
    [randomUUID(), item.channel, item.userId, JSON.stringify(item.body ?? null), item.nextAttemptAt, item.lastError ?? null, Date.now(), item.sentAt ?? null]);
    return rowToOutbox(rows[0]);
  }

  async enqueueOutbound(item: NewOutboxItem): Promise<OutboxItem> {
    return this.insertOutbound(this.pool, item);
  }

  async claimDueOutbound(now: number, limit: number, leaseMs: number): Promise<OutboxItem[]> {
    const rows = await this.q<OutboxRow>(claimOutboundSql, [now, limit, now + leaseMs]);
    return rows.map(rowToOutbox).sort((a, b) => a.seq - b.seq);
  }

  async markOutboundSent(id: string, now: number): Promise<void> {
    await this.q(`UPDATE outbox SET status = 'sent', sent_at = $2, attempts = attempts + 1, lease_until = NULL WHERE id = $1`, [id, now]);
  }

  async markOutboundFailed(id: string, error: string, nextAttemptAt: number | null): Promise<void> {
    await this.q(`UPDATE outbox SET attempts = attempts + 1, last_error = $2, lease_until = NULL,
      status = CASE WHEN $3::bigint IS NULL THEN 'failed' ELSE status END,
      next_attempt_at = COALESCE($3::bigint, next_attempt_at) WHERE id = $1`, [id, error, nextAttemptAt]);
  }

  async listOutbound(filter: { status?: OutboxItem['status']; limit?: number }): Promise<OutboxItem[]> {
    const rows = await this.q<OutboxRow>(`SELECT * FROM outbox WHERE ($1::text IS NULL OR status = $1) ORDER BY seq LIMIT $2`, [filter.status ?? null, filter.limit ?? 1000]);
    return rows.map(rowToOutbox);
  }

  async saveCase(c: HandoffCase): Promise<void> {
    await this.q(`INSERT INTO cases (id, data, state, assignee, user_key, created_at) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, state = EXCLUDED.state, assignee = EXCLUDED.assignee`,
    [c.id, c, c.state, c.assignee ?? null, `${c.channel}:${c.userId}`, c.createdAt]);
  }

  async assignCase(id: string, assignee: string, now: number): Promise<HandoffCase | null> {
    const rows = await this.q<{ data: HandoffCase }>(`UPDATE cases SET state = 'assigned', assignee = $2,
      data = data || jsonb_build_object('state', 'assigned', 'assignee', $2::text, 'assignedAt', $3::bigint, 'updatedAt', $3::bigint)
      WHERE id = $1 AND state = 'open' AND assignee IS NULL RETURNING data`, [id, assignee, now]);
    return rows[0]?.data ?? null;
  }

  async getCase(id: string): Promise<HandoffCase | undefined> {
    return (await this.q<{ data: HandoffCase }>('SELECT data FROM cases WHERE id = $1', [id]))[0]?.data;
  }

  async listCases(filter: { state?: CaseState[]; userKey?: string; limit?: number }): Promise<HandoffCase[]> {
    const rows = await this.q<{ data: HandoffCase }>(`SELECT data FROM cases
      WHERE ($1::text[] IS NULL OR state = ANY($1)) AND ($2::text IS NULL OR user_key = $2)
      ORDER BY created_at DESC LIMIT $3`, [filter.state ?? null, filter.userKey ?? null, filter.limit ?? 1000]);
    return rows.map((r) => r.data);
  }

  async nextCaseNumber(): Promise<number> {
    return Number((await this.q<{ n: string }>(`SELECT nextval('case_number') AS n`))[0].n);
  }

  async recordEvent(e: BotEvent): Promise<void> {
    await this.q('INSERT INTO events (at, decision, user_key, data) VALUES ($1, $2, $3, $4)', [e.at, e.decision, e.userKey ?? null, e]);
  }

  async listEvents(filter: { since?: number; decisions?: string[]; userKey?: string; limit?: number }): Promise<BotEvent[]> {
    // the newest `limit`, returned oldest first like the lowdb backend
    const rows = await this.q<{ data: BotEvent }>(`SELECT data FROM (SELECT id, data FROM events
      WHERE at >= $1 AND ($2::text[] IS NULL OR decision = ANY($2)) AND ($4::text IS NULL OR user_key = $4)
      ORDER BY id DESC LIMIT $3) t ORDER BY id`,
    [filter.since ?? 0, filter.decisions ?? null, filter.limit ?? 100_000, filter.userKey ?? null]);
    return rows.map((r) => r.data);
  }

  async recordFeedback(f: Feedback): Promise<void> {
    await this.q('INSERT INTO feedback (at, data) VALUES ($1, $2)', [f.at, f]);
  }

  async listFeedback(filter: { since?: number; limit?: number }): Promise<Feedback[]> {
    const rows = await this.q<{ data: Feedback }>(`SELECT data FROM (SELECT id, data FROM feedback WHERE at >= $1
      ORDER BY id DESC LIMIT $2) t ORDER BY id`, [filter.since ?? 0, filter.limit ?? 100_000]);
    return rows.map((r) => r.data);
  }

  async getAdminUser(name: string): Promise<AdminUser | undefined> {
    return (await this.q<{ data: AdminUser }>('SELECT data FROM admin_users WHERE name = $1', [name]))[0]?.data;
  }

  async saveAdminUser(u: AdminUser): Promise<void> {
    await this.q(`INSERT INTO admin_users (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data`, [u.name, u]);
  }

  async listAdminUsers(): Promise<AdminUser[]> {
    return (await this.q<{ data: AdminUser }>('SELECT data FROM admin_users ORDER BY name')).map((r) => r.data);
  }

  async recordKnowledgeChange(c: KnowledgeChange): Promise<void> {
    await this.q('INSERT INTO knowledge_changes (id, entry_id, at, data) VALUES ($1, $2, $3, $4)', [c.id, c.entryId ?? null, c.at, c]);
  }

  async listKnowledgeChanges(filter: { entryId?: string; limit?: number }): Promise<KnowledgeChange[]> {
    const rows = await this.q<{ data: KnowledgeChange }>(`SELECT data FROM knowledge_changes WHERE ($1::text IS NULL OR entry_id = $1)
      ORDER BY seq DESC LIMIT $2`, [filter.entryId ?? null, filter.limit ?? 1000]);
    return rows.map((r) => r.data);
  }

  async getKnowledgeChange(id: string): Promise<KnowledgeChange | undefined> {
    return (await this.q<{ data: KnowledgeChange }>('SELECT data FROM knowledge_changes WHERE id = $1', [id]))[0]?.data;
  }
}
