/**
 * The one polling helper of the tests: asks `probe` every few milliseconds until `ok` holds or
 * `timeoutMs` passes, and resolves the last value it saw, so the caller's expect() says what
 * was wrong. Use it to wait on something observable, never a fixed sleep.
 */
export async function waitFor<T>(probe: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** waitFor for a yes/no condition: resolves true once `done()` holds, false when the time is up. */
export async function until(done: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  return waitFor(done, (v) => v, timeoutMs);
}
