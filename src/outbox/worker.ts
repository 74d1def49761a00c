import { setMaxListeners } from 'node:events';
import type { Logger } from '../domain/logger.js';
import { HOLD_RECHECK_MS, type AckPriority } from '../lib/ack-priority.js';
import { sendFailures, sends } from '../metrics/registry.js';
import type { OutboxItem, OutboxLease, Store } from '../store/types.js';
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './backoff.js';
import { toDeliveryError } from './delivery-error.js';

/** Default of OUTBOX_SEND_CONCURRENCY: platform calls in flight at once, per platform. */
export const DEFAULT_SEND_CONCURRENCY = 32;

/** Sends one outbox item to its platform; throws (ideally a DeliveryError) when it did not go. */
export type Deliver = (item: OutboxItem, signal: AbortSignal) => Promise<void>;

export interface OutboxWorkerOptions {
  /** How often the store is asked for due items (retries, items of a dead instance, handoff messages). */
  pollMs?: number;
  /** How long a claimed item belongs to this instance (longer than one platform call). */
  leaseMs?: number;
  /** Platform calls in flight at once, per platform (OUTBOX_SEND_CONCURRENCY); never more than one per user. */
  concurrency?: number;
  /** On shutdown, how long sends in flight may finish before they are abandoned (and resent later). */
  graceMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Sends wait (at most `maxHoldMs`) while webhooks are being acknowledged: the acks go first. */
  yieldTo?: AckPriority;
}

interface ChannelEntry {
  deliver: Deliver;
  policy: RetryPolicy;
  /** Users of this platform with an item ready to send and none in flight, in order, with when they became ready. */
  ready: { key: string; since: number }[];
  inFlight: number;
}

interface UserLine {
  /** This user's items held by this worker (claimed or leased), oldest first; the first may be in flight. */
  items: OutboxItem[];
  busy: boolean;
  /** Fed by a claim from the store, which may hold the user's next items: claim again when the line ends. */
  claimed?: boolean;
}

/**
 * Sends the outbox. Replies of a turn come straight from memory: completeInbound claims them for
 * this worker in the same durable write that enqueues them, and `offer` hands them over, so no
 * poll stands between a turn and its send. The store is still polled (`pollMs`) for what memory
 * does not hold: retries after backoff, items of a dead instance whose lease ran out, handoff
 * messages. Each user's items go one at a time, oldest first (the next only after the previous is
 * marked sent); different users go in parallel, at most `concurrency` platform calls per platform.
 * A send is marked sent, rescheduled with backoff and jitter, or kept as failed with the error.
 * Runs on every instance; the store's claim lease makes sure only one of them sends a given item.
 */
export class OutboxWorker {
  private readonly channels = new Map<string, ChannelEntry>();
  private readonly gaveUp: ((item: OutboxItem, error: string) => Promise<void> | void)[] = [];
  private readonly settled = new Set<(id: string) => void>();
  private readonly users = new Map<string, UserLine>();
  /** Users whose item failed and waits for its retry: their newer items go through the store, behind it. */
  private readonly blocked = new Map<string, { id: string; until: number }>();
  /** Users with items left in the store behind the ones held here: claimed once this line ends. */
  private readonly behind = new Set<string>();

  private isBlocked(key: string): boolean {
    const b = this.blocked.get(key);
    if (b && b.until <= Date.now()) this.blocked.delete(key);
    return this.blocked.has(key);
  }
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  /** Set while sends are held for the acks: looks again shortly. */
  private recheck: NodeJS.Timeout | null = null;
  private draining = false;
  private again = false;
  private stopped = true;
  private readonly opts: Required<Omit<OutboxWorkerOptions, 'retry' | 'yieldTo'>> & { retry: RetryPolicy; yieldTo?: AckPriority };

  constructor(private readonly store: Store, private readonly log: Logger, opts: OutboxWorkerOptions = {}) {
    this.opts = {
      pollMs: opts.pollMs ?? 500,
      leaseMs: opts.leaseMs ?? 30_000,
      concurrency: opts.concurrency ?? DEFAULT_SEND_CONCURRENCY,
      graceMs: opts.graceMs ?? 3000,
      retry: { ...DEFAULT_RETRY, ...opts.retry },
      yieldTo: opts.yieldTo,
    };
    // every send in flight listens on this one signal (up to `concurrency` per platform): more than
    // Node's default of 10 listeners is the design, not a leak, so no MaxListenersExceededWarning
    setMaxListeners(0, this.abort.signal);
  }

