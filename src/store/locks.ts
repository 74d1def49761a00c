import { AsyncLocalStorage } from 'node:async_hooks';

/** The lock around one user's turns (session read-modify-write, then the replies enqueued). */
export const userLock = (channel: string, userId: string): string => `user:${channel}:${userId}`;
/** The lock around every change to one handoff case. */
export const caseLock = (id: string): string => `case:${id}`;
/** The lock around a setting that is read, renewed and written back (a token refresh). */
export const settingLock = (key: string): string => `setting:${key}`;

/**
 * Named locks inside one process: callers of one name run one at a time, first come first served;
 * a nested call for a name the async call chain already holds runs at once (re-entrant), so a
 * turn that holds its user's lock may call code that takes the same lock again.
 */
export class LocalLocks {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly held = new AsyncLocalStorage<ReadonlySet<string>>();

  /** True when the current async call chain holds `name`. */
  holds(name: string): boolean {
    return this.held.getStore()?.has(name) ?? false;
  }

  async run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (this.holds(name)) return fn();
    const previous = this.tails.get(name) ?? Promise.resolve();
    const held = new Set(this.held.getStore() ?? []).add(name);
    const current = previous.catch(() => undefined).then(() => this.held.run(held, fn));
    this.tails.set(name, current);
    try {
      return await current;
    } finally {
      if (this.tails.get(name) === current) this.tails.delete(name);
    }
  }
}

/** At most `limit` holders at once, the rest wait in order (bounds the connections locks take). */
export class Slots {
  private used = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.used < this.limit) this.used += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.used -= 1;
    }
  }
}
