import { isMainThread } from 'node:worker_threads';

/**
 * Setup for `npm run mutate` only (vitest.mutate.config.ts). Stryker's vitest runner runs the
 * tests in worker threads, where Node refuses to set the process umask; the app sets it once at
 * start (src/lib/private-files.ts) so its data files are private. Here setting it changes
 * nothing: no test of this set checks file modes (tests/integration/data-files-private.test.ts
 * does, in the normal suite).
 */
if (!isMainThread) {
  const read = process.umask.bind(process);
  process.umask = (() => read()) as typeof process.umask; // reads as before; a new mask is ignored
}
