import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export const ZALO_TOKEN = '1234567890:bench-token-not-secret';
export const ZALO_SECRET = 'bench-webhook-secret-0001';

/** Questions villagers really type (no accents, abbreviations), cycled through by the load. */
const QUESTIONS = [
  'lam can cuoc cong dan o dau', 'đăng ký khai sinh cần giấy tờ gì', 'dk tam tru mat bao lau',
  'xin giấy phép xây dựng nhà ở', 'cấp lại thẻ bhyt bị mất', 'lệ phí đăng ký kết hôn', 'chao ban',
  'thủ tục đăng ký hộ kinh doanh', 'tro cap nguoi cao tuoi', 'cấp đổi giấy phép lái xe',
];

/** A real-shaped Zalo Bot API webhook body (see /work/shared/channels.md). */
export function zaloTextEvent(messageId: string, userId: string, n: number): string {
  return JSON.stringify({
    event_name: 'message.text.received',
    message: {
      message_id: messageId, date: Date.now(), text: QUESTIONS[n % QUESTIONS.length],
      chat: { id: userId, chat_type: 'PRIVATE' }, from: { id: userId, display_name: `Dân ${n % 97}`, is_bot: false },
    },
  });
}

/** The far end on loopback: answers every Bot API call ok and counts the messages sent. */
export async function startFakeZalo(port = 0): Promise<{ url: string; sent: () => number; lastSentAt: () => number; close(): Promise<void> }> {
  let sent = 0;
  let lastSentAt = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (/\/send(Message|Photo|Voice|Sticker)$/.test(req.url ?? '')) {
        sent += 1;
        lastSentAt = performance.now();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, result: { message_id: `out-${sent}`, date: Date.now() } }));
    });
  });
  server.keepAliveTimeout = 30_000;
  const bound = await listen(server, port);
  return { url: `http://127.0.0.1:${bound}`, sent: () => sent, lastSentAt: () => lastSentAt, close: () => new Promise((r) => server.close(() => r())) };
}

function listen(server: net.Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

export async function freePort(): Promise<number> {
  const s = net.createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

/** A first start parses every knowledge file: minutes on a 2-core machine shared at load 40-50. */
const START_TIMEOUT_S = 180;

export interface ServedProcess {
  url: string;
  pid: number;
  /** Resident memory of the server process, in MB (from /proc). */
  rssMb(): number;
  stop(): Promise<void>;
}

/**
 * Starts an entry (the bot, or the bare route) as its own process on a free port: a `.sh` launcher
 * (scripts/start.sh: the compiled bot as production starts it), a `.js` file with plain node, a
 * `.ts` file through tsx.
 */
export async function startProcess(entry: string, env: Record<string, string>, readyPath = '/healthz'): Promise<ServedProcess> {
  const port = await freePort();
  // node --import tsx: one process (the tsx CLI would add a wrapper process), so the pid we
  // measure and kill is the server itself
  // a `.sh` launcher (scripts/start.sh, the production start) execs node: the same pid
  const [cmd, args] = entry.endsWith('.sh') ? ['sh', [entry]] : [process.execPath, [...(entry.endsWith('.ts') ? ['--import', 'tsx'] : []), entry]];
  const child: ChildProcess = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, NODE: process.execPath, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', KNOWLEDGE_RELOAD: 'false', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_S * 1000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}: ${err}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL'); // never left running behind a failed bench
      throw new Error(`${entry} did not start in ${START_TIMEOUT_S} s: ${err}`);
    }
    const ok = await fetch(url + readyPath).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    rssMb() {
      const m = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
      return m ? Math.round(Number(m[1]) / 1024) : NaN;
    },
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** Waits until `count()` has not moved for `quietMs` (or `timeoutMs` passed). */
export async function waitQuiet(count: () => number, quietMs: number, timeoutMs: number): Promise<void> {
  const start = performance.now();
  let last = count();
  let since = performance.now();
  while (performance.now() - since < quietMs && performance.now() - start < timeoutMs) {
    await new Promise((r) => setTimeout(r, 50));
    if (count() !== last) {
      last = count();
      since = performance.now();
    }
  }
}
