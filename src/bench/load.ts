/**
 * Load, growth and memory of the webhook path (npm run bench -- --only load). Everything runs on
 * loopback: the bot as its own process (`tsx src/main.ts`, as in production), autocannon posting
 * correctly authenticated Zalo webhooks, and a fake Zalo API counting the replies. A bare Fastify
 * route in its own process is the yardstick. Options: --requests N (per row), --connections N,
 * --sizes 1000,10000,100000 (users already in the store), --memory-messages N (default 10 k to
 * stay within ~5 minutes on 2 cores; the 100 k figure: --memory-messages 100000), --no-postgres.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { newSession } from '../domain/session.js';
import { LowdbStore } from '../store/lowdb-store.js';
import { PostgresStore } from '../store/postgres-store.js';
import type { Store } from '../store/types.js';
import { startFakeZalo, startProcess, waitQuiet, zaloTextEvent, ZALO_SECRET, ZALO_TOKEN, type ServedProcess } from './load-parts.js';

const quiet = { warn: () => undefined, error: () => undefined };

interface Options { requests: number; connections: number; sizes: number[]; memoryMessages: number; postgres: boolean }

function parseOptions(args: string[]): Options {
  const val = (name: string, def: string) => {
    const i = args.indexOf(`--${name}`);
    return (i >= 0 && args[i + 1]) || def;
  };
  return {
    requests: Number(val('requests', '2000')),
    connections: Number(val('connections', '16')),
    sizes: val('sizes', '1000,10000,100000').split(',').map(Number),
    memoryMessages: Number(val('memory-messages', '10000')),
    postgres: !args.includes('--no-postgres'),
  };
}

interface Fired { count: number; ok: number; perSec: number; p50: number; p99: number; deliveredPerSec: number | null }

let fired = 0;
/** The route under load: the Zalo webhook, or POST /api/chat while no Zalo channel is built. */
const route: 'zalo' | 'api' = existsSync(path.resolve(import.meta.dirname, '../channels/zalo')) ? 'zalo' : 'api';

async function checkRoute(base: string): Promise<void> {
  if (route === 'api') return;
  const res = await fetch(`${base}/webhooks/zalo`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': ZALO_SECRET }, body: zaloTextEvent(`probe-${Date.now()}`, 'probe', 0) });
  if (res.status !== 200) throw new Error(`POST /webhooks/zalo answered ${res.status} to a correctly signed probe: ${await res.text()}`);
}

type Fake = { url: string; sent: () => number; lastSentAt: () => number };

/**
 * Posts `count` webhooks (unique message ids, `users` distinct senders). Acked/s counts the
 * webhook answers; replied/s runs until the fake platform stops receiving replies (the bot acks
 * before it answers, so the two differ when the answers pile up).
 */
async function fire(base: string, count: number, users: number, conns: number, fake?: Fake): Promise<Fired> {
  const run = (fired += 1);
  let i = 0;
  const started = performance.now();
  const r = await autocannon({
    url: base, connections: conns, amount: count, timeout: 20,
    requests: [{
      method: 'POST', path: route === 'zalo' ? '/webhooks/zalo' : '/api/chat',
      headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': ZALO_SECRET },
      setupRequest: (req) => {
        i += 1;
        const user = `u${(i * 7919) % users}`;
        const body = route === 'zalo' ? zaloTextEvent(`bench-${process.pid}-${run}-${i}`, user, i) : JSON.stringify({ user, text: JSON.parse(zaloTextEvent('x', user, i)).message.text });
        return { ...req, body };
      },
    }],
  });
  const ok = r['2xx'];
  const ackedSec = (performance.now() - started) / 1000;
  let deliveredPerSec: number | null = null;
  if (fake && route === 'zalo') {
    await waitQuiet(fake.sent, 1500, 120_000);
    deliveredPerSec = Math.round(ok / Math.max(ackedSec, (fake.lastSentAt() - started) / 1000));
  }
  return { count, ok, perSec: Math.round(ok / ackedSec), p50: r.latency.p50, p99: r.latency.p99, deliveredPerSec };
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
      return store.saveSession({ ...newSession(route, `u${n}`, now), lang: 'vi', langChosen: true, lastQuestion: 'làm căn cước ở đâu', topicId: 'cap-can-cuoc', turns: 3 });
    }));
  }
  await store.close();
}

