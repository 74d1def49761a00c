import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Inbound } from '../domain/messages.js';
import type { Session } from '../domain/session.js';
import type { CollectionLogger } from './lowdb-collection.js';
import { claimOutboundSql, rowToOutbox, type OutboxRow } from './postgres-outbox.js';
import { migrate } from './postgres-schema.js';
import { GroupWrite } from '../lib/group-write.js';
import { LocalLocks, Slots } from './locks.js';
import { asStoreError, isBusyError } from './unavailable.js';
import type {
  AdminUser, Counter, BotEvent, CaseState, Feedback, HandoffCase, KnowledgeChange, NewOutboxItem, OutboxItem, OutboxLease, PendingInbound, PublishedFile, Store,
} from './types.js';

/** A readiness answer is reused this long, so a busy webhook does not ping the database per request. */
const READY_CACHE_MS = 1000;
/**
 * Connections kept for webhook accepts alone: accepts are batched (one statement for all that
 * arrive together), so two are plenty, and turns, outbox and recovery queries on the main pool
 * never make a webhook wait for a connection.
 */
const ACCEPT_POOL_SIZE = 2;
/**
 * How long an accept may wait out a BUSY database (a pool checkout or a new connection that timed
 * out, the server answering slowly) before the webhook gets 503: back-pressure, the ack is only
 * delayed. A refused or cut connection (the database is gone) is not waited out: 503 at once.
 */
export const ACCEPT_WAIT_MS = 8_000;
const ACCEPT_RETRY_MS = 100;
/** Sent outbox rows are kept this long for the admin view, then pruned. */
const SENT_KEPT_MS = 7 * 24 * 3600_000;
/** Advisory-lock namespace of withLock (the migrations use 7_270_901). */
const LOCK_NAMESPACE = 7_270_902;
/** Advisory-lock namespace of the instance lifelines: held while an instance lives. */
const LIFELINE_NAMESPACE = 7_270_903;
/** Web chat messages kept per user at most. */
const CHAT_PER_USER = 50;
/** What an outbox id looks like (the column is a uuid). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The row a statement that always returns one (INSERT … RETURNING, nextval) gave back. */
function onlyRow<T>(rows: T[], statement: string): T {
  const [row] = rows;
  if (!row) throw new Error(`${statement} returned no row`);
  return row;
}

/** Advisory-lock namespace of knowledge publishing (see recordKnowledgeChange); its own, apart from withLock's. */
const PUBLISH_LOCK = 7_270_904;

