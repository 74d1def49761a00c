import { HOLD_RECHECK_MS, type AckPriority } from '../../lib/ack-priority.js';

/**
 * Lets at most `limit` turns run at once, first come first served, and starts each one from
 * setImmediate. Turns are CPU-bound (matching); webhook acknowledgements are I/O. Without the
 * gate a burst queues dozens of turns ahead of the next webhook's 200; with it, pending I/O
 * (the next ack) gets its turn between two conversations. The inbox keeps what waits here.
 * While `acks.busy()` says webhooks are being acknowledged, only `limitWhileAcking` turns run
 * (0: none start): the platform waits for its 200, a reply can wait a moment. The hold is
 * bounded: once the oldest waiting turn has waited `acks.maxHoldMs`, one more turn than
 * `limitWhileAcking` runs, so a steady stream of webhooks slows the replies, never stops them;
 * when the acks pause (Inbox.acking), every waiting turn runs at the full `limit`.
 */
export class TurnGate {
  private running = 0;
  private readonly waiting: { go: () => void; since: number }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly limit: number, private readonly acks?: AckPriority, private readonly limitWhileAcking = limit) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await new Promise<void>((go) => {
      this.waiting.push({ go, since: performance.now() });
      this.startWaiting();
    });
    try {
      return await fn();
    } finally {
      this.running -= 1;
      this.startWaiting();
    }
  }

  /** Turns waiting to start (tests watch it). */
  get held(): number {
    return this.waiting.length;
  }

  private mayStart(now: number): boolean {
    if (this.running >= this.limit) return false;
    if (!this.acks || this.running < this.limitWhileAcking || !this.acks.busy()) return true;
    // held long enough: one more turn than the acks allow (not the full width, which would take
    // the loop from the acks just when they are slowest)
    return this.running <= this.limitWhileAcking && now - this.waiting[0]!.since >= this.acks.maxHoldMs;
  }

  /** Starts waiting turns, oldest first, while there is room; looks again soon while acks hold them. */
  private startWaiting(): void {
    const now = performance.now();
    while (this.waiting.length && this.mayStart(now)) {
      this.running += 1;
      setImmediate(this.waiting.shift()!.go);
    }
    if (this.waiting.length && this.running < this.limit && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.startWaiting();
      }, HOLD_RECHECK_MS);
    }
  }
}
