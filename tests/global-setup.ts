import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const CHILDREN_DIR = path.join(ROOT, '.tmp', 'test-children');

/** Builds dist/ when src/ changed (the bot-process tests run `node dist/main.js`, like production). */
export function setup(): void {
  rmSync(CHILDREN_DIR, { recursive: true, force: true });
  mkdirSync(CHILDREN_DIR, { recursive: true });
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--if-needed'], { cwd: ROOT, stdio: 'inherit' });
}

/** Ends every process a test started and did not stop (a timed-out or crashed test's bots), whole process groups. */
export function teardown(): void {
  let names: string[] = [];
  try {
    names = readdirSync(CHILDREN_DIR);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 1) continue;
    try {
      process.kill(-pid, 'SIGKILL');
      console.warn(`global teardown: ended test process group ${pid}, left running by a test`);
    } catch {
      // already gone
    }
  }
  rmSync(CHILDREN_DIR, { recursive: true, force: true });
}
