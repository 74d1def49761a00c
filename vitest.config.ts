import os from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Files run in parallel, one forked worker per core: most test time is waiting on real I/O
 * (HTTP on loopback, PostgreSQL, child processes), so two workers keep a 2-core machine busy
 * without starving the bot processes the tests start. Each file starts its own expensive things
 * (app, knowledge, bots) once; tests/global-setup.ts builds dist/ and ends any process a test
 * left behind.
 */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: Math.max(2, Math.min(4, os.availableParallelism())),
  },
});
