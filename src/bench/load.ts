/**
 * Load, growth and memory of the webhook path (npm run bench -- --only load). Everything runs on
 * loopback: the bot as its own process (compiled `dist/main.js` started by scripts/start.sh, as
 * `npm start` does; built first when stale), autocannon posting correctly authenticated Zalo
 * webhooks, and a fake Zalo API counting the replies. A bare Fastify route in its own process is the yardstick, and
 * `POST /api/chat` (a whole turn answered in the HTTP response) is the turn's own rate.
 *
 * Fair measurement: every contender (bare route, /api/chat, the webhook) gets the same warm-up
 * round (discarded), then the same measured round: the same request count over the same
 * connections, timed the same way; non-2xx answers and timeouts are reported beside every rate.
 * Options: --requests N (measured, per row), --warmup N, --connections N, --sizes 1000,10000,100000
 * (users already in the store), --memory-messages N (sent to the bot holding 100 k users before
 * its RSS is read), --no-postgres.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { newSession } from '../domain/session.js';
import { LowdbStore } from '../store/lowdb-store.js';
import { PostgresStore } from '../store/postgres-store.js';
import type { Store } from '../store/types.js';
import { startFakeZalo, startProcess, waitQuiet, zaloTextEvent, ZALO_SECRET, ZALO_TOKEN } from './load-parts.js';

const quiet = { warn: () => undefined, error: () => undefined };
const ROOT = path.resolve(import.meta.dirname, '../..');
/** What `npm start` runs after the build: dist/main.js with the production memory settings. */
const BOT = path.join(ROOT, 'scripts/start.sh');
const BARE = 'src/bench/bare-server.ts';

interface Options { requests: number; warmup: number; connections: number; sizes: number[]; memoryMessages: number; postgres: boolean }

function parseOptions(args: string[]): Options {
  const val = (name: string, def: string) => {
    const i = args.indexOf(`--${name}`);
    return (i >= 0 && args[i + 1]) || def;
  };
  return {
    requests: Number(val('requests', '2000')),
    warmup: Number(val('warmup', '500')),
    connections: Number(val('connections', '16')),
    sizes: val('sizes', '1000,10000,100000').split(',').map(Number),
    memoryMessages: Number(val('memory-messages', '10000')),
    postgres: !args.includes('--no-postgres'),
  };
}

/** One measured round: rates with the failures beside them. */
interface Fired { count: number; ok: number; non2xx: number; timeouts: number; errors: number; perSec: number; p50: number; p99: number; repliedPerSec: number | null; replies: number | null }

type Fake = { url: string; sent: () => number; lastSentAt: () => number };
type Kind = 'webhook' | 'chat' | 'bare';

let fired = 0;

/**
 * Posts `count` requests over `conns` connections (unique message ids, `users` distinct senders).
 * acked/s counts 2xx answers over the round's time; replied/s (webhooks) runs until the fake
 * platform stops receiving replies: the bot acks before it answers.
 */
async function fire(kind: Kind, base: string, count: number, users: number, conns: number, fake?: Fake): Promise<Fired> {
  const run = (fired += 1);
  let i = 0;
  const sentBefore = fake?.sent() ?? 0;
  const started = performance.now();
  // the round ends at its last answer: autocannon itself resolves only at its next 1-second tick,
  // which rounded every round up to whole seconds (2,000 requests in 1.1 s counted as 2 s)
  let lastAnswerAt = started;
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const cannon = autocannon({
      url: base, connections: conns, amount: count, timeout: 20,
      requests: [{
        method: 'POST', path: kind === 'chat' ? '/api/chat' : '/webhooks/zalo',
        headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': ZALO_SECRET },
        setupRequest: (req) => {
          i += 1;
          const user = `u${(i * 7919) % users}`;
          const event = zaloTextEvent(`bench-${process.pid}-${run}-${i}`, user, i);
          const body = kind === 'chat' ? JSON.stringify({ user, text: JSON.parse(event).message.text }) : event;
          return { ...req, body };
        },
      }],
    }, (err, result) => (err ? reject(err) : resolve(result)));
    const answered = () => { lastAnswerAt = performance.now(); };
    cannon.on('response', answered);
    cannon.on('reqError', answered);
  });
  const ok = r['2xx'];
  const ackedSec = (lastAnswerAt - started) / 1000;
  let repliedPerSec: number | null = null;
  let replies: number | null = null;
  if (fake && kind === 'webhook') {
    await waitQuiet(fake.sent, 2000, 180_000);
    replies = fake.sent() - sentBefore;
    repliedPerSec = Math.round(ok / Math.max(ackedSec, (fake.lastSentAt() - started) / 1000));
  }
  return { count, ok, non2xx: r.non2xx, timeouts: r.timeouts, errors: r.errors, perSec: Math.round(ok / ackedSec), p50: r.latency.p50, p99: r.latency.p99, repliedPerSec, replies };
}

