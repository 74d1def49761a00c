import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets in constant time. Both sides are hashed first so that neither the
 * content nor the length of the expected value leaks through timing.
 */
export function secretsMatch(given: string | undefined, expected: string): boolean {
  return hashedMatch(given, digestOf(expected));
}

function hashedMatch(given: string | undefined, expectedDigest: Buffer): boolean {
  if (typeof given !== 'string' || !given) return false;
  return timingSafeEqual(sha256(given), expectedDigest);
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Digests of the configured secrets (a handful), hashed once rather than on every request; never per-request values. */
const expectedDigests = new Map<string, Buffer>();

function digestOf(expected: string): Buffer {
  let d = expectedDigests.get(expected);
  if (!d) {
    d = sha256(expected);
    if (expectedDigests.size < 64) expectedDigests.set(expected, d);
  }
  return d;
}

/** Constant-time comparison of two hex digests (case-insensitive). */
export function hexDigestsMatch(given: string | undefined, expectedHex: string): boolean {
  if (typeof given !== 'string' || !/^[0-9a-fA-F]+$/.test(given)) return false;
  return hashedMatch(given.toLowerCase(), sha256(expectedHex.toLowerCase())); // a per-request digest: not cached
}
