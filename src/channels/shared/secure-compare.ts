import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets in constant time. Both sides are hashed first so that neither the
 * content nor the length of the expected value leaks through timing.
 */
export function secretsMatch(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string' || !given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Constant-time comparison of two hex digests (case-insensitive). */
export function hexDigestsMatch(given: string | undefined, expectedHex: string): boolean {
  if (typeof given !== 'string' || !/^[0-9a-fA-F]+$/.test(given)) return false;
  return secretsMatch(given.toLowerCase(), expectedHex.toLowerCase());
}
