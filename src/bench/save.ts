import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { hashPassword } from '../admin/password.js';
import { loadConfig } from '../config.js';
import { loadKnowledge } from '../knowledge/load.js';
import { buildMatcher } from '../nlu/matcher.js';
import { openStore } from '../store/open-store.js';
import { startProcess } from './load-parts.js';

const ENTRY = '1.001193';
const PASSWORD = 'bench password not secret';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as never;

/**
 * An admin save on a serving bot: p99 of POST /api/chat alone and while entries are saved one
 * after another (each save rebuilds the matcher a slice at a time, src/knowledge/holder.ts),
 * the server's longest event-loop delay meanwhile, and, for comparison, how long one rebuild
 * holds the event loop when it is done in one go (what a save cost before).
 */
export async function run(): Promise<Record<string, unknown>> {
  const knowledgeDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-bench-save-kb-'));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-bench-save-'));
  cpSync(path.resolve(process.env.KNOWLEDGE_DIR ?? 'knowledge'), knowledgeDir, { recursive: true });
  const kb = await loadKnowledge(knowledgeDir);
  const t0 = performance.now();
  buildMatcher(kb);
  const oneGoMs = Math.round(performance.now() - t0);

  const env = { DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir, CARD_PRERENDER: 'false', RATE_LIMIT_USER_PER_MINUTE: '100000', RATE_LIMIT_IP_PER_MINUTE: '1000000' };
  const store = await openStore(loadConfig({ ...env, LOG_LEVEL: 'silent' }), silent);
  await store.saveAdminUser({ name: 'bench', role: 'editor', passwordHash: await hashPassword(PASSWORD), createdAt: Date.now() });
  await store.close();
  const bot = await startProcess('src/main.ts', env);
  try {
    const login = await fetch(`${bot.url}/admin/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'bench', password: PASSWORD }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': ((await login.json()) as { csrf: string }).csrf };
    const load = () => autocannon({
      url: `${bot.url}/api/chat`, method: 'POST', connections: 8, duration: 6,
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ user: `b${Math.floor(Math.random() * 500)}`, text: 'đăng ký khai sinh cần giấy tờ gì' }) }) }],
    });
    const save = async (n: number) => {
      const loaded = (await (await fetch(`${bot.url}/admin/api/entries/${ENTRY}`, { headers })).json()) as { text: string; hash: string };
      const start = performance.now();
      const res = await fetch(`${bot.url}/admin/api/entries/${ENTRY}`, { method: 'PUT', headers, body: JSON.stringify({ text: loaded.text.replace(/^fee: .*$/m, `fee: Miễn phí (bench ${n})`), baseHash: loaded.hash }) });
      if (res.status !== 200) throw new Error(`save failed: ${res.status} ${await res.text()}`);
      return performance.now() - start;
    };
    await load(); // warm the turn path
    await save(0); // and the save path
    await lagMaxMs(bot.url); // the server's histogram restarts at each scrape
    const alone = await load();
    const lagAlone = await lagMaxMs(bot.url);
    const saves: number[] = [];
    let saving = true;
    const during = load();
    void during.then(() => (saving = false));
    while (saving) saves.push(await save(saves.length + 1));
    const withSaves = await during;
    const lag = await lagMaxMs(bot.url);
    const saveMs = Math.round(saves.reduce((a, b) => a + b, 0) / Math.max(1, saves.length));
    console.log('| /api/chat (8 connections, 6 s) | p99 ms | req/s | non-2xx |');
    console.log('| --- | --- | --- | --- |');
    console.log(`| alone | ${alone.latency.p99} | ${alone.requests.average} | ${alone.non2xx} |`);
    console.log(`| while ${saves.length} entry saves run back to back | ${withSaves.latency.p99} | ${withSaves.requests.average} | ${withSaves.non2xx} |`);
    console.log(`(one save took ${saveMs} ms on average; the server's longest event-loop delay: ${lagAlone} ms alone, ${lag} ms while saving; the same rebuild done in one go holds the event loop ${oneGoMs} ms)`);
    return { save: { chatP99Ms: alone.latency.p99, chatP99WhileSavingMs: withSaves.latency.p99, saves: saves.length, saveMs, eventLoopMaxDelayMsAlone: lagAlone, eventLoopMaxDelayMs: lag, rebuildInOneGoMs: oneGoMs } };
  } finally {
    await bot.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(knowledgeDir, { recursive: true, force: true });
  }
}

/** The server's longest event-loop delay since its last scrape, from GET /metrics. */
async function lagMaxMs(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Math.round(Number(/^qnbot_nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text)?.[1] ?? Number.NaN) * 1000);
}