  /** A channel says how to send its items; `retry` overrides the worker's policy for it. */
  register(channel: string, deliver: Deliver, retry?: Partial<RetryPolicy>): void {
    this.channels.set(channel, { deliver, policy: { ...this.opts.retry, ...retry }, ready: [], inFlight: 0 });
  }

  /** Called when a message fails for good (the handoff records failed member notifications). */
  onGaveUp(fn: (item: OutboxItem, error: string) => Promise<void> | void): void {
    this.gaveUp.push(fn);
  }

  /** Called with an item's id each time this worker records its outcome (sent, retry set, given up); returns the unsubscribe. */
  onSettled(fn: (id: string) => void): () => void {
    this.settled.add(fn);
    return () => this.settled.delete(fn);
  }

  private announce(id: string): void {
    for (const fn of this.settled) fn(id);
  }

  /** True while a drain is due or a send is under way (tests wait for it to turn false). */
  get busy(): boolean {
    return this.draining || this.inFlight.size > 0 || this.users.size > 0;
  }

  /** The claim a turn's completeInbound asks for: this worker's lease and the user's items it holds. */
  leaseFor(channel: string, userId: string): OutboxLease | undefined {
    const key = `${channel}:${userId}`;
    if (this.stopped || this.isBlocked(key) || !this.channels.has(channel)) return undefined;
    return { ms: this.opts.leaseMs, after: (this.users.get(key)?.items ?? []).map((i) => i.id) };
  }

