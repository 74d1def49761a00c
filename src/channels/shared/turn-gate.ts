/**
 * Lets at most `limit` turns run at once, first come first served, and starts each one from
 * setImmediate. Turns are CPU-bound (matching); webhook acknowledgements are I/O. Without the
 * gate a burst queues dozens of turns ahead of the next webhook's 200; with it, pending I/O
 * (the next ack) gets its turn between two conversations. The inbox keeps what waits here.
 */
export class TurnGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      if (this.running < this.limit) {
        this.running += 1;
        setImmediate(resolve);
      } else this.waiting.push(resolve);
    });
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) setImmediate(next); // the slot passes on; `running` stays the same
      else this.running -= 1;
    }
  }
}