/**
 * The scale-out backend: several bot instances share one PostgreSQL. The database does the
 * coordination: unique keys dedupe, `FOR UPDATE SKIP LOCKED` shares the outbox, a conditional
 * UPDATE assigns a case once, a sequence numbers cases. The pg Pool reconnects by itself after
 * an outage; until then every call fails and checkWritable reports why.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  /** Connections that hold advisory locks, apart from the query pool so a lock holder's queries never starve. */
  private readonly lockPool: pg.Pool;
  /** Webhook accepts only (see ACCEPT_POOL_SIZE); its connections stay open while idle. */
  private readonly acceptPool: pg.Pool;
  private readonly lockSlots: Slots;
  private readonly localLocks = new LocalLocks();
  private ready: { at: number; reason: string | null } = { at: 0, reason: null };
  /** This instance, as inbox rows name their owner. */
  readonly instanceId = randomUUID();
  /** A connection holding the lock `instanceId` while this instance lives (see claimStaleInbound). */
  private lifeline: pg.Client | null = null;
  private closing = false;

  constructor(private readonly url: string, private readonly log: CollectionLogger, poolSize = 10) {
    this.pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30_000, query_timeout: 15_000 });
    this.lockPool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30_000, query_timeout: 60_000 });
    this.acceptPool = new pg.Pool({ connectionString: url, max: ACCEPT_POOL_SIZE, connectionTimeoutMillis: 3000, idleTimeoutMillis: 0, query_timeout: 15_000 });
    this.lockSlots = new Slots(poolSize);
    // An idle client whose server went away emits here; without a listener it would crash the process.
    for (const p of [this.pool, this.lockPool, this.acceptPool]) p.on('error', (err) => this.log.warn({ err }, 'STORE_UNAVAILABLE: idle PostgreSQL connection lost'));
  }

  async init(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await migrate(client);
    } finally {
      client.release();
    }
    await this.holdLifeline();
  }

  /**
   * Takes the lock that says "this instance is alive". When the process dies, its connection
   * closes and PostgreSQL drops the lock: the other instances then take over its accepted
   * messages at their next recovery instead of waiting out the lease. Re-taken after an outage.
   */
  private async holdLifeline(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 3000 });
    client.on('error', (err) => {
      this.log.warn({ err }, 'STORE_UNAVAILABLE: lifeline connection lost; retaking it');
      this.lifeline = null;
      const retry = () => {
        if (this.closing) return;
        this.holdLifeline().catch(() => setTimeout(retry, 1000).unref());
      };
      setTimeout(retry, 1000).unref();
    });
    await client.connect();
    await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LIFELINE_NAMESPACE, this.instanceId]);
    this.lifeline = client;
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.lifeline?.end().catch(() => undefined);
    await this.pool.end();
    await this.lockPool.end();
    await this.acceptPool.end();
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
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (err) {
      throw asStoreError(err);
    }
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((err) => Promise.reject(asStoreError(err)));
    try {
      await client.query('BEGIN');
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw asStoreError(err);
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

  /** Accepts waiting for the next batch (see acceptInbound). */
  private acceptBatch: { inbound: Inbound & { messageId: string }; ttlMs: number; leaseMs: number; done: (ok: boolean) => void; fail: (err: unknown) => void }[] = [];

  /** Accept statements under way (at most ACCEPT_POOL_SIZE); accepts arriving meanwhile wait for the next one. */
  private acceptStatements = 0;
  private acceptFlushDue = false;

  /**
   * Accepts arriving together share ONE statement: one multi-row INSERT of the dedupe marks and
   * the inbox rows, committed together or not at all. "Together": in the same turn of the event
   * loop, or while ACCEPT_POOL_SIZE statements are already under way (group commit: a burst of
   * webhooks becomes a few statements of many rows, not one commit per turn of the loop).
   */
  acceptInbound(inbound: Inbound & { messageId: string }, ttlMs: number, leaseMs: number): Promise<boolean> {
    return new Promise<boolean>((done, fail) => {
      this.acceptBatch.push({ inbound, ttlMs, leaseMs, done, fail });
      this.scheduleAccepts();
    });
  }

  private scheduleAccepts(): void {
    if (this.acceptFlushDue || !this.acceptBatch.length || this.acceptStatements >= ACCEPT_POOL_SIZE) return;
    this.acceptFlushDue = true;
    setImmediate(() => {
      this.acceptFlushDue = false;
      this.acceptStatements += 1;
      void this.flushAccepts().finally(() => {
        this.acceptStatements -= 1;
        this.scheduleAccepts();
      });
    });
  }

  private async flushAccepts(): Promise<void> {
    const batch = this.acceptBatch.splice(0);
    const now = Date.now();
    // the same message twice in one batch: the later copy is a redelivery
    const seen = new Set<string>();
    const first = batch.filter((b) => {
      const key = `${b.inbound.channel}\u0000${b.inbound.messageId}`;
      if (seen.has(key)) {
        b.done(false);
        return false;
      }
      seen.add(key);
      return true;
    });
    // marks are inserted in key order, so two instances given the same messages never deadlock;
    // the inbox rows keep the order of acceptance (`ord`)
    const keyOf = (b: (typeof first)[number]) => `${b.inbound.channel}\u0000${b.inbound.messageId}`;
    const order = first.map((b, ord) => ({ b, ord })).sort((x, y) => (keyOf(x.b) < keyOf(y.b) ? -1 : 1));
    const sorted = order.map((o) => o.b);
    try {
      const rows = await this.acceptQuery<{ channel: string; message_id: string }>(`WITH input AS (
          SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[], $5::bigint[], $6::bigint[], $9::int[])
            AS t(channel, message_id, inbound, user_id, expires_at, lease_until, ord)
        ), mark AS (
          INSERT INTO processed (channel, message_id, expires_at) SELECT channel, message_id, expires_at FROM input
          ON CONFLICT (channel, message_id) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE processed.expires_at <= $7
          RETURNING channel, message_id
        )
        INSERT INTO inbox (channel, message_id, inbound, accepted_at, lease_until, user_key, owner)
        SELECT i.channel, i.message_id, i.inbound, $7, i.lease_until, i.channel || ':' || i.user_id, $8
        FROM input i JOIN mark m ON m.channel = i.channel AND m.message_id = i.message_id ORDER BY i.ord
        ON CONFLICT (channel, message_id) DO UPDATE SET inbound = EXCLUDED.inbound, accepted_at = EXCLUDED.accepted_at, lease_until = EXCLUDED.lease_until, owner = EXCLUDED.owner
        RETURNING channel, message_id`, [
        sorted.map((b) => b.inbound.channel), sorted.map((b) => b.inbound.messageId), sorted.map((b) => JSON.stringify(b.inbound)),
        sorted.map((b) => b.inbound.userId), sorted.map((b) => now + b.ttlMs), sorted.map((b) => now + b.leaseMs), now, this.instanceId,
        order.map((o) => o.ord),
      ]);
      const kept = new Set(rows.map((r) => `${r.channel}\u0000${r.message_id}`));
      for (const b of first) b.done(kept.has(`${b.inbound.channel}\u0000${b.inbound.messageId}`));
    } catch (err) {
      for (const b of first) b.fail(err);
    }
    this.maybePrune(now);
  }

  /**
   * One statement that waits out a BUSY database (see isBusyError) up to ACCEPT_WAIT_MS from the
   * first try: a webhook's ack is delayed, not refused. Only waits that happen before the
   * statement reaches the server are retried, so a retry never runs it twice; a query timeout (it
   * may have committed) is answered 503 and the platform's own redelivery is deduped.
   */
  private async patientQuery<R extends pg.QueryResultRow>(pool: pg.Pool, sql: string, params: unknown[]): Promise<R[]> {
    const deadline = Date.now() + ACCEPT_WAIT_MS;
    for (;;) {
      try {
        return (await pool.query<R>(sql, params)).rows;
      } catch (err) {
        if (!isBusyError(err) || Date.now() + ACCEPT_RETRY_MS >= deadline) throw asStoreError(err);
        this.log.warn({ err: (err as Error).message }, 'STORE_BUSY: waited out a busy database on the webhook path; retrying');
        await new Promise((r) => setTimeout(r, ACCEPT_RETRY_MS));
      }
    }
  }

  /** The accept statement: on the accept pool, waiting out a busy database. */
  private acceptQuery<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
    return this.patientQuery<R>(this.acceptPool, sql, params);
  }

  async completeInbound(channel: string, messageId: string, replies: NewOutboxItem[], lease?: OutboxLease): Promise<OutboxItem[]> {
    if (!replies.length) {
      await this.q('DELETE FROM inbox WHERE channel = $1 AND message_id = $2', [channel, messageId]);
      return [];
    }
    // ONE statement (atomic on its own): the delete decides — a second run of the same message
    // (another instance took it over after the lease) finds nothing to close and enqueues nothing;
    // the replies are leased to the caller only when nothing older of the user is pending
    // (per-user order); one multi-row INSERT for all the replies of the turn
    const now = Date.now();
    const params: unknown[] = [channel, messageId, replies[0]?.userId, lease?.after ?? [], lease ? now + lease.ms : null];
    const values = replies.map((r, ord) => {
      const b = params.length;
      params.push(randomUUID(), r.channel, r.userId, JSON.stringify(r.body ?? null), r.nextAttemptAt, r.lastError ?? null, now, r.sentAt ?? null);
      return `($${b + 1}::uuid, $${b + 2}::text, $${b + 3}::text, $${b + 4}::jsonb, $${b + 5}::bigint, $${b + 6}::text, $${b + 7}::bigint, $${b + 8}::bigint, ${ord})`;
    });
    const rows = await this.q<OutboxRow>(`WITH closed AS (DELETE FROM inbox WHERE channel = $1 AND message_id = $2 RETURNING 1),
        older AS (SELECT 1 FROM outbox WHERE channel = $1 AND user_id = $3 AND status = 'pending' AND NOT (id::text = ANY($4::text[])) LIMIT 1)
      INSERT INTO outbox (id, channel, user_id, body, status, attempts, next_attempt_at, last_error, created_at, sent_at, lease_until)
      SELECT v.id, v.channel, v.user_id, v.body, 'pending', 0, v.next_attempt_at, v.last_error, v.created_at, v.sent_at,
        CASE WHEN NOT EXISTS (SELECT 1 FROM older) THEN $5::bigint END
      FROM (VALUES ${values.join(', ')}) AS v(id, channel, user_id, body, next_attempt_at, last_error, created_at, sent_at, ord)
      WHERE EXISTS (SELECT 1 FROM closed) ORDER BY v.ord
      RETURNING *`, params);
    return rows.map((r) => ({ ...rowToOutbox(r), ...(r.lease_until !== null && lease ? { leasedUntil: Number(r.lease_until) } : {}) })).sort((a, b) => a.seq - b.seq);
  }

  /**
   * Claims messages whose lease ran out, or whose owner died (its lifeline lock is gone from
   * pg_locks): a killed instance's messages are taken over at the next recovery, in acceptance order.
   */
  async claimStaleInbound(now: number, limit: number, leaseMs: number): Promise<PendingInbound[]> {
    const rows = await this.q<{ inbound: PendingInbound['inbound']; accepted_at: string; seq: string }>(`UPDATE inbox SET lease_until = $2, owner = $4
      WHERE (channel, message_id) IN (SELECT channel, message_id FROM inbox i
        WHERE i.lease_until <= $1 OR (i.owner IS NOT NULL AND i.owner <> $4 AND NOT EXISTS (
          SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND l.classid = $5::int::oid AND l.objid = hashtext(i.owner)::oid AND l.objsubid = 2))
        ORDER BY seq LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING inbound, accepted_at, seq`, [now, now + leaseMs, limit, this.instanceId, LIFELINE_NAMESPACE]);
    return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map((r) => ({ inbound: r.inbound, acceptedAt: Number(r.accepted_at) }));
  }

  private async insertOutbound(c: pg.ClientBase | pg.Pool, item: NewOutboxItem): Promise<OutboxItem> {
    const { rows } = await c.query<OutboxRow>(`INSERT INTO outbox (id, channel, user_id, body, status, attempts, next_attempt_at, last_error, created_at, sent_at)
      VALUES ($1, $2, $3, $4, 'pending', 0, $5, $6, $7, $8) RETURNING *`,
    [randomUUID(), item.channel, item.userId, JSON.stringify(item.body ?? null), item.nextAttemptAt, item.lastError ?? null, Date.now(), item.sentAt ?? null]);
    return rowToOutbox(onlyRow(rows, 'INSERT INTO outbox'));
  }

  async enqueueOutbound(item: NewOutboxItem): Promise<OutboxItem> {
    return this.insertOutbound(this.pool, item);
  }

  async claimDueOutbound(now: number, limit: number, leaseMs: number): Promise<OutboxItem[]> {
    const rows = await this.q<OutboxRow>(claimOutboundSql, [now, limit, now + leaseMs]);
    return rows.map(rowToOutbox).sort((a, b) => a.seq - b.seq);
  }

  /**
   * "Sent" marks arriving while others are written go together in ONE statement (a burst sends
   * several replies per message; one commit each was a round trip and a WAL flush each).
   */
  private readonly sentMarks = new GroupWrite<{ id: string; at: number }>((marks) => this.q(`UPDATE outbox o
      SET status = 'sent', sent_at = m.at, attempts = o.attempts + 1, lease_until = NULL
      FROM unnest($1::uuid[], $2::bigint[]) AS m(id, at) WHERE o.id = m.id`, [marks.map((m) => m.id), marks.map((m) => m.at)]), 2);

  async markOutboundSent(id: string, now: number): Promise<void> {
    // not an outbox id at all: no row to mark (and no reason to fail the others of its group)
    if (!UUID.test(id)) return;
    await this.sentMarks.add({ id, at: now });
  }

  async releaseOutbound(ids: string[]): Promise<void> {
    if (ids.length) await this.q(`UPDATE outbox SET lease_until = NULL WHERE id = ANY($1) AND status = 'pending'`, [ids]);
  }

  async markOutboundFailed(id: string, error: string, nextAttemptAt: number | null): Promise<void> {
    await this.q(`UPDATE outbox SET attempts = attempts + 1, last_error = $2, lease_until = NULL,
      status = CASE WHEN $3::bigint IS NULL THEN 'failed' ELSE status END,
      next_attempt_at = COALESCE($3::bigint, next_attempt_at) WHERE id = $1`, [id, error, nextAttemptAt]);
  }

  async listOutbound(filter: { status?: OutboxItem['status']; ids?: string[]; limit?: number }): Promise<OutboxItem[]> {
    const rows = await this.q<OutboxRow>(`SELECT * FROM outbox WHERE ($1::text IS NULL OR status = $1) AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[])) ORDER BY seq LIMIT $2`,
      [filter.status ?? null, filter.limit ?? 1000, filter.ids ?? null]);
    return rows.map(rowToOutbox);
  }

  async saveCase(c: HandoffCase): Promise<void> {
    await this.q(`INSERT INTO cases (id, data, state, assignee, user_key, created_at, escalated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, state = EXCLUDED.state, assignee = EXCLUDED.assignee, escalated_at = EXCLUDED.escalated_at`,
    [c.id, c, c.state, c.assignee ?? null, `${c.channel}:${c.userId}`, c.createdAt, c.escalatedAt ?? null]);
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
    return Number(onlyRow(await this.q<{ n: string }>(`SELECT nextval('case_number') AS n`), 'nextval(case_number)').n);
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

  /** The change and the file's new text, in one transaction: the history and what every instance serves never disagree. */
  async recordKnowledgeChange(c: KnowledgeChange): Promise<void> {
    await this.tx(async (db) => {
      // publishers take turns, so versions become visible in the order they were given (a pull reads "newer than")
      await db.query('SELECT pg_advisory_xact_lock($1, 1)', [PUBLISH_LOCK]);
      await db.query('INSERT INTO knowledge_changes (id, entry_id, at, data) VALUES ($1, $2, $3, $4)', [c.id, c.entryId ?? null, c.at, c]);
      await db.query(`INSERT INTO knowledge_files (path, content, version, updated_at) VALUES ($1, $2, nextval('knowledge_file_version'), $3)
        ON CONFLICT (path) DO UPDATE SET content = EXCLUDED.content, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`, [c.file, c.after, c.at]);
    });
  }

  async publishedFilesSince(sinceVersion: number): Promise<PublishedFile[]> {
    const rows = await this.q<{ path: string; content: string | null; version: string }>('SELECT path, content, version FROM knowledge_files WHERE version > $1 ORDER BY version', [sinceVersion]);
    return rows.map((r) => ({ path: r.path, content: r.content, version: Number(r.version) }));
  }

  async listKnowledgeChanges(filter: { entryId?: string; limit?: number }): Promise<KnowledgeChange[]> {
    const rows = await this.q<{ data: KnowledgeChange }>(`SELECT data FROM knowledge_changes WHERE ($1::text IS NULL OR entry_id = $1)
      ORDER BY seq DESC LIMIT $2`, [filter.entryId ?? null, filter.limit ?? 1000]);
    return rows.map((r) => r.data);
  }

  async getKnowledgeChange(id: string): Promise<KnowledgeChange | undefined> {
    return (await this.q<{ data: KnowledgeChange }>('SELECT data FROM knowledge_changes WHERE id = $1', [id]))[0]?.data;
  }

  async getSetting(key: string): Promise<string | undefined> {
    return (await this.q<{ value: string }>('SELECT value #>> \'{}\' AS value FROM settings WHERE key = $1', [key]))[0]?.value;
  }

  /** An upsert, safe to retry: waits out a busy database (a Bot Framework webhook saves its conversation reference here before its ack). */
  async saveSetting(key: string, value: string): Promise<void> {
    await this.patientQuery(this.pool, `INSERT INTO settings (key, value, updated_at) VALUES ($1, to_jsonb($2::text), $3)
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`, [key, value, Date.now()]);
  }

  /**
   * In-process first (one connection per name at most on this instance, waiters in order), then
   * a session advisory lock on a connection of its own, held while `fn` runs. If this instance
   * dies, PostgreSQL drops the connection and the lock with it: the next waiter goes on at once.
   */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (this.localLocks.holds(name)) return fn();
    return this.localLocks.run(name, () => this.lockSlots.run(async () => {
      const client = await this.lockPool.connect().catch((err) => Promise.reject(asStoreError(err)));
      let broken: Error | undefined;
      try {
        await client.query('SELECT pg_advisory_lock($1, hashtext(current_schema() || $2))', [LOCK_NAMESPACE, name]).catch((err) => {
          broken = err as Error;
          throw asStoreError(err);
        });
        try {
          return await fn();
        } finally {
          // a failed unlock leaves the lock on this connection: destroy it, the server then frees the lock
          await client.query('SELECT pg_advisory_unlock($1, hashtext(current_schema() || $2))', [LOCK_NAMESPACE, name]).catch((err) => (broken = err as Error));
        }
      } finally {
        client.release(broken);
      }
    }));
  }

  async pendingInboundOf(channel: string, userId: string, limit: number): Promise<PendingInbound[]> {
    const rows = await this.q<{ inbound: PendingInbound['inbound']; accepted_at: string }>(`SELECT inbound, accepted_at FROM inbox
      WHERE user_key = $1 ORDER BY seq LIMIT $2`, [`${channel}:${userId}`, limit]);
    return rows.map((r) => ({ inbound: r.inbound, acceptedAt: Number(r.accepted_at) }));
  }

  async escalateCase(id: string, now: number): Promise<HandoffCase | null> {
    const rows = await this.q<{ data: HandoffCase }>(`UPDATE cases SET escalated_at = $2,
      data = data || jsonb_build_object('escalatedAt', $2::bigint, 'updatedAt', $2::bigint)
      WHERE id = $1 AND state = 'open' AND escalated_at IS NULL RETURNING data`, [id, now]);
    return rows[0]?.data ?? null;
  }

  async closeCase(id: string, closedBy: string, now: number): Promise<HandoffCase | null> {
    const rows = await this.q<{ data: HandoffCase }>(`UPDATE cases SET state = 'closed',
      data = data || jsonb_build_object('state', 'closed', 'closedAt', $3::bigint, 'closedBy', $2::text, 'updatedAt', $3::bigint)
      WHERE id = $1 AND state <> 'closed' RETURNING data`, [id, closedBy, now]);
    return rows[0]?.data ?? null;
  }

  async revokeAdminSession(nonce: string, expiresAt: number): Promise<void> {
    await this.q(`INSERT INTO admin_revoked (nonce, expires_at) VALUES ($1, $2)
      ON CONFLICT (nonce) DO UPDATE SET expires_at = GREATEST(admin_revoked.expires_at, EXCLUDED.expires_at)`, [nonce, expiresAt]);
    void this.q('DELETE FROM admin_revoked WHERE expires_at < $1', [Date.now()]).catch(() => undefined);
  }

  async adminSessionRevoked(nonce: string, now: number): Promise<boolean> {
    return (await this.q('SELECT 1 FROM admin_revoked WHERE nonce = $1 AND expires_at >= $2', [nonce, now])).length > 0;
  }

  async hitCounter(key: string, windowMs: number, now: number): Promise<Counter> {
    // one statement: concurrent hits from several instances each add exactly one
    const rows = await this.q<{ count: number; reset_at: string; last_at: string }>(`INSERT INTO counters (key, count, reset_at, last_at)
      VALUES ($1, 1, $2 + $3::bigint, $2)
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN counters.reset_at <= $2 THEN 1 ELSE counters.count + 1 END,
        reset_at = CASE WHEN counters.reset_at <= $2 THEN $2 + $3::bigint ELSE counters.reset_at END,
        last_at = $2
      RETURNING count, reset_at, last_at`, [key, now, windowMs]);
    if (Math.random() < 0.001) void this.q('DELETE FROM counters WHERE reset_at <= $1', [now]).catch(() => undefined);
    const row = onlyRow(rows, 'INSERT INTO counters');
    return { count: row.count, resetAt: Number(row.reset_at), lastAt: Number(row.last_at) };
  }

  async readCounter(key: string, now: number): Promise<Counter> {
    const r = (await this.q<{ count: number; reset_at: string; last_at: string }>('SELECT count, reset_at, last_at FROM counters WHERE key = $1 AND reset_at > $2', [key, now]))[0];
    return r ? { count: r.count, resetAt: Number(r.reset_at), lastAt: Number(r.last_at) } : { count: 0, resetAt: now, lastAt: 0 };
  }

  async resetCounter(key: string): Promise<void> {
    await this.q('DELETE FROM counters WHERE key = $1', [key]);
  }

  async pushChatInbox(userId: string, parts: unknown[], now: number): Promise<void> {
    await this.q('INSERT INTO chat_inbox (user_id, parts, at) VALUES ($1, $2, $3)', [userId, JSON.stringify(parts), now]);
    await this.q(`DELETE FROM chat_inbox WHERE user_id = $1 AND id <= (SELECT id FROM chat_inbox WHERE user_id = $1 ORDER BY id DESC OFFSET $2 LIMIT 1)`, [userId, CHAT_PER_USER]);
  }

  async takeChatInbox(userId: string): Promise<unknown[][]> {
    // DELETE ... RETURNING: of two instances polling at once, each message goes to one of them
    const rows = await this.q<{ id: string; parts: unknown[] }>('DELETE FROM chat_inbox WHERE user_id = $1 RETURNING id, parts', [userId]);
    return rows.sort((a, b) => Number(a.id) - Number(b.id)).map((r) => r.parts);
  }
}
