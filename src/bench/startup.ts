import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SNAPSHOT_FILE } from '../knowledge/snapshot.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const READY_TIMEOUT_MS = 120_000;

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** ms from spawning the production start (scripts/start.sh → `node dist/main.js`, same pid) to /readyz answering 200 with the full catalogue, and its CPU ms. */
async function startOnce(dataDir: string, stopWhen?: string): Promise<{ ms: number; cpuMs: number; entries: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('sh', ['scripts/start.sh'], {
    cwd: ROOT,
    env: { ...process.env, NODE: process.execPath, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', KNOWLEDGE_RELOAD: 'false', DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`bot exited with ${code} before /readyz`))));
  try {
    for (;;) {
      const body = await Promise.race([exited, fetch(`http://127.0.0.1:${port}/readyz`).then(async (r) => (r.ok ? ((await r.json()) as { entries: number }) : null), () => null)]);
      if (body) {
        const ms = performance.now() - started;
        // utime + stime of the server process, in clock ticks (100 per second on Linux)
        const stat = (readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
        const cpuMs = (Number(stat[11]) + Number(stat[12])) * 10;
        // the snapshot is written after the server is ready, by a lowest-priority thread: a first start waits for it (10 min at most)
        for (let i = 0; stopWhen && i < 6000 && !existsSync(stopWhen); i++) await new Promise((r) => setTimeout(r, 100));
        return { ms, cpuMs, entries: body.entries };
      }
      if (performance.now() - started > READY_TIMEOUT_MS) throw new Error('/readyz not ready in time');
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  }
}

/**
 * Start-up of the compiled server (`npm run build` first) with the full catalogue: a first start on
 * an empty DATA_DIR (parses every file and writes the snapshot after it is ready), then restarts
 * with unchanged knowledge (the snapshot). startupMs is the median restart (target ≤ 2,000).
 */
export async function run(): Promise<Record<string, unknown>> {
  if (!existsSync(path.join(ROOT, 'dist', 'main.js'))) throw new Error('dist/main.js missing: npm run build first');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-bench-start-'));
  try {
    const first = await startOnce(dataDir, path.join(dataDir, 'knowledge-last-good.stamp'));
    if (!existsSync(path.join(dataDir, SNAPSHOT_FILE))) throw new Error('the first start wrote no snapshot');
    const restarts = [];
    for (let i = 0; i < 3; i++) restarts.push(await startOnce(dataDir));
    restarts.sort((a, b) => a.ms - b.ms);
    const median = restarts[1] ?? first;
    console.log('| start of node dist/main.js → /readyz 200 | entries | wall ms | CPU ms of the server |');
    console.log('| --- | --- | --- | --- |');
    console.log(`| first start, empty DATA_DIR (parse + index) | ${first.entries} | ${first.ms.toFixed(0)} | ${first.cpuMs} |`);
    console.log(`| restart, unchanged knowledge (snapshot), median of 3 | ${median.entries} | ${median.ms.toFixed(0)} | ${median.cpuMs} |`);
    console.log(`(machine load average ${(os.loadavg()[0] ?? 0).toFixed(1)} on ${os.availableParallelism()} cores)`);
    return { startupMs: Math.round(median.ms), startup: { firstStartMs: Math.round(first.ms), restartMs: Math.round(median.ms), restartCpuMs: median.cpuMs, firstStartCpuMs: first.cpuMs, entries: median.entries } };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
