/**
 * Lets at most `limit` turns run at once, first come first served, and starts each one from
 * setImmediate. Turns are CPU-bound (matching); webhook acknowledgements are I/O. Without the
 * gate a burst queues dozens of turns ahead of the next webhook's 200; with it, pending I/O
 * (the next ack) gets its turn between two conversations. The inbox keeps what waits here.
 * While `acking()` says webhooks are being acknowledged, only `limitWhileAcking` turns run: the
 * platform waits for its 200, the turns' replies can wait a moment (they run at full width again
 * as soon as the acks are done, and never fewer than `limitWhileAcking` at a time).
 */
export class TurnGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number, private readonly acking: () => boolean = () => false, private readonly limitWhileAcking = limit) {}

  private get room(): boolean {
    return this.running < (this.acking() ? this.limitWhileAcking : this.limit);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      if (this.room) {
        this.running += 1;
        setImmediate(resolve);
      } else this.waiting.push(resolve);
    });
    try {
      return await fn();
    } finally {
      this.running -= 1;
      this.startWaiting();
    }
  }

  /** Starts waiting turns while there is room (more than one when the acks are over). */
  private startWaiting(): void {
    while (this.waiting.length && this.room) {
      this.running += 1;
      setImmediate(this.waiting.shift()!);
    }
    // nothing runs and acks hold the rest back: one still goes, so turns never stall
    if (this.running === 0 && this.waiting.length) {
      this.running += 1;
      setImmediate(this.waiting.shift()!);
    }
  }
}
