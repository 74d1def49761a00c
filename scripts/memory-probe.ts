/**
 * Where the bot's memory goes (npx tsx scripts/memory-probe.ts [users] [messages]): seeds `users`
 * lowdb sessions, starts the bot, then prints RSS and the V8 breakdown (heap used,
 * heap total, external, from /metrics, and RSS by kind of mapping) idle and after `messages`
 * signed webhooks. The bot starts as in production (scripts/start.sh); its settings can be
 * overridden from the environment (MALLOC_ARENA_MAX, NODE_MEMORY_FLAGS=...). BOT_PID_FILE gets the bot's pid.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { newSession } from '../src/domain/session.js';
import { LowdbStore } from '../src/store/lowdb-store.js';
import { startFakeZalo, startProcess, waitQuiet, zaloTextEvent, ZALO_SECRET, ZALO_TOKEN } from '../src/bench/load-parts.js';

const users = Number(process.argv[2] ?? 100_000);
const messages = Number(process.argv[3] ?? 7_500);
const ROOT = path.resolve(import.meta.dirname, '..');
execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--if-needed'], { stdio: 'inherit' });
const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-mem-'));
const quiet = { warn: () => undefined, error: () => undefined };
const store = new LowdbStore(dir, quiet);
await store.init();
const now = Date.now();
for (let start = 0; start < users; start += 64) {
  await Promise.all(Array.from({ length: Math.min(64, users - start) }, (_, k) =>
    store.saveSession({ ...newSession('zalo', `u${start + k}`, now), lang: 'vi', langChosen: true, lastQuestion: 'làm căn cước ở đâu', topicId: 'cap-can-cuoc', turns: 3 })));
}
await store.close();
const fake = await startFakeZalo();
const bot = await startProcess(path.join(ROOT, 'scripts/start.sh'), {
  DATA_DIR: dir, ZALO_BOT_TOKEN: ZALO_TOKEN, ZALO_WEBHOOK_SECRET: ZALO_SECRET, ZALO_API_BASE: fake.url, PUBLIC_BASE_URL: 'https://bot.example.vn', CARD_PRERENDER: 'false',
  RATE_LIMIT_IP_PER_MINUTE: '1000000', RATE_LIMIT_USER_PER_MINUTE: '100000',
}, '/readyz');
if (process.env.BOT_PID_FILE) writeFileSync(process.env.BOT_PID_FILE, String(bot.pid));
/**
 * RSS by kind of mapping (/proc/<pid>/smaps): file-backed (code, libraries), glibc's main arena
 * ([heap]), thread arenas (anonymous regions inside a 64 MB-aligned reservation) and the other
 * anonymous mappings (V8 heap pages, big malloc chunks, worker stacks).
 */
function smaps(pid: number): Record<string, number> {
  const out: Record<string, number> = { file: 0, brkHeap: 0, arenas: 0, otherAnon: 0 };
  let kind = 'otherAnon';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = line.match(/^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ (\d+)\s*(.*)$/);
    if (head) {
      const start = BigInt(`0x${head[1]}`);
      const name = head[4] ?? '';
      kind = name === '[heap]' ? 'brkHeap' : name.startsWith('/') ? 'file' : name === '' && start % 0x4000000n === 0n ? 'arenas' : 'otherAnon';
      continue;
    }
    const rss = line.match(/^Rss:\s+(\d+) kB/);
    if (rss) out[kind]! += Number(rss[1]);
  }
  for (const k of Object.keys(out)) out[k] = Math.round(out[k]! / 1024);
  return out;
}

async function breakdown(label: string): Promise<void> {
  const text = await (await fetch(`${bot.url}/metrics`)).text();
  const pick = (name: string) => {
    const m = text.match(new RegExp(`^qnbot_${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm'));
    return m ? Math.round(Number(m[1]) / 1048576) : null;
  };
  console.log(label, JSON.stringify({ rssMb: bot.rssMb(), heapUsedMb: pick('nodejs_heap_size_used_bytes'), heapTotalMb: pick('nodejs_heap_size_total_bytes'), externalMb: pick('nodejs_external_memory_bytes'), ...smaps(bot.pid) }));
  const spaces = [...text.matchAll(/^qnbot_nodejs_heap_space_size_used_bytes\{space="(\w+)"\} (\d+)/gm)].map((m) => `${m[1]}=${Math.round(Number(m[2]) / 1048576)}`);
  console.log('  spaces used MB:', spaces.join(' '));
  if (process.env.SNAP && (process.env.SNAP !== 'end' || label !== 'idle')) {
    // the bot was started with --heapsnapshot-signal=SIGUSR2: the snapshot is written on the main thread
    process.kill(bot.pid, 'SIGUSR2');
    await new Promise((r) => setTimeout(r, 500));
    await fetch(`${bot.url}/healthz`);
  }
}
try {
  await breakdown('idle');
  let i = 0;
  let ok = 0;
  for (let done = 0; done < messages;) {
    const n = Math.min(2500, messages - done);
    const r = await autocannon({ url: bot.url, connections: 16, amount: n, timeout: 20, requests: [{ method: 'POST', path: '/webhooks/zalo', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': ZALO_SECRET }, setupRequest: (req) => { i += 1; return { ...req, body: zaloTextEvent(`mem-${process.pid}-${i}`, `u${(i * 7919) % users}`, i) }; } }] });
    ok += r['2xx'];
    done += n;
    await waitQuiet(fake.sent, 2000, 180_000);
    await breakdown(`after ${done}`);
  }
  console.log(`2xx ${ok}/${messages}, replies ${fake.sent()}`);
  if (process.env.HOLD) { console.log('holding; pid', bot.pid); await new Promise((r) => setTimeout(r, Number(process.env.HOLD))); }
} finally {
  await bot.stop();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}
