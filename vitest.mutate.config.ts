import { defineConfig } from 'vitest/config';

/**
 * The test set `npm run mutate` (Stryker) runs against each mutant of src/nlu, src/core,
 * src/channels/<name>/render.ts and src/replies: their unit tests, including whole turns run
 * in-process (tests/unit/core-turn.test.ts: real pipeline, lowdb store, locales and knowledge).
 * Left out: tests that start `node dist/main.js` or Chromium (they run the built dist/, which
 * never holds a mutant) and the integration tests that build the whole app per file (each mutant
 * of the turn pipeline would rebuild it several times: hours instead of minutes on 2 cores; they
 * still run in `npm test`). No global setup: nothing here needs dist/.
 */
export default defineConfig({
  test: {
    include: [
      'tests/unit/nlu-*.test.ts',
      'tests/unit/replies-*.test.ts',
      'tests/unit/core-*.test.ts',
      'tests/unit/channels-*.test.ts',
    ],
    exclude: [
      // These load the whole real knowledge base (1,900 entries) before their first test: 5 s on a
      // quiet machine, 40 s on a busy one, paid again for every mutant their tests reach.
      'tests/unit/nlu-buttons.test.ts',
      'tests/unit/nlu-english.test.ts',
      'tests/unit/replies-knowledge.test.ts',
    ],
    // The same for the real-knowledge parts of mixed files (it.skipIf / describe.skipIf).
    env: { QNBOT_MUTATION_RUN: '1' },
    // Stryker runs the tests in worker threads; see the file.
    setupFiles: ['tests/helpers/mutation-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
