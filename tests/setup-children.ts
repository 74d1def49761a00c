import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { endAllChildren, ROOT } from './helpers/process.js';

/**
 * Runs for each test file (vitest setupFiles): after the file's own afterAll hooks, ends any
 * process it started and did not stop (e.g. bots a timed-out beforeAll started too late to be
 * stopped). tests/global-setup.ts ends whatever is still left at the end of the run.
 */
afterAll(async () => {
  const ended = await endAllChildren();
  if (ended) console.warn(`ended ${ended} test process(es) this file left running`);
  if (process.env.TEST_CPU_REPORT) reportCpu();
});

/**
 * TEST_CPU_REPORT=1: appends this worker's CPU so far (its own and that of the processes it
 * started and reaped: bots, CLIs) to .tmp/test-cpu.jsonl, to find where the suite's CPU goes.
 * An isolated file has a process of its own; unit files share one, so take differences per pid.
 */
function reportCpu(): void {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = (i: number) => Number(fields[i - 3]) / 100; // field numbers of proc(5), from 1
  const line = {
    file: path.relative(ROOT, expect.getState().testPath ?? ''),
    pid: process.pid,
    at: Date.now(),
    uptime: process.uptime(),
    self: ticks(14) + ticks(15),
    children: ticks(16) + ticks(17),
  };
  mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  appendFileSync(path.join(ROOT, '.tmp', 'test-cpu.jsonl'), `${JSON.stringify(line)}\n`);
}
