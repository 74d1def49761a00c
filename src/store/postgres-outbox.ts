import type { OutboxItem } from './types.js';

/** An outbox row as node-postgres returns it (bigint columns come back as strings). */
export interface OutboxRow {
  id: string;
  seq: string;
  channel: string;
  user_id: string;
  body: unknown;
  status: OutboxItem['status'];
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  lease_until?: string | null;
}

export function rowToOutbox(r: OutboxRow): OutboxItem {
  return {
    id: r.id,
    seq: Number(r.seq),
    channel: r.channel,
    userId: r.user_id,
    body: r.body,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: Number(r.next_attempt_at),
    ...(r.last_error !== null ? { lastError: r.last_error } : {}),
    createdAt: Number(r.created_at),
    ...(r.sent_at !== null ? { sentAt: Number(r.sent_at) } : {}),
  };
}

/**
 * Claims due items for several instances at once. Only the head (oldest pending item) of each
 * user's queue is a candidate, so per-user order holds however many workers run; `SKIP LOCKED`
 * lets a second worker pass over rows the first is claiming instead of waiting or double-sending.
 * The due/lease conditions sit on the locked row itself so PostgreSQL re-checks them on the
 * newest version after the lock (the `heads` snapshot may be a moment old).
 * $1 now, $2 limit, $3 lease end.
 */
export const claimOutboundSql = `
  WITH heads AS (
    SELECT DISTINCT ON (channel, user_id) id FROM outbox
    WHERE status = 'pending' ORDER BY channel, user_id, seq
  ), due AS (
    SELECT o.id FROM outbox o JOIN heads h ON h.id = o.id
    WHERE o.status = 'pending' AND o.next_attempt_at <= $1 AND (o.lease_until IS NULL OR o.lease_until <= $1)
    ORDER BY o.seq LIMIT $2
    FOR UPDATE OF o SKIP LOCKED
  )
  UPDATE outbox SET lease_until = $3 FROM due WHERE outbox.id = due.id
  RETURNING outbox.*`;
