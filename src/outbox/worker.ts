import type { Logger } from '../domain/logger.js';
import { sendFailures, sends } from '../metrics/registry.js';
import type { OutboxItem, Store } from '../store/types.js';
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './backoff.js';
import { toDeliveryError } from './delivery-error.js';

/** Sends one outbox item to its platform; throws (ideally a DeliveryError) when it did not go. */
export type Deliver = (item: OutboxItem, signal: AbortSignal) => Promise<void>;

export interface OutboxWorkerOptions {
  /** How often the store is asked for due items, besides the pokes after each enqueue. */
  pollMs?: number;
  /** How long a claimed item belongs to this instance (longer than one platform call). */
  leaseMs?: number;
  /** Items in flight at once (never more than one per user: the store keeps per-user order). */
  concurrency?: number;
  /** On shutdown, how long sends in flight may finish before they are abandoned (and resent later). */
  graceMs?: number;
  retry?: Partial<RetryPolicy>;
}

interface ChannelEntry {
  deliver: Deliver;
  policy: RetryPolicy;
}

/**
 * Drains the persisted outbox: claims due items, hands each to its channel's Deliver, then marks
 * it sent, reschedules it with backoff and jitter, or keeps it as failed with the error. Runs on
 * every instance; the store's claim lease makes sure only one of them sends a given item.
 */
export class OutboxWorker {
  private readonly channels = new Map<string, ChannelEntry>();
  private readonly gaveUp: ((item: OutboxItem, error: string) => Promise<void> | void)[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private draining = false;
  private again = false;
  private stopped = true;
  private readonly opts: Required<Omit<OutboxWorkerOptions, 'retry'>> & { retry: RetryPolicy };

  constructor(private readonly store: Store, private readonly log: Logger, opts: OutboxWorkerOptions = {}) {
    this.opts = {
      pollMs: opts.pollMs ?? 500,
      leaseMs: opts.leaseMs ?? 30_000,
      concurrency: opts.concurrency ?? 16,
      graceMs: opts.graceMs ?? 3000,
      retry: { ...DEFAULT_RETRY, ...opts.retry },
    };
  }

  /** A channel says how to send its items; `retry` overrides the worker's policy for it. */
  register(channel: string, deliver: Deliver, retry?: Partial<RetryPolicy>): void {
    this.channels.set(channel, { deliver, policy: { ...this.opts.retry, ...retry } });
  }

  /** Called when a message fails for good (the handoff records failed member notifications). */
  onGaveUp(fn: (item: OutboxItem, error: string) => Promise<void> | void): void {
    this.gaveUp.push(fn);
  }

  /** True while a drain is due or a send is under way (tests wait for it to turn false). */
  get busy(): boolean {
    return this.draining || this.inFlight.size > 0;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.poke(), this.opts.pollMs);
    this.timer.unref();
    this.poke();
  }

  /** Asks for a drain soon (after an enqueue or a finished send); calls are coalesced. */
  poke(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      do {
        this.again = false;
        const room = this.opts.concurrency - this.inFlight.size;
        if (room <= 0 || this.stopped) break;
        const items = await this.store.claimDueOutbound(Date.now(), room, this.opts.leaseMs);
        for (const item of items) this.dispatch(item);
      } while (this.again && !this.stopped);
    } catch (err) {
      this.log.warn({ err }, 'OUTBOX_CLAIM_FAILED: will try again');
    } finally {
      this.draining = false;
    }
  }

  private dispatch(item: OutboxItem): void {
    const entry = this.channels.get(item.channel);
    if (!entry) return; // channel off on this instance: the lease runs out, the item waits
    const run = this.send(item, entry).finally(() => {
      this.inFlight.delete(run);
      this.poke(); // the user's next item may go now
    });
    this.inFlight.add(run);
  }

  private async send(item: OutboxItem, entry: ChannelEntry): Promise<void> {
    try {
      await entry.deliver(item, this.abort.signal);
      await this.store.markOutboundSent(item.id, Date.now());
      sends.inc({ platform: item.channel });
    } catch (raw) {
      if (this.abort.signal.aborted) return; // shutting down: the next start sends it again
      await this.recordFailure(item, entry.policy, raw).catch((err) => this.log.error({ err }, 'OUTBOX_MARK_FAILED'));
    }
  }

  private async recordFailure(item: OutboxItem, policy: RetryPolicy, raw: unknown): Promise<void> {
    const err = toDeliveryError(raw);
    const attempts = item.attempts + 1;
    sendFailures.inc({ platform: item.channel, retry: String(err.retryable && attempts < policy.maxAttempts) });
    const where = { channel: item.channel, outboxId: item.id, attempts, error: err.message };
    if (!err.retryable || attempts >= policy.maxAttempts) {
      this.log.warn(where, `OUTBOX_FAILED: gave up on a message (${err.retryable ? 'too many attempts' : 'the platform refused it'})`);
      await this.store.markOutboundFailed(item.id, err.message, null);
      for (const fn of this.gaveUp) await Promise.resolve(fn(item, err.message)).catch((e: unknown) => this.log.warn({ err: e }, 'OUTBOX_GAVE_UP_HOOK_FAILED'));
      return;
    }
    const delay = Math.max(backoffDelay(attempts, policy), Math.min(err.retryAfterMs ?? 0, policy.maxMs));
    this.log.info({ ...where, retryInMs: delay }, 'OUTBOX_RETRY: platform did not take the message, trying again later');
    await this.store.markOutboundFailed(item.id, err.message, Date.now() + delay);
  }

  /** Stops claiming; lets sends in flight finish for `graceMs`, then abandons them (resent on restart). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const all = Promise.allSettled([...this.inFlight]);
    const grace = new Promise<void>((r) => setTimeout(r, this.opts.graceMs).unref());
    await Promise.race([all, grace]);
    this.abort.abort();
    await all;
  }
}
