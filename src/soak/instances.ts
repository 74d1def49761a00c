import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Instance {
  child: ChildProcess;
  url: string;
}

/** Starts one bot (`node --import tsx src/main.ts`, one process) on a free port; resolves once it listens. */
export async function startInstance(env: Record<string, string>, timeoutMs = 120_000): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', KNOWLEDGE_RELOAD: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance did not start in ${timeoutMs} ms:\n${out.slice(-2000)}`)), timeoutMs);
    child.stdout!.on('data', (d) => {
      out = (out + d).slice(-20_000);
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr!.on('data', (d) => (out = (out + d).slice(-20_000)));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`instance exited with ${code}:\n${out.slice(-2000)}`));
    });
  });
  // keep reading, or a chatty instance blocks on a full pipe
  child.stdout!.resume();
  child.stderr!.resume();
  return { child, url };
}

/** Stops an instance: SIGKILL (`kill -9`, nothing finishes) or SIGTERM (clean shutdown). */
export function stopInstance(i: Instance, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (i.child.exitCode !== null || i.child.signalCode !== null) return resolve();
    const force = setTimeout(() => i.child.kill('SIGKILL'), 10_000);
    i.child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    i.child.kill(signal);
  });
}
