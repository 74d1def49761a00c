import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { KNOWLEDGE_CHECKS_FILE } from './tests/helpers/knowledge-checks.js';

/**
 * Files run in parallel in forked workers, one per core, and one more when the machine is quiet
 * (load average under the core count; at most 4): part of the integration time is waiting on real
 * I/O and timers (HTTP on loopback, PostgreSQL, a platform that hangs, child processes), and with
 * one worker per core a core sat idle ~12% of a run while its file waited. On a busy machine there
 * is no idle core to fill, and a third worker only stretched every file towards its hook timeouts.
 * Each file starts its own expensive things (app, knowledge, bots) once.
 *
 * Two projects:
 * - unit: pure functions over the knowledge and the words; no process, env or timer state. They
 *   share one module graph per worker (isolate: false), so the catalogue is read and the modules
 *   are loaded once per worker instead of once per file.
 * - integration (tests/integration, tests/e2e): apps, stores, bot processes, Chromium; each file
 *   gets a fresh module graph, since several change process.env or module-level state. Its global
 *   setup builds dist/, checks knowledge/ once for every test process and bot (KNOWLEDGE_CHECKS_CACHE)
 *   and, at the end, ends any process a test left behind (tests/setup-children.ts does it per file).
 */
export default defineConfig({
  test: {
    setupFiles: ['tests/setup-children.ts'],
    // knowledge/ checked once by tests/global-setup.ts; test apps, bots and CLIs start from it
    env: { KNOWLEDGE_CHECKS_CACHE: KNOWLEDGE_CHECKS_FILE },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: Math.min(4, os.availableParallelism() + ((os.loadavg()[0] ?? 0) < os.availableParallelism() ? 1 : 0)),
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'], globalSetup: ['tests/global-setup.ts'] } },
    ],
  },
});