  /** Takes items completeInbound claimed for this worker and sends them, in order, after the user's earlier ones. */
  offer(items: OutboxItem[]): void {
    const mine = items.filter((i) => i.leasedUntil !== undefined);
    if (mine.length < items.length) {
      // left in the store behind older items: the drain sends them, now or once this user's line here ends
      this.behind.add(`${items[0]!.channel}:${items[0]!.userId}`);
      this.poke();
    }
    if (!mine.length) return;
    const key = `${mine[0]!.channel}:${mine[0]!.userId}`;
    if (this.stopped || this.isBlocked(key)) {
      void this.store.releaseOutbound(mine.map((i) => i.id)).catch(() => undefined).then(() => this.poke());
      return;
    }
    for (const item of mine) this.hold(item);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.poke(), this.opts.pollMs);
    this.timer.unref();
    this.poke();
  }

  /** Asks for a drain soon (after an enqueue); calls are coalesced. */
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
        const room = Math.max(0, ...[...this.channels.values()].map((c) => this.opts.concurrency - c.inFlight - c.ready.length));
        if (room <= 0 || this.stopped) break;
        const items = await this.store.claimDueOutbound(Date.now(), room, this.opts.leaseMs);
        for (const item of items) this.hold(item, true);
      } while (this.again && !this.stopped);
    } catch (err) {
      this.log.warn({ err }, 'OUTBOX_CLAIM_FAILED: will try again');
    } finally {
      this.draining = false;
    }
  }

  /** Puts a claimed item in its user's line; a user with nothing in flight becomes ready. */
  private hold(item: OutboxItem, claimed = false): void {
    const entry = this.channels.get(item.channel);
    if (!entry) return; // channel off on this instance: the lease runs out, the item waits
    const key = `${item.channel}:${item.userId}`;
    let line = this.users.get(key);
    if (!line) this.users.set(key, (line = { items: [], busy: false }));
    if (line.items.some((i) => i.id === item.id)) return;
    if (claimed) line.claimed = true;
    line.items.push(item);
    if (!line.busy && line.items.length === 1) {
      line.busy = true;
      entry.ready.push({ key, since: performance.now() });
    }
    this.pump(entry);
  }

  private pump(entry: ChannelEntry): void {
    while (!this.stopped && entry.inFlight < this.opts.concurrency && entry.ready.length) {
      if (this.heldForAcks(entry, entry.ready[0]!.since)) {
        this.pumpLater();
        return;
      }
      const { key } = entry.ready.shift()!;
      const line = this.users.get(key);
      const item = line?.items[0];
      if (!line || !item) continue;
      entry.inFlight += 1;
      const run = this.send(item, entry, line, key).finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    }
  }

  /**
   * While webhooks are being acknowledged no send starts, except one at a time (per platform)
   * for a user who became ready `yieldTo.maxHoldMs` ago or more: held, never stopped.
   */
  private heldForAcks(entry: ChannelEntry, since: number): boolean {
    const y = this.opts.yieldTo;
    if (!y || !y.busy()) return false;
    return entry.inFlight > 0 || performance.now() - since < y.maxHoldMs;
  }

  private pumpLater(): void {
    this.recheck ??= setTimeout(() => {
      this.recheck = null;
      for (const entry of this.channels.values()) this.pump(entry);
    }, HOLD_RECHECK_MS);
  }

  private async send(item: OutboxItem, entry: ChannelEntry, line: UserLine, key: string): Promise<void> {
    let delivered = false;
    try {
      await entry.deliver(item, this.abort.signal);
      delivered = true;
    } catch (raw) {
      entry.inFlight -= 1;
      this.pump(entry);
      if (this.abort.signal.aborted) return; // shutting down: the next start sends it again
      // the user's newer items wait behind this one's retry: this line ends, they go back to the store
      const rest = line.items.splice(0).slice(1);
      this.users.delete(key);
      const retryAt = await this.recordFailure(item, entry.policy, raw).catch((err) => {
        this.log.error({ err }, 'OUTBOX_MARK_FAILED');
        return Date.now();
      });
      if (retryAt !== null) this.blocked.set(key, { id: item.id, until: retryAt + this.opts.leaseMs });
      this.announce(item.id);
      await this.store.releaseOutbound(rest.map((i) => i.id)).catch(() => undefined);
      return;
    }
    // the platform call's slot frees at once; the user's next item waits for the durable mark
    entry.inFlight -= 1;
    this.pump(entry);
    try {
      await this.store.markOutboundSent(item.id, Date.now());
      sends.inc({ platform: item.channel });
    } catch (err) {
      this.log.error({ err, outboxId: item.id, delivered }, 'OUTBOX_MARK_FAILED');
    }
    this.announce(item.id);
    if (this.blocked.get(key)?.id === item.id) this.blocked.delete(key);
    line.items.shift();
    if (line.items.length && !this.stopped) {
      entry.ready.push({ key, since: performance.now() });
      this.pump(entry);
    } else {
      this.users.delete(key);
      if (this.stopped && line.items.length) await this.store.releaseOutbound(line.items.map((i) => i.id)).catch(() => undefined);
      // the user's next item in the store may go now; a line fed only by offer() held all of them and
      // needs no claim (what another instance left for this user is found by the poll)
      if (this.behind.delete(key) || line.claimed) this.poke();
    }
  }

  /** Marks a failed send; resolves when it is retried, or null when it was given up. */
  private async recordFailure(item: OutboxItem, policy: RetryPolicy, raw: unknown): Promise<number | null> {
    const err = toDeliveryError(raw);
    const attempts = item.attempts + 1;
    sendFailures.inc({ platform: item.channel, retry: String(err.retryable && attempts < policy.maxAttempts) });
    const where = { channel: item.channel, outboxId: item.id, attempts, error: err.message };
    if (!err.retryable || attempts >= policy.maxAttempts) {
      this.log.warn(where, `OUTBOX_FAILED: gave up on a message (${err.retryable ? 'too many attempts' : 'the platform refused it'})`);
      await this.store.markOutboundFailed(item.id, err.message, null);
      for (const fn of this.gaveUp) await Promise.resolve(fn(item, err.message)).catch((e: unknown) => this.log.warn({ err: e }, 'OUTBOX_GAVE_UP_HOOK_FAILED'));
      return null;
    }
    const delay = Math.max(backoffDelay(attempts, policy), Math.min(err.retryAfterMs ?? 0, policy.maxMs));
    this.log.info({ ...where, retryInMs: delay }, 'OUTBOX_RETRY: platform did not take the message, trying again later');
    const at = Date.now() + delay;
    await this.store.markOutboundFailed(item.id, err.message, at);
    return at;
  }

  /** The lease completeInbound takes for this worker. */
  get leaseMs(): number {
    return this.opts.leaseMs;
  }

  /** Stops claiming; lets sends in flight finish for `graceMs`, then abandons them (resent on restart). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.recheck) clearTimeout(this.recheck);
    this.recheck = null;
    const all = Promise.allSettled([...this.inFlight]);
    const grace = new Promise<void>((r) => setTimeout(r, this.opts.graceMs).unref());
    await Promise.race([all, grace]);
    this.abort.abort();
    await all;
    // held here and never sent: give them back at once rather than after the lease
    const held = [...this.users.values()].flatMap((l) => l.items.map((i) => i.id));
    this.users.clear();
    for (const c of this.channels.values()) c.ready.length = 0;
    await this.store.releaseOutbound(held).catch(() => undefined);
  }
}
