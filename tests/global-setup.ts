import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportKnowledgeChecks, loadKnowledge } from '../src/knowledge/load.js';
import { KNOWLEDGE_CHECKS_FILE } from './helpers/knowledge-checks.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CHILDREN_DIR = path.join(ROOT, '.tmp', 'test-children');

/** Both integration projects name this setup (vitest.config.ts): its work is done once per run. */
const ONCE = Symbol.for('qnbot.test.global-setup');

/**
 * Builds dist/ when src/ changed (the bot-process tests run `node dist/main.js`, like production),
 * and checks knowledge/ once: every test process, bot and CLI reads those checks (KNOWLEDGE_CHECKS_CACHE,
 * vitest.config.ts) instead of parsing ~2,000 files again.
 */
export function setup(): Promise<void> {
  const g = globalThis as { [ONCE]?: Promise<void> };
  g[ONCE] ??= prepare();
  return g[ONCE];
}

async function prepare(): Promise<void> {
  endLeftovers('a previous run'); // a run that was killed never got to its teardown
  mkdirSync(CHILDREN_DIR, { recursive: true });
  // the build (tsc, a process of its own) and the knowledge check run side by side: no test starts before both are done
  const built = build();
  const knowledge = path.join(ROOT, 'knowledge');
  await loadKnowledge(knowledge);
  writeFileSync(KNOWLEDGE_CHECKS_FILE, exportKnowledgeChecks(knowledge));
  await built;
}

function build(): Promise<void> {
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--if-needed'], { cwd: ROOT, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`scripts/build.mjs --if-needed exited with ${code}`))));
  });
}

/** Ends every process a test started and did not stop (a timed-out or crashed test's bots), whole process groups. */
export function teardown(): void {
  endLeftovers('a test');
}

function endLeftovers(by: string): void {
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
      console.warn(`global teardown: ended test process group ${pid}, left running by ${by}`);
    } catch {
      // already gone
    }
  }
  rmSync(CHILDREN_DIR, { recursive: true, force: true });
}
