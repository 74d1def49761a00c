import { spawn } from 'node:child_process';
import type { BotProcess } from './process.js';
import { ROOT } from './process.js';

/**
 * Like startBotProcess, but the bot runs as ONE process (`node --import tsx src/main.ts`): the
 * tsx CLI adds a wrapper process, and `kill -9` of the wrapper would leave the real server
 * running. The crash tests need to kill the server itself.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', KNOWLEDGE_RELOAD: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = out.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
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
