import type { Logger } from '../domain/logger.js';
import type { Inbound } from '../domain/messages.js';
import { userLock } from './locks.js';
import type { Store } from './types.js';
import { dropSecret } from '../nlu/safety.js';

/** How long a platform message id is remembered for deduplication (platforms retry for hours). */
export const DEDUPE_TTL_MS = 7 * 24 * 3600_000;
/** How long the accepting instance owns a message before another may take it over. */
export const PROCESS_LEASE_MS = 60_000;

/** Turns run at once by this instance; the rest wait their turn (they are safe in the inbox). */
export const PROCESS_CONCURRENCY = 32;
/** Accepted but unanswered messages this instance holds before it asks the platform to retry later. */
export const MAX_BACKLOG = 1000;
/** Stale messages claimed per round of recovery; rounds repeat until none are left. */
const RECOVER_BATCH = 100;

export type InboundProcessor = (inbound: Inbound & { messageId: string }) => Promise<void>;

/**
 * The durable inbox shared by the channels: a webhook calls `accept` BEFORE it answers 2xx (so a
 * message the platform saw acknowledged is on disk / committed), then `process` after answering.
 * The processor a channel registers runs the turn and hands its rendered replies to
 * `store.completeInbound`, which enqueues them and closes the inbox entry in one atomic step.
 * If the process dies in between, `recover` (at start, then every `intervalMs`) re-runs what
 * was accepted but never completed, here or on any instance sharing the database.
 */
export class Inbox {
  private readonly processors = new Map<string, InboundProcessor>();
  private timer: NodeJS.Timeout | null = null;
  private running = new Set<Promise<void>>();
  private readonly waiting: (Inbound & { messageId: string })[] = [];
  /** `${channel}:${messageId}` running or waiting here: recovery must not start them twice. */
  private readonly mine = new Set<string>();

  constructor(private readonly store: Store, private readonly log: Logger, private readonly leaseMs = PROCESS_LEASE_MS) {}

  register(channel: string, processor: InboundProcessor): void {
    this.processors.set(channel, processor);
  }

  /** Messages accepted here and not answered yet. */
  get backlog(): number {
    return this.running.size + this.waiting.length;
  }

  /**
   * Dedupes and keeps the message; resolves false for a redelivery (answer it 200, do nothing).
   * Under more load than the turns can follow it throws a 503 instead, so the platform keeps the
   * message and retries later: acknowledging without limit would only grow a queue (and, for
   * lowdb, the file rewritten with every change).
   */
  accept(inbound: Inbound & { messageId: string }): Promise<boolean> {
    if (this.backlog >= MAX_BACKLOG) {
      return Promise.reject(Object.assign(new Error('INBOX_FULL: too many messages waiting; retry later'), { statusCode: 503 }));
    }
    dropSecret(inbound); // a secret is never written to the inbox, not even for a moment
    return this.store.acceptInbound(inbound, DEDUPE_TTL_MS, this.leaseMs);
  }

  /** Runs the channel's processor in the background; a failure stays in the inbox for `recover`. */
  process(inbound: Inbound & { messageId: string }): void {
    this.mine.add(`${inbound.channel}:${inbound.messageId}`);
    if (this.running.size >= PROCESS_CONCURRENCY) {
      this.waiting.push(inbound);
      return;
    }
    const processor = this.processors.get(inbound.channel);
    if (!processor) {
      this.log.error({ channel: inbound.channel }, 'INBOX_NO_PROCESSOR: accepted a message no channel can process');
      this.mine.delete(`${inbound.channel}:${inbound.messageId}`);
      return;
    }
    const run = this.store.withLock(userLock(inbound.channel, inbound.userId), () => this.inOrder(inbound, processor)).catch((err) => {
      this.log.error({ channel: inbound.channel, messageId: inbound.messageId, err }, 'INBOX_PROCESS_FAILED: will retry after the lease');
    });
    this.running.add(run);
    void run.finally(() => {
      this.running.delete(run);
      this.mine.delete(`${inbound.channel}:${inbound.messageId}`);
      const next = this.waiting.shift();
      if (next) this.process(next);
    });
  }

  /**
   * Runs under the user's lock (shared by every instance): answers the user's pending messages
   * oldest accepted first, up to and including `inbound`, so replies keep the order of the
   * messages even when a later one reached another instance first. Each run completes its
   * message (completeInbound drops it from the inbox) before the lock passes on; a message
   * someone else already answered is simply no longer there.
   */
  private async inOrder(inbound: Inbound & { messageId: string }, processor: InboundProcessor): Promise<void> {
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
        this.process(p.inbound);
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
    for (const w of this.waiting.splice(0)) this.mine.delete(`${w.channel}:${w.messageId}`);
    while (this.running.size) await Promise.all([...this.running]);
  }
}
