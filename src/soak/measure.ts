import pg from 'pg';
import type { PlatformSend } from './fake-platforms.js';
import { questionOf, userOf } from './drive.js';

export interface SoakFigures {
  replied: number;
  lostMessages: number;
  duplicateReplies: number;
  lostSessionUpdates: number;
  outOfOrderReplies: number;
  /** Replied messages per channel (every channel of the mix must show up). */
  repliedByChannel: Record<string, number>;
}

/**
 * Waits until no instance has anything left to do (inbox empty, no pending reply). Gives up only
 * when the work left has not shrunk for `stallMs`: on a busy machine draining takes longer, and
 * "not finished yet" must not be counted as lost.
 */
export async function waitSettled(url: string, stallMs: number): Promise<boolean> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    let least = Number.POSITIVE_INFINITY;
    let progressAt = Date.now();
    while (Date.now() - progressAt < stallMs) {
      const { rows } = await db.query<{ n: string }>(`SELECT (SELECT count(*) FROM inbox) + (SELECT count(*) FROM outbox WHERE status = 'pending') AS n`);
      const left = Number(rows[0]?.n ?? 0);
      if (left === 0) return true;
      if (left < least) {
        least = left;
        progressAt = Date.now();
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    return false;
  } finally {
    await db.end();
  }
}

/** JSON with sorted keys: jsonb reorders keys, the platform saw them in the bot's order. */
/** How many times a value is smaller than the one before it. */
function descents(xs: number[]): number {
  return xs.filter((x, i) => i > 0 && x < (xs[i - 1] ?? x)).length;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

/** The connector gets the activity with the conversation's addressing added (from, recipient, replyToId…): compare what the bot wrote. */
const BF_CONTENT = ['type', 'text', 'attachments', 'suggestedActions', 'attachmentLayout', 'inputHint', 'textFormat'];

function platformView(channel: string, body: unknown): unknown {
  if (channel !== 'botframework' || !body || typeof body !== 'object') return body;
  const activity = body as Record<string, unknown>;
  return Object.fromEntries(BF_CONTENT.filter((k) => activity[k] !== undefined).map((k) => [k, activity[k]]));
}

/**
 * Compares what was accepted with what the database and the platform saw. Per user: every accepted
 * message must have run one turn (an event names its question) and the session must count every
 * turn; turns must run in the order of the messages; the platform must receive each reply the
 * outbox sent, once, in outbox order.
 */
export async function measure(url: string, users: number, accepted: Map<number, Set<number>>, sends: PlatformSend[], repliedInline: Map<number, Set<number>>): Promise<SoakFigures> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const events = (await db.query<{ user_key: string; text: string }>('SELECT user_key, data->>\'text\' AS text FROM events ORDER BY id')).rows;
  const sessions = new Map((await db.query<{ key: string; turns: number }>(`SELECT key, (data->>'turns')::int AS turns FROM sessions`)).rows.map((r) => [r.key, r.turns]));
  const outbox = (await db.query<{ channel: string; user_id: string; body: any; status: string }>('SELECT channel, user_id, body, status FROM outbox ORDER BY seq')).rows;
  await db.end();
  const f: SoakFigures = { replied: 0, lostMessages: 0, duplicateReplies: 0, lostSessionUpdates: 0, outOfOrderReplies: 0, repliedByChannel: {} };
  for (let u = 0; u < users; u++) {
    const user = userOf(u);
    const key = `${user.channel}:${user.userId}`;
    const index = new Map(Array.from({ length: 1000 }, (_, k) => [questionOf(k), k]));
    const turns = events.filter((e) => e.user_key === key).map((e) => index.get(e.text) ?? -1);
    const mine = outbox.filter((o) => o.channel === user.channel && o.user_id === user.userId);
    const delivered = mine.every((o) => o.status === 'sent');
    const got = accepted.get(u) ?? new Set<number>();
    const answered = user.channel === 'api' ? (repliedInline.get(u) ?? new Set<number>()) : new Set(delivered ? turns : []);
    for (const k of got) {
      if (!answered.has(k)) continue;
      f.replied += 1;
      f.repliedByChannel[user.channel] = (f.repliedByChannel[user.channel] ?? 0) + 1;
    }
    f.lostMessages += [...got].filter((k) => !answered.has(k)).length;
    f.lostSessionUpdates += Math.max(0, turns.length - (sessions.get(key) ?? 0));
    f.outOfOrderReplies += descents(turns);
    if (user.channel === 'api') continue;
    const expected = mine.filter((o) => o.status === 'sent').map((o) => canonical(platformView(user.channel, user.channel === 'zalo' ? o.body.params : o.body)));
    const seen = sends.filter((s) => s.channel === user.channel && s.userId === user.userId).map((s) => canonical(platformView(user.channel, s.body)));
    f.duplicateReplies += Math.max(0, seen.length - expected.length);
    // order: replies whose body is unique among the user's, first arrival at the platform in outbox order
    // (a body several replies share, such as a closing hint, cannot tell which message it answered)
    const unique = expected.filter((e) => expected.indexOf(e) === expected.lastIndexOf(e));
    const arrived = unique.map((e) => seen.indexOf(e)).filter((at) => at >= 0);
    f.outOfOrderReplies += descents(arrived);
  }
  return f;
}
