/**
 * Profiles the webhook → ack → turn → outbox → send path: starts the compiled bot (dist/main.js,
 * or DIST=<dir>) under `node --cpu-prof`, posts N signed Zalo webhooks over 16 connections to it,
 * waits for the fake Zalo API to stop receiving replies, stops the bot and prints the functions
 * with the most self time. Usage: npx tsx scripts/profile-webhooks.ts [N] [--postgres URL]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort, startFakeZalo, waitQuiet, zaloTextEvent, ZALO_SECRET, ZALO_TOKEN } from '../src/bench/load-parts.js';

const n = Number(process.argv[2] ?? 2000);
const pgIdx = process.argv.indexOf('--postgres');
const root = path.resolve(import.meta.dirname, '..');
const dist = process.env.DIST ?? path.join(root, 'dist');
const profDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-prof-'));
const fake = await startFakeZalo();
const port = await freePort();
const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', KNOWLEDGE_RELOAD: 'false', CARD_PRERENDER: 'false',
  DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'qnbot-prof-data-')), ZALO_BOT_TOKEN: ZALO_TOKEN, ZALO_WEBHOOK_SECRET: ZALO_SECRET, ZALO_API_BASE: fake.url,
  PUBLIC_BASE_URL: 'https://bot.example.vn', RATE_LIMIT_IP_PER_MINUTE: '1000000', ...(pgIdx > 0 ? { DATABASE_URL: process.argv[pgIdx + 1] } : {}) };
const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, path.join(dist, 'main.js')], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
const url = `http://127.0.0.1:${port}`;
while (!(await fetch(`${url}/readyz`).then((r) => r.ok, () => false))) await new Promise((r) => setTimeout(r, 100));
let i = 0;
const t0 = performance.now();
const r = await autocannon({ url, connections: 16, amount: n, requests: [{ method: 'POST', path: '/webhooks/zalo', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': ZALO_SECRET },
  setupRequest: (req) => ({ ...req, body: zaloTextEvent(`p-${++i}`, `u${(i * 7919) % 1000}`, i) }) }] });
const acked = performance.now() - t0;
await waitQuiet(fake.sent, 1500, 120_000);
console.log(`2xx ${r['2xx']}/${n}, non2xx ${r.non2xx}, acked ${Math.round(r['2xx'] / (acked / 1000))}/s, replies ${fake.sent()} in ${Math.round(fake.lastSentAt() - t0)} ms → ${Math.round(fake.sent() / ((fake.lastSentAt() - t0) / 1000))}/s`);
await new Promise<void>((res) => { child.once('exit', () => res()); child.kill('SIGINT'); });
await fake.close();
const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))!;
const prof = JSON.parse(readFileSync(path.join(profDir, file), 'utf8')) as { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] };
const self = new Map<number, number>();
prof.samples.forEach((id, k) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[k] ?? 0)));
const byFn = new Map<string, number>();
for (const node of prof.nodes) {
  const cf = node.callFrame;
  const key = `${cf.functionName || '(anon)'} ${cf.url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${cf.lineNumber + 1}`;
  byFn.set(key, (byFn.get(key) ?? 0) + (self.get(node.id) ?? 0));
}
const total = [...byFn.values()].reduce((a, b) => a + b, 0);
for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${(v / 1000).toFixed(0).padStart(6)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
console.log(`profile: ${path.join(profDir, file)}`);