/** The warm-up round (same shape, discarded; replies drained), then the measured one. */
async function warmThenFire(kind: Kind, base: string, o: Options, users: number, fake?: Fake): Promise<Fired> {
  if (o.warmup > 0) await fire(kind, base, o.warmup, users, o.connections, fake);
  return fire(kind, base, o.requests, users, o.connections, fake);
}

interface Place { name: 'lowdb' | 'postgres'; env: Record<string, string>; open(): Promise<Store>; drop(): Promise<void> }

function lowdbPlace(): Place {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-bench-'));
  return {
    name: 'lowdb', env: { DATA_DIR: dir },
    async open() { const s = new LowdbStore(dir, quiet); await s.init(); return s; },
    async drop() { rmSync(dir, { recursive: true, force: true }); },
  };
}

async function postgresPlace(): Promise<Place | null> {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 2000 });
  try { await admin.connect(); } catch (err) {
    console.log(`(PostgreSQL rows skipped: cannot connect to ${base}: ${(err as Error).message})`);
    return null;
  }
  const schema = `bench_${Date.now().toString(36)}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    name: 'postgres', env: { DATABASE_URL: u.toString() },
    async open() { const s = new PostgresStore(u.toString(), quiet, 16); await s.init(); return s; },
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** Puts sessions for users [from, to) straight into the store, as if they had talked before. */
async function seed(place: Place, from: number, to: number): Promise<void> {
  const store = await place.open();
  const now = Date.now();
  for (let start = from; start < to; start += 64) {
    await Promise.all(Array.from({ length: Math.min(64, to - start) }, (_, k) => {
      const n = start + k;
      return store.saveSession({ ...newSession('zalo', `u${n}`, now), lang: 'vi', langChosen: true, lastQuestion: 'làm căn cước ở đâu', topicId: 'cap-can-cuoc', turns: 3 });
    }));
  }
  await store.close();
}

function botEnv(place: Place, fakeUrl: string): Record<string, string> {
  return {
    ...place.env, ZALO_BOT_TOKEN: ZALO_TOKEN, ZALO_WEBHOOK_SECRET: ZALO_SECRET, ZALO_API_BASE: fakeUrl, PUBLIC_BASE_URL: 'https://bot.example.vn', CARD_PRERENDER: 'false',
    // one loopback address sends everything: the per-address and per-user flood limits are not what is measured
    RATE_LIMIT_IP_PER_MINUTE: '1000000', RATE_LIMIT_USER_PER_MINUTE: '100000',
  };
}

interface Heap { heapUsedMb: number | null; externalMb: number | null }

/** V8 heap used and external memory of the bot, from its own GET /metrics (prom-client's defaults). */
async function heapOf(url: string): Promise<Heap> {
  const text = await fetch(`${url}/metrics`).then((r) => r.text(), () => '');
  const mb = (name: string) => {
    const m = text.match(new RegExp(`^qnbot_${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm'));
    return m ? Math.round(Number(m[1]) / 1048576) : null;
  };
  return { heapUsedMb: mb('nodejs_heap_size_used_bytes'), externalMb: mb('nodejs_external_memory_bytes') };
}

const row = (cells: (string | number | null)[]) => `| ${cells.map((c) => (c === null ? '–' : String(c))).join(' | ')} |`;

