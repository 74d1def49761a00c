/** How the outbox spaces out attempts at one message. */
export interface RetryPolicy {
  /** Delay before the 2nd attempt; doubles each time. */
  baseMs: number;
  /** Longest wait between two attempts. */
  maxMs: number;
  /** After this many failed attempts the message is kept as failed. */
  maxAttempts: number;
}

/** About 1.5 h of trying (1 s, 2 s, 4 s … capped at 10 min), then the admin sees it failed. */
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 1000, maxMs: 10 * 60_000, maxAttempts: 15 };

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so many
 * messages failing together do not come back in one burst. `attempts` counts failures so far.
 */
export function backoffDelay(attempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
