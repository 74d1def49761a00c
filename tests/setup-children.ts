import { afterAll } from 'vitest';
import { endAllChildren } from './helpers/process.js';

/**
 * Runs for each test file (vitest setupFiles): after the file's own afterAll hooks, ends any
 * process it started and did not stop (e.g. bots a timed-out beforeAll started too late to be
 * stopped). tests/global-setup.ts ends whatever is still left at the end of the run.
 */
afterAll(async () => {
  const ended = await endAllChildren();
  if (ended) console.warn(`ended ${ended} test process(es) this file left running`);
});