interface Row { backend: string; users: number | null; kind: Kind; r: Fired }

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const o = parseOptions(args);
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--if-needed'], { stdio: 'inherit' });
  const fake = await startFakeZalo();
  const started = performance.now();
  console.log(`\nLoad (${o.warmup} warm-up + ${o.requests} measured requests a row, ${o.connections} connections, loopback; ${os.cpus().length} cores; bot = scripts/start.sh → node dist/main.js)`);
  console.log(row(['contender', 'backend', 'users in store', '2xx', 'non-2xx', 'timeouts', 'req/s (2xx)', 'p50 ms', 'p99 ms', 'replied msg/s', 'replies sent', '÷ bare']));
  console.log(row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
  const rows: Row[] = [];
  const show = (x: Row, bareRps: number) => {
    const { r } = x;
    const name = x.kind === 'bare' ? 'bare Fastify route' : x.kind === 'chat' ? 'POST /api/chat (whole turn)' : 'POST /webhooks/zalo';
    console.log(row([name, x.backend, x.users === null ? null : x.users.toLocaleString('en'), `${r.ok}/${r.count}`, r.non2xx, r.timeouts + r.errors, r.perSec, r.p50, r.p99, r.repliedPerSec, r.replies, (r.perSec / bareRps).toFixed(2)]));
  };
  const bareProc = await startProcess(BARE, {});
  let bare: Fired;
  try { bare = await warmThenFire('bare', bareProc.url, o, 1000); } finally { await bareProc.stop(); }
  rows.push({ backend: '–', users: null, kind: 'bare', r: bare });
  show(rows[0]!, bare.perSec);

  const places: Place[] = [lowdbPlace()];
  if (o.postgres) { const p = await postgresPlace(); if (p) places.push(p); }
  let memory: { rssIdleMb: number; rssAfterMb: number; heapIdle: Heap; heapAfter: Heap; messages: number; users: number } | null = null;
  for (const place of places) {
    let seeded = 0;
    try {
      for (const size of o.sizes) {
        await seed(place, seeded, size);
        seeded = size;
        const bot = await startProcess(BOT, botEnv(place, fake.url), '/readyz');
        try {
          const idle = bot.rssMb();
          const heapIdle = await heapOf(bot.url);
          if (size === o.sizes[0]) {
            const chat: Row = { backend: place.name, users: size, kind: 'chat', r: await warmThenFire('chat', bot.url, o, size) };
            rows.push(chat);
            show(chat, bare.perSec);
          }
          const hook: Row = { backend: place.name, users: size, kind: 'webhook', r: await warmThenFire('webhook', bot.url, o, size, fake) };
          rows.push(hook);
          show(hook, bare.perSec);
          if (place.name === 'lowdb' && size === Math.max(...o.sizes) && o.memoryMessages > 0) {
            // RSS of the bot holding the most users: idle (catalogue loaded), then after more messages from all of them
            for (let done = 0; done < o.memoryMessages;) done += (await fire('webhook', bot.url, Math.min(5_000, o.memoryMessages - done), size, o.connections, fake)).ok;
            await new Promise((r) => setTimeout(r, 1000));
            memory = { rssIdleMb: idle, rssAfterMb: bot.rssMb(), heapIdle, heapAfter: await heapOf(bot.url), messages: o.warmup + o.requests + o.memoryMessages, users: size };
          }
        } finally { await bot.stop(); }
      }
    } finally { await place.drop(); }
  }
  await fake.close();
  if (memory) {
    console.log('\nMemory of the bot process (RSS, MB; lowdb)');
    console.log(row(['users in store', 'idle, catalogue loaded', 'after N messages from them', 'N', 'V8 heap used idle / after', 'external idle / after']));
    console.log(row(['---:', '---:', '---:', '---:', '---:', '---:']));
    console.log(row([memory.users.toLocaleString('en'), memory.rssIdleMb, memory.rssAfterMb, memory.messages.toLocaleString('en'), `${memory.heapIdle.heapUsedMb} / ${memory.heapAfter.heapUsedMb}`, `${memory.heapIdle.externalMb} / ${memory.heapAfter.externalMb}`]));
  }
  console.log(`\n(load bench took ${Math.round((performance.now() - started) / 1000)} s)`);
  const pick = (backend: string, kind: Kind) => rows.find((x) => x.backend === backend && x.kind === kind && (x.users === o.sizes[0] || kind === 'bare'))?.r;
  const figures = (backend: string) => {
    const chat = pick(backend, 'chat');
    const hook = pick(backend, 'webhook');
    return chat && hook ? { chatRps: chat.perSec, ackedRps: hook.perSec, repliedRps: hook.repliedPerSec, non2xx: hook.non2xx + hook.timeouts + hook.errors, p99AckMs: hook.p99 } : null;
  };
  const low = figures('lowdb');
  return {
    load: {
      bareRps: bare.perSec,
      chatRps: low?.chatRps ?? null,
      ackedRps: low?.ackedRps ?? null,
      repliedRps: low?.repliedRps ?? null,
      // every failed webhook of every measured row (all backends and sizes)
      non2xx: rows.filter((x) => x.kind === 'webhook').reduce((n, x) => n + x.r.non2xx + x.r.timeouts + x.r.errors, 0),
      p99AckMs: low?.p99AckMs ?? null,
      rssIdleMb: memory?.rssIdleMb ?? null,
      rssAfterMb: memory?.rssAfterMb ?? null,
      heapUsedIdleMb: memory?.heapIdle.heapUsedMb ?? null,
      heapUsedAfterMb: memory?.heapAfter.heapUsedMb ?? null,
      externalAfterMb: memory?.heapAfter.externalMb ?? null,
      messages: memory?.messages ?? null,
      postgres: figures('postgres'),
      rows: rows.map((x) => ({ contender: x.kind, backend: x.backend, users: x.users, requests: x.r.count, ok: x.r.ok, non2xx: x.r.non2xx, timeouts: x.r.timeouts + x.r.errors, rps: x.r.perSec, p50Ms: x.r.p50, p99Ms: x.r.p99, repliedRps: x.r.repliedPerSec, replies: x.r.replies })),
    },
  };
}
