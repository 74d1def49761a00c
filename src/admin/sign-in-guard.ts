import type { Store } from '../store/types.js';

/** Sign-in attempts per client address per minute, counted on every instance together. */
export const ATTEMPTS_PER_MINUTE = 10;
/** Failed sign-ins of one account before it is locked out. */
export const FAILURES_BEFORE_LOCKOUT = 5;
const FIRST_LOCKOUT_MS = 30_000;
const MAX_LOCKOUT_MS = 15 * 60_000;
/** Failures older than this are forgotten. */
const FAILURE_WINDOW_MS = 24 * 3600_000;

/** Refused: wait this many seconds (goes to Retry-After). */
export interface Refusal {
  retryAfterS: number;
  why: 'address' | 'account';
}

/**
 * Sign-in limits kept in the store, so every instance behind the load balancer counts together
 * and a restart forgets nothing: at most ATTEMPTS_PER_MINUTE tries per client address, and after
 * FAILURES_BEFORE_LOCKOUT failures an account is locked for 30 s, doubling with each further
 * failure up to 15 min. The lockout holds even for the right password, and a success clears it.
 */
export class SignInGuard {
  constructor(private readonly store: Store) {}

  /** Counts this attempt; resolves a refusal when the address or the account must wait. */
  async admit(ip: string, account: string, now: number): Promise<Refusal | null> {
    const byAddress = await this.store.hitCounter(`login-ip:${ip}`, 60_000, now);
    if (byAddress.count > ATTEMPTS_PER_MINUTE) return { retryAfterS: Math.max(1, Math.ceil((byAddress.resetAt - now) / 1000)), why: 'address' };
    const failures = await this.store.readCounter(accountKey(account), now);
    const until = failures.count >= FAILURES_BEFORE_LOCKOUT ? failures.lastAt + lockoutMs(failures.count) : 0;
    if (until > now) return { retryAfterS: Math.ceil((until - now) / 1000), why: 'account' };
    return null;
  }

  async failed(account: string, now: number): Promise<void> {
    await this.store.hitCounter(accountKey(account), FAILURE_WINDOW_MS, now);
  }

  async succeeded(account: string): Promise<void> {
    await this.store.resetCounter(accountKey(account));
  }
}

/** 30 s at the 5th failure, doubling after, at most 15 min. */
export function lockoutMs(failures: number): number {
  return Math.min(MAX_LOCKOUT_MS, FIRST_LOCKOUT_MS * 2 ** Math.max(0, failures - FAILURES_BEFORE_LOCKOUT));
}

const accountKey = (account: string): string => `login-fail:${account.toLowerCase()}`;
