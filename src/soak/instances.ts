import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Instance {
  child: ChildProcess;
  url: string;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

let built = false;

/** Builds dist/ once per run when src/ changed, as `npm start` does. */
function ensureBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--if-needed'], { cwd: ROOT, stdio: 'inherit' });
  built = true;
}

/** Starts one bot (`node dist/main.js`, the production build, one process) on a free port; resolves once /healthz answers. */
export async function startInstance(env: Record<string, string>, timeoutMs = 180_000): Promise<Instance> {
  ensureBuilt();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', KNOWLEDGE_RELOAD: 'false', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err = (err + d).slice(-4000)));
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`instance exited before it listened:\n${err}`);
    const up = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (up) return { child, url };
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`instance did not start in ${timeoutMs} ms:\n${err}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
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
