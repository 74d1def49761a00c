import type { Logger } from '../domain/logger.js';
import type { Inbound } from '../domain/messages.js';
import { userLock } from './locks.js';
import type { Store } from './types.js';
import { dropSecret } from '../nlu/safety.js';

/** How long a platform message id is remembered for deduplication (platforms retry for hours). */
export const DEDUPE_TTL_MS = 7 * 24 * 3600_000;
/** How long the accepting instance owns a message before another may take it over. */
export const PROCESS_LEASE_MS = 60_000;

/** Users whose messages this instance processes at once (one message per user at a time). */
export const PROCESS_CONCURRENCY = 32;
/** Default of INBOX_MAX_PENDING: accepted but unanswered messages this instance may hold. */
export const DEFAULT_MAX_PENDING = 20_000;
/** Past this many unanswered messages, acks slow down (back-pressure) instead of being refused. */
export const ACK_SLOW_FROM = 2_000;
/** The longest an ack is delayed by back-pressure. */
export const MAX_ACK_DELAY_MS = 250;
/**
 * Webhooks count as still arriving this long after the last accept began or ended: during a
 * burst the accepts in flight drop to zero for a moment between two answers (the platform's next
 * request is on its way), and turns let in at that moment would compete with it.
 */
export const ACK_QUIET_MS = 5;
/**
 * The longest a turn or a reply's send is held back while webhooks are being acknowledged (then
 * it runs anyway): a burst's 200s go first, a steady stream of webhooks never starves replies.
 */
export const ACK_PRIORITY_MAX_HOLD_MS = 1_000;
/** A user's messages waiting here beyond this are answered with one "slow down" and then dropped. */
export const MAX_WAITING_PER_USER = 10;
/** Stale messages claimed per round of recovery; rounds repeat until none are left. */
const RECOVER_BATCH = 100;

export interface ProcessOptions {
  /**
   * Set when the sender already had MAX_WAITING_PER_USER messages waiting: the processor closes
   * the message without a turn (`notice` true for the first of a run: answer "slow down" once).
   */
  excess?: { notice: boolean };
}

export type InboundProcessor = (inbound: Inbound & { messageId: string }, opts?: ProcessOptions) => Promise<void>;

export interface InboxOptions {
  /** How long the accepting instance owns a message before another may take it over. */
  leaseMs?: number;
  /** INBOX_MAX_PENDING: past it a webhook is answered 503 (the store's budget is spent). */
  maxPending?: number;
}

/** Thrown by accept past INBOX_MAX_PENDING: a documented limit, answered 503 + Retry-After. */
export class InboxFullError extends Error {
  readonly statusCode = 503;
  readonly code = 'INBOX_FULL';
  constructor(limit: number) {
    super(`INBOX_FULL: ${limit} messages are waiting to be answered (INBOX_MAX_PENDING); retry later`);
  }
}

type Message = Inbound & { messageId: string };
interface UserQueue { messages: { inbound: Message; excess?: { notice: boolean } }[]; flooding: boolean }

/**
 * The durable inbox shared by the channels: a webhook calls `accept` BEFORE it answers 2xx (so a
 * message the platform saw acknowledged is on disk / committed; many arriving together share one
 * write), then `process` after answering. Processing is decoupled from the ack: each user has a
 * queue here, up to PROCESS_CONCURRENCY users are processed at once (one message per user at a
 * time, users taken round-robin so a flooding user never holds back another). The processor a
 * channel registers runs the turn and hands its rendered replies to `store.completeInbound`,
 * which enqueues them and closes the inbox entry in one atomic step. If the process dies in
 * between, `recover` (at start, then every `intervalMs`) re-runs what was accepted but never
 * completed, here or on any instance sharing the database.
 *
 * Limits: an authentic webhook is refused (503 INBOX_FULL, counted) only past INBOX_MAX_PENDING
 * unanswered messages on this instance, or when the store cannot write; past ACK_SLOW_FROM the
 * ack is delayed a little instead. A user with more than MAX_WAITING_PER_USER messages waiting
 * gets their excess closed without a turn (one "slow down" reply, logged and counted).
 */