function botEnv(place: Place, fakeUrl: string): Record<string, string> {
  return { ...place.env, ZALO_BOT_TOKEN: ZALO_TOKEN, ZALO_WEBHOOK_SECRET: ZALO_SECRET, ZALO_API_BASE: fakeUrl, PUBLIC_BASE_URL: 'https://bot.example.vn', CARD_PRERENDER: 'false' };
}

const row = (cells: (string | number | null)[]) => `| ${cells.map((c) => (c === null ? '–' : String(c))).join(' | ')} |`;

export async function run(args: string[]): Promise<void> {
  const o = parseOptions(args);
  const fake = await startFakeZalo();
  const started = performance.now();
  console.log(`\nLoad on ${route === 'zalo' ? 'POST /webhooks/zalo' : 'POST /api/chat (no Zalo channel built yet)'} (${o.requests} requests a row, ${o.connections} connections, loopback; ${os.cpus().length} cores)`);
  console.log(row(['backend', 'users in store', '2xx', 'acked msg/s', 'p50 ms', 'p99 ms', 'replied msg/s', 'acked / bare']));
  console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
  const lines = { push: (l: string) => console.log(l) };
  let bare: Fired;
  const bareProc = await startProcess('src/bench/bare-server.ts', {});
  try { bare = await fire(bareProc.url, o.requests, 1000, o.connections); } finally { await bareProc.stop(); }
  lines.push(row(['bare Fastify route', '–', bare.ok, bare.perSec, bare.p50, bare.p99, '–', '1.00']));

  const places: Place[] = [lowdbPlace()];
  if (o.postgres) { const p = await postgresPlace(); if (p) places.push(p); }
  const memory: string[] = [];
  for (const place of places) {
    let seeded = 0;
    try {
      for (const size of o.sizes) {
        await seed(place, seeded, size);
        seeded = size;
        const bot = await startProcess('src/main.ts', botEnv(place, fake.url), '/readyz');
        try {
          await checkRoute(bot.url);
          const r = await fire(bot.url, o.requests, size, o.connections, fake);
          lines.push(row([place.name, size.toLocaleString('en'), `${r.ok}/${r.count}`, r.perSec, r.p50, r.p99, r.deliveredPerSec, (r.perSec / bare.perSec).toFixed(2)]));
        } finally { await bot.stop(); }
      }
      if (place.name === 'lowdb' && o.memoryMessages > 0) memory.push(await memoryRow(fake, o));
    } finally { await place.drop(); }
  }
  await fake.close();
  if (memory.length) {
    console.log('\nMemory of the bot process (RSS, MB)');
    console.log(row(['backend', 'idle, catalogue loaded', 'after N messages', 'N']));
    console.log(row(['---', '---:', '---:', '---:']));
    for (const l of memory) console.log(l);
  }
  console.log(`\n(load bench took ${Math.round((performance.now() - started) / 1000)} s)`);
}

/** RSS of a fresh lowdb bot at idle, then after `memoryMessages` accepted messages from 1,000 users. */
async function memoryRow(fake: Fake, o: Options): Promise<string> {
  const place = lowdbPlace();
  let bot: ServedProcess | null = null;
  try {
    bot = await startProcess('src/main.ts', botEnv(place, fake.url), '/readyz');
    await checkRoute(bot.url);
    await new Promise((r) => setTimeout(r, 1000));
    const idle = bot.rssMb();
    // count accepted messages: past its backlog the bot answers 503 and those do not count
    for (let done = 0; done < o.memoryMessages;) done += (await fire(bot.url, Math.min(5_000, o.memoryMessages - done), 1000, o.connections, fake)).ok;
    await new Promise((r) => setTimeout(r, 1000));
    return row(['lowdb', idle, bot.rssMb(), o.memoryMessages.toLocaleString('en')]);
  } finally {
    await bot?.stop();
    await place.drop();
  }
}
