// @ts-check
/**
 * Mutation run (`npm run mutate`, not in CI): Stryker changes the code of the understanding,
 * the turn pipeline, the channel renderers and the replies one small edit at a time and checks
 * that some test fails for each edit. Score and how to read it: DESIGN.md "Mutation score".
 * One directory at a time: `npm run mutate -- --mutate "src/nlu/**\/*.ts"`.
 * MUTATE_PART=<name> keeps that part's reports and incremental cache apart (reports/mutation/<name>.*).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const part = process.env.MUTATE_PART || 'all';

export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  mutate: ['src/nlu/**/*.ts', 'src/core/**/*.ts', 'src/channels/*/render*.ts', 'src/replies/**/*.ts'],
  // Each mutant runs only the tests that reached its code in the first run.
  coverageAnalysis: 'perTest',
  // Module-level mutants would need every test re-run with a fresh module graph; skipped.
  ignoreStatic: true,
  // Two workers: the machine has two cores, shared with the rest of the work on it.
  concurrency: 2,
  timeoutMS: 10_000,
  timeoutFactor: 2,
  // Reuses the results of mutants whose code and covering tests did not change since the last
  // run. The file is a local cache in reports/ (git-ignored): with several branches changing src/
  // at once a committed copy would conflict on every merge and be stale anyway.
  incremental: true,
  incrementalFile: `reports/stryker-incremental-${part}.json`,
  tempDirName: '.stryker-tmp',
  // No tsconfig rewriting: the project's TypeScript 7 has no JS API; vitest transpiles on its own.
  tsconfigFile: 'tsconfig.stryker-none.json',
  ignorePatterns: ['dist', 'data', 'coverage', '.tmp', 'reports', 'docs'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${part}.html` },
  jsonReporter: { fileName: `reports/mutation/${part}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  thresholds: { high: 80, low: 75, break: null },
};
