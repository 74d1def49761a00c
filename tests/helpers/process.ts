import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NO_BACKGROUND_WORK, NO_FLOOD_LIMITS } from './test-env.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** Every process a test starts leaves its pid here until it exits; the global teardown ends what is left (tests/global-setup.ts). */
export const CHILDREN_DIR = path.join(ROOT, '.tmp', 'test-children');

const alive = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of alive) killGroup(child.pid, 'SIGKILL'); // a worker that ends (or crashes) takes its bots with it
});

/**
 * Ends every process this test file started that is still running (whole process groups) and
 * waits until they are gone. tests/setup-children.ts runs it after each file, so a bot started by
 * a hook that timed out (its test never got the handle to stop it) does not outlive the file.
 */
export async function endAllChildren(): Promise<number> {
  const left = [...alive];
  await Promise.all(left.map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    killGroup(child.pid, 'SIGKILL');
  })));
  return left.length;
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * spawn() for tests: the child leads its own process group (so a tsx wrapper and the node it
 * starts end together) and is recorded until it exits, so no test leaves a process running.
 */
export function spawnTracked(command: string, args: string[], opts: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...opts, detached: true });
  if (!child.pid) return child;
  const pid = child.pid;
  mkdirSync(CHILDREN_DIR, { recursive: true });
  const file = path.join(CHILDREN_DIR, String(pid));
  writeFileSync(file, `${process.pid}\n`);
  alive.add(child);
  child.once('exit', () => {
    alive.delete(child);
    rmSync(file, { force: true });
  });
  return child;
}

export interface BotProcess {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the production build as `npm start` does (scripts/start.sh, which execs `node
 * dist/main.js` with the production memory settings; the global setup builds it) as ONE real
 * process, so a signal or `kill -9` reaches the server itself, on a random port, and waits until
 * it listens.
 */
export async function startBotProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<BotProcess> {
  const child = spawnTracked('sh', ['scripts/start.sh'], {
    cwd: ROOT,
    env: { ...process.env, NODE: process.execPath, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', KNOWLEDGE_RELOAD: 'false', ...NO_BACKGROUND_WORK, ...NO_FLOOD_LIMITS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const url = out.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bot exited with ${code}:\n${out}`));
    });
  });
  return {
    child,
    baseUrl,
    output: () => out,
    stop(signal = 'SIGTERM') {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        // a shutdown that hangs must not leave the server running after the test
        const force = setTimeout(() => child.kill('SIGKILL'), 8000);
        child.once('exit', (code) => {
          clearTimeout(force);
          resolve(code);
        });
        child.kill(signal);
      });
    },
  };
}

/**
 * The bot's outbox depth as its /metrics shows it: items not yet taken by their platform (those
 * on the wire included). Zero once every reply it has queued was delivered.
 */
export async function outboxDepth(bot: BotProcess): Promise<number> {
  const text = await (await fetch(`${bot.baseUrl}/metrics`)).text();
  return Number(text.match(/^qnbot_outbox_depth (\S+)$/m)?.[1] ?? Number.NaN);
}
