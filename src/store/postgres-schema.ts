import type pg from 'pg';

/**
 * Numbered migrations, applied once each, in order. Never edit a released one: add the next.
 * Times are epoch milliseconds (bigint) like the rest of the Store; documents the bot reads whole
 * (sessions, cases, events) are jsonb, with the columns the database must constrain or search on
 * pulled out beside them.
 */
export const migrations: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE sessions (key text PRIMARY KEY, data jsonb NOT NULL, updated_at bigint NOT NULL);
      CREATE TABLE processed (
        channel text NOT NULL, message_id text NOT NULL, expires_at bigint NOT NULL,
        PRIMARY KEY (channel, message_id));
      CREATE INDEX processed_expires_at ON processed (expires_at);
      CREATE TABLE inbox (
        channel text NOT NULL, message_id text NOT NULL, inbound jsonb NOT NULL,
        accepted_at bigint NOT NULL, lease_until bigint NOT NULL,
        PRIMARY KEY (channel, message_id));
      CREATE TABLE outbox (
        id uuid PRIMARY KEY, seq bigserial UNIQUE, channel text NOT NULL, user_id text NOT NULL,
        body jsonb NOT NULL, status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0, next_attempt_at bigint NOT NULL, last_error text,
        created_at bigint NOT NULL, sent_at bigint, lease_until bigint);
      CREATE INDEX outbox_pending_by_user ON outbox (channel, user_id, seq) WHERE status = 'pending';
      CREATE INDEX outbox_status_seq ON outbox (status, seq);
      CREATE TABLE cases (
        id text PRIMARY KEY, data jsonb NOT NULL, state text NOT NULL, assignee text,
        user_key text NOT NULL, created_at bigint NOT NULL);
      CREATE INDEX cases_state ON cases (state, created_at DESC);
      CREATE INDEX cases_user_key ON cases (user_key);
      CREATE SEQUENCE case_number;
      CREATE TABLE events (id bigserial PRIMARY KEY, at bigint NOT NULL, decision text NOT NULL, data jsonb NOT NULL);
      CREATE INDEX events_at ON events (at);
      CREATE TABLE feedback (id bigserial PRIMARY KEY, at bigint NOT NULL, data jsonb NOT NULL);
      CREATE INDEX feedback_at ON feedback (at);
      CREATE TABLE admin_users (name text PRIMARY KEY, data jsonb NOT NULL);
      CREATE TABLE knowledge_changes (
        id text PRIMARY KEY, seq bigserial UNIQUE, entry_id text, at bigint NOT NULL, data jsonb NOT NULL);
      CREATE INDEX knowledge_changes_entry ON knowledge_changes (entry_id, seq DESC);
      CREATE TABLE settings (key text PRIMARY KEY, value jsonb NOT NULL, updated_at bigint NOT NULL);
    `,
  },
  {
    version: 2,
    // one user's recent events (handoff shows them to the team member) without a scan
    sql: `
      ALTER TABLE events ADD COLUMN user_key text;
      UPDATE events SET user_key = data->>'userKey';
      CREATE INDEX events_user_key ON events (user_key, id);
    `,
  },
  {
    version: 3,
    // scale-out: the inbox by user (ordered turns), case escalation, admin sign-out and sign-in
    // counters shared, the web chat inbox shared
    sql: `
      ALTER TABLE inbox ADD COLUMN user_key text, ADD COLUMN seq bigserial;
      UPDATE inbox SET user_key = (inbound->>'channel') || ':' || (inbound->>'userId');
      CREATE INDEX inbox_user_key ON inbox (user_key, seq);
      ALTER TABLE cases ADD COLUMN escalated_at bigint;
      UPDATE cases SET escalated_at = (data->>'escalatedAt')::bigint;
      CREATE TABLE admin_revoked (nonce text PRIMARY KEY, expires_at bigint NOT NULL);
      CREATE TABLE counters (key text PRIMARY KEY, count integer NOT NULL, reset_at bigint NOT NULL, last_at bigint NOT NULL);
      CREATE TABLE chat_inbox (id bigserial PRIMARY KEY, user_id text NOT NULL, parts jsonb NOT NULL, at bigint NOT NULL);
      CREATE INDEX chat_inbox_user ON chat_inbox (user_id, id);
    `,
  },
  {
    version: 4,
    // which instance accepted an inbox message: a dead owner's messages are taken over at once
    sql: `ALTER TABLE inbox ADD COLUMN owner text;`,
  },
  {
    version: 5,
    // files edited through the admin (knowledge, lexicon, teams, locales): the latest text of each,
    // which every instance applies to its own folders (src/knowledge/published-files.ts)
    sql: `
      CREATE SEQUENCE knowledge_file_version;
      CREATE TABLE knowledge_files (path text PRIMARY KEY, content text, version bigint NOT NULL, updated_at bigint NOT NULL);
      CREATE INDEX knowledge_files_version ON knowledge_files (version);
    `,
  },
];

/** Arbitrary but fixed: the advisory-lock namespace of this bot's migrations. */
const LOCK_NAMESPACE = 7_270_901;

/**
 * Applies the missing migrations. An advisory lock (per schema) makes instances that start
 * together take turns: the second one waits, then finds nothing left to do.
 */
export async function migrate(client: pg.ClientBase): Promise<number[]> {
  await client.query('SELECT pg_advisory_lock($1, hashtext(current_schema()))', [LOCK_NAMESPACE]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`STORE_MIGRATION_FAILED: migration ${m.version}: ${(err as Error).message}`);
      }
      applied.push(m.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1, hashtext(current_schema()))', [LOCK_NAMESPACE]);
  }
}
