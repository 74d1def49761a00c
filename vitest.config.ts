import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { KNOWLEDGE_CHECKS_FILE } from './tests/helpers/knowledge-checks.js';

/**
 * Integration files that need a module graph of their own: they change process.env or fake the
 * timers, or count what the process-wide Prometheus registry holds from zero.
 */
const ISOLATED = [
  'tests/integration/channel-zalo-cli.test.ts', // replaces process.env
  'tests/integration/handoff-escalation.test.ts', // fake timers
  'tests/integration/media-cards.test.ts', // SPEECH_ENGINE, and the speech engine found once per process
  'tests/integration/media-voice.test.ts', // the same
  'tests/integration/metrics.test.ts', // counters from zero
];

/**
 * How long the longest files take (seconds; a full run on 2026-12-05, 2-core machine under a load of
 * 4-10 from other jobs), for the order of a run without vitest's results cache (a fresh checkout,
 * CI): they start first, so that no worker is left with a long file at the end while the others are
 * idle. With a cache, its durations decide.
 */
const EXPECTED_SECONDS: Record<string, number> = {
  'tests/integration/webhook-burst.test.ts': 30,
  'tests/integration/knowledge-snapshot.test.ts': 27, // its snapshot worker runs at the lowest priority: slow while the other files keep the cores busy
  'tests/e2e/admin-editor.test.ts': 18,
  'tests/integration/soak.test.ts': 16,
  'tests/integration/startup.test.ts': 15,
  'tests/integration/fault-crash.test.ts': 15,
  'tests/integration/scale-published-files.test.ts': 13,
  'tests/e2e/admin-facts.test.ts': 13,
  'tests/integration/knowledge-last-good.test.ts': 10,
  'tests/integration/admin-teams-test-message.test.ts': 10,
  'tests/e2e/admin-translations.test.ts': 10,
  'tests/integration/fault-platform.test.ts': 10,
  'tests/e2e/admin-civil-servant.test.ts': 10,
  'tests/integration/admin-translations.test.ts': 8,
  'tests/integration/store-contract.test.ts': 7,
  'tests/e2e/webchat.test.ts': 7,
  'tests/integration/media-cards.test.ts': 6,
  'tests/integration/store-lowdb.test.ts': 6,
  'tests/integration/admin-review.test.ts': 5,
  'tests/integration/eval-cli.test.ts': 5,
  'tests/unit/kb-villager-text.test.ts': 7,
  'tests/unit/kb-portal-import.test.ts': 4,
  'tests/unit/speech-mp3.test.ts': 3,
  'tests/unit/replies-knowledge.test.ts': 3,
};

/**
 * Unit files first, then the integration and e2e files, the longest first in each (vitest's own
 * order puts unit last): the run ends on short integration files, not on the unit files' CPU-bound
 * block (the catalogue checks, the voice) with the other workers idle.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const expectedMs = (spec: TestSpecification): number => {
      const rel = path.relative(root, spec.moduleId).split(path.sep).join('/');
      const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${rel}`);
      if (cached && !cached.failed) return cached.duration;
      if (cached?.failed) return Number.MAX_SAFE_INTEGER; // what failed last time runs first
      return (EXPECTED_SECONDS[rel] ?? 0) * 1000;
    };
    const unit = (spec: TestSpecification) => (spec.project.name === 'unit' ? 0 : 1);
    return [...files].sort((a, b) => unit(a) - unit(b) || expectedMs(b) - expectedMs(a));
  }
}

/**
 * Files run in parallel in forked workers, one per core, and one more when the machine is quiet
 * (load average under the core count; at most 4): part of the integration time is waiting on real
 * I/O and timers (HTTP on loopback, PostgreSQL, a platform that hangs, child processes), and with
 * one worker per core a core sat idle ~12% of a run while its file waited. On a busy machine there
 * is no idle core to fill, and a third worker only stretched every file towards its hook timeouts.
 * Each file starts its own expensive things (app, knowledge, bots) once.
 *
 * Three projects:
 * - unit: pure functions over the knowledge and the words; no process, env or timer state.
 * - integration (tests/integration, tests/e2e): apps, stores, bot processes, Chromium. Each file
 *   builds its own apps and closes them, so files share one module graph per worker (isolate:
 *   false) like unit: the app's modules are loaded once per worker, not once per file (~1 s of
 *   CPU per file).
 * - isolated: the integration files of ISOLATED, each with a fresh module graph.
 * The global setup of the integration projects builds dist/, checks knowledge/ once for every test
 * process and bot (KNOWLEDGE_CHECKS_CACHE) and, at the end, ends any process a test left behind
 * (tests/setup-children.ts does it per file).
 */
export default defineConfig({
  test: {
    setupFiles: ['tests/setup-children.ts'],
    // knowledge/ checked once by tests/global-setup.ts; test apps, bots and CLIs start from it
    // KB_TODAY pins "today" for dated facts (src/knowledge/dated.ts): a test's answer must not change
    // when a fee of the shipped knowledge ends; kb:check on the real date is the content's gate
    env: { KNOWLEDGE_CHECKS_CACHE: KNOWLEDGE_CHECKS_FILE, KB_TODAY: '2026-12-01' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: Math.min(4, os.availableParallelism() + ((os.loadavg()[0] ?? 0) < os.availableParallelism() ? 1 : 0)),
    sequence: { sequencer: LongestFirst },
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'], exclude: ISOLATED, isolate: false, globalSetup: ['tests/global-setup.ts'] } },
      { extends: true, test: { name: 'isolated', include: ISOLATED, globalSetup: ['tests/global-setup.ts'] } },
    ],
  },
});
