/**
 * Writes in groups (group commit): what is added while a group is being written goes together in
 * the next one, so many callers share one statement or one fsync. `add` resolves once the group
 * holding its item was written, and rejects with that group's error. At most `parallel` groups
 * are written at once, each of at most `max` items.
 */
export class GroupWrite<T> {
  private waiting: { item: T; done: () => void; fail: (err: unknown) => void }[] = [];
  private running = 0;
  private scheduled = false;

  constructor(private readonly write: (items: T[]) => Promise<unknown>, private readonly parallel = 1, private readonly max = 1000) {}

  add(item: T): Promise<void> {
    return new Promise<void>((done, fail) => {
      this.waiting.push({ item, done, fail });
      // callers of the same turn of the event loop go together
      if (this.running < this.parallel && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.next();
        });
      }
    });
  }

  private next(): void {
    while (this.running < this.parallel && this.waiting.length) {
      const group = this.waiting.splice(0, this.max);
      this.running += 1;
      Promise.resolve()
        .then(() => this.write(group.map((g) => g.item)))
        .then(() => group.forEach((g) => g.done()), (err: unknown) => group.forEach((g) => g.fail(err)))
        .finally(() => {
          this.running -= 1;
          this.next();
        });
    }
  }
}