export class Inbox {
  private readonly processors = new Map<string, InboundProcessor>();
  private timer: NodeJS.Timeout | null = null;
  private running = new Set<Promise<void>>();
  /** Per-user queues of messages accepted here and not processed yet. */
  private readonly queues = new Map<string, UserQueue>();
  /** Users with messages waiting and no run under way, in the order they became ready. */
  private readonly ready: string[] = [];
  private readonly active = new Set<string>();
  private queued = 0;
  /** `${channel}:${messageId}` running or waiting here: recovery must not start them twice. */
  private readonly mine = new Set<string>();
  private readonly leaseMs: number;
  readonly maxPending: number;

  constructor(private readonly store: Store, private readonly log: Logger, opts: InboxOptions | number = {}) {
    const o = typeof opts === 'number' ? { leaseMs: opts } : opts;
    this.leaseMs = o.leaseMs ?? PROCESS_LEASE_MS;
    this.maxPending = o.maxPending ?? DEFAULT_MAX_PENDING;
  }

  register(channel: string, processor: InboundProcessor): void {
    this.processors.set(channel, processor);
  }

  /** Messages accepted here and not answered yet. */
  get backlog(): number {
    return this.running.size + this.queued + this.acceptsInFlight;
  }

  private acceptsInFlight = 0;

  /** Accepts past their back-pressure delay, writing to the store: what turns and sends yield to. */
  private writing = 0;
  private lastAcceptAt = -Infinity;

  /** Webhook messages being accepted right now (their platform waits for the answer). */
  get accepting(): number {
    return this.acceptsInFlight;
  }

  /**
   * True while webhooks are being acknowledged (or were, less than ACK_QUIET_MS ago): turns and
   * sends yield to them. An ack held back by back-pressure does not count: that delay is there
   * so the turns catch up.
   */
  get acking(): boolean {
    return this.writing > 0 || performance.now() - this.lastAcceptAt < ACK_QUIET_MS;
  }

  /**
   * Dedupes and keeps the message; resolves false for a redelivery (answer it 200, do nothing).
   * Under more load than the turns follow, the ack is delayed a little (back-pressure); only past
   * INBOX_MAX_PENDING it throws InboxFullError (503), so the platform keeps the message.
   */
  async accept(inbound: Message): Promise<boolean> {
    const backlog = this.backlog;
    if (backlog >= this.maxPending) throw new InboxFullError(this.maxPending);
    this.acceptsInFlight += 1;
    try {
      if (backlog > ACK_SLOW_FROM) await new Promise((r) => setTimeout(r, Math.min(MAX_ACK_DELAY_MS, (backlog - ACK_SLOW_FROM) / 20)));
      this.writing += 1;
      this.lastAcceptAt = performance.now();
      try {
        dropSecret(inbound); // a secret is never written to the inbox, not even for a moment
        return await this.store.acceptInbound(inbound, DEDUPE_TTL_MS, this.leaseMs);
      } finally {
        this.writing -= 1;
        this.lastAcceptAt = performance.now();
      }
    } finally {
      this.acceptsInFlight -= 1;
    }
  }

  /**
   * Queues the message behind its sender's earlier ones; a failure stays in the inbox for `recover`.
   * Only live messages count towards the flood cap: what a crash left was all acknowledged in time.
   */
  process(inbound: Message, from: 'live' | 'recovery' = 'live'): void {
    const id = `${inbound.channel}:${inbound.messageId}`;
    if (this.mine.has(id)) return;
    this.mine.add(id);
    const key = `${inbound.channel}:${inbound.userId}`;
    let q = this.queues.get(key);
    if (!q) this.queues.set(key, (q = { messages: [], flooding: false }));
    let excess: { notice: boolean } | undefined;
    if (from === 'live' && q.messages.length >= MAX_WAITING_PER_USER) {
      excess = { notice: !q.flooding };
      q.flooding = true;
    }
    q.messages.push({ inbound, excess });
    this.queued += 1;
    if (!this.active.has(key) && q.messages.length === 1) this.ready.push(key);
    this.pump();
  }

  /** Starts runs for ready users while there is room. */
  private pump(): void {
    while (this.running.size < PROCESS_CONCURRENCY) {
      const key = this.ready.shift();
      if (key === undefined) break;
      const q = this.queues.get(key);
      const next = q?.messages.shift();
      if (!q || !next) continue;
      this.queued -= 1;
      this.active.add(key);
      const run = this.runOne(next.inbound, next.excess);
      this.running.add(run);
      void run.finally(() => {
        this.running.delete(run);
        this.active.delete(key);
        this.mine.delete(`${next.inbound.channel}:${next.inbound.messageId}`);
        if (q.messages.length) this.ready.push(key); // round-robin: behind the users already waiting
        else {
          this.queues.delete(key);
        }
        this.pump();
      });
    }
  }

  private runOne(inbound: Message, excess?: { notice: boolean }): Promise<void> {
    const processor = this.processors.get(inbound.channel);
    if (!processor) {
      this.log.error({ channel: inbound.channel }, 'INBOX_NO_PROCESSOR: accepted a message no channel can process');
      return Promise.resolve();
    }
    const opts = excess ? { excess } : undefined;
    return this.store.withLock(userLock(inbound.channel, inbound.userId), () => this.inOrder(inbound, (m) => processor(m, m === inbound ? opts : undefined))).catch((err) => {
      this.log.error({ channel: inbound.channel, messageId: inbound.messageId, err }, 'INBOX_PROCESS_FAILED: will retry after the lease');
    });
  }

  /**
   * Runs under the user's lock (shared by every instance): answers the user's pending messages
   * oldest accepted first, up to and including `inbound`, so replies keep the order of the
   * messages even when a later one reached another instance first. Each run completes its
   * message (completeInbound drops it from the inbox) before the lock passes on; a message
   * someone else already answered is simply no longer there.
   */
  private async inOrder(inbound: Message, processor: (m: Message) => Promise<void>): Promise<void> {
    const done = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const pending = await this.store.pendingInboundOf(inbound.channel, inbound.userId, 50);
      // answered already (by another instance, under this lock); with 50 older ahead, recovery runs it later
      if (!pending.some((p) => p.inbound.messageId === inbound.messageId)) return;
      const [head] = pending;
      if (!head) return; // unreachable: ours is pending
      // ours is the oldest, or an older one already ran here and is still not completed: no second run
      if (head.inbound.messageId === inbound.messageId || done.has(head.inbound.messageId)) return processor(inbound);
      done.add(head.inbound.messageId);
      try {
        await processor(head.inbound);
      } catch (err) {
        // an older message that keeps failing must not hold the user's later ones back
        this.log.warn({ channel: head.inbound.channel, messageId: head.inbound.messageId, err }, 'INBOX_OLDER_FAILED: answering the newer message first');
        return processor(inbound);
      }
    }
    return processor(inbound);
  }

  /**
   * Re-runs accepted messages whose processing never completed: all of them, in batches, oldest
   * first, so each user's older messages are answered before their newer ones.
   */
  async recover(now = Date.now()): Promise<number> {
    let total = 0;
    for (;;) {
      const stale = await this.store.claimStaleInbound(now, RECOVER_BATCH, this.leaseMs);
      stale.sort((a, b) => a.acceptedAt - b.acceptedAt || a.inbound.time - b.inbound.time);
      for (const p of stale) {
        if (this.mine.has(`${p.inbound.channel}:${p.inbound.messageId}`)) continue; // slow, not dead
        this.log.warn({ channel: p.inbound.channel, messageId: p.inbound.messageId }, 'INBOX_RECOVER: answering a message accepted before a crash');
        this.process(p.inbound, 'recovery');
      }
      total += stale.length;
      if (stale.length < RECOVER_BATCH) return total;
    }
  }

  /**
   * Recovers now (resolving once what a crash left is queued ahead of any new message), then
   * every `intervalMs`.
   */
  async start(intervalMs = 10_000): Promise<void> {
    const tick = () => this.recover().catch((err) => {
      this.log.warn({ err }, 'INBOX_RECOVER_FAILED');
      return 0;
    });
    await tick();
    this.timer = setInterval(() => void tick(), intervalMs);
    this.timer.unref();
  }

  /** Stops recovering and waits for the messages being processed (those waiting stay in the inbox). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const q of this.queues.values()) for (const m of q.messages) this.mine.delete(`${m.inbound.channel}:${m.inbound.messageId}`);
    this.queues.clear();
    this.ready.length = 0;
    this.queued = 0;
    while (this.running.size) await Promise.all([...this.running]);
  }
}
