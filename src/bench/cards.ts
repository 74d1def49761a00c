import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { LANGS } from '../domain/messages.js';
import { loadKnowledge } from '../knowledge/load.js';
import { poolCardRenderer } from '../media/card-renderer-pool.js';
import { createMediaPool } from '../media/media-pool.js';
import { CardCache } from '../replies/card.js';
import { loadLocales } from '../replies/locales.js';
import { cardUrl, useMediaUrlKey } from '../replies/media-urls.js';
import { startProcess } from './load-parts.js';

const kbOf = (n: number) => Math.round((n / 1024) * 10) / 10;

/**
 * Card images for every curated entry in every language, drawn as the server draws them (in the
 * media worker pool): PNG size (limit 200 KB), height, cold and cached time per card. Then the
 * p99 of /api/chat on a running bot, alone and while 50 cold cards render (target ≤ 2×).
 */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  const kb = await loadKnowledge(path.resolve(process.env.KNOWLEDGE_DIR ?? 'knowledge'));
  const locales = await loadLocales(path.resolve(process.env.LOCALES_DIR ?? 'locales'), { warn: () => undefined });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-cards-'));
  const pool = createMediaPool();
  const renderer = poolCardRenderer(pool);
  const cache = new CardCache(dir, { render: async (job, p) => (await renderer.render(job, p)).png, memoryItems: 10_000, maxFiles: 10_000 });
  const curated = kb.list.filter((e) => e.curated);
  await renderer.render('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'); // start the thread first
  const sizes: number[] = [];
  let maxHeight = 0;
  const cold = performance.now();
  for (const e of curated) for (const lang of LANGS) {
    const png = (await cache.get(e, lang, locales))!;
    sizes.push(png.length);
    maxHeight = Math.max(maxHeight, png.readUInt32BE(20));
  }
  const coldMs = (performance.now() - cold) / sizes.length;
  const warm = performance.now();
  for (const e of curated) for (const lang of LANGS) await cache.get(e, lang, locales);
  const cachedMs = (performance.now() - warm) / sizes.length;
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
  sizes.sort((a, b) => a - b);
  console.log('| cards | median KB | max KB (limit 200) | max height px | cold ms/card (worker) | cached ms/card |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  console.log(`| ${sizes.length} | ${kbOf(sizes[Math.floor(sizes.length / 2)] ?? 0)} | ${kbOf(sizes.at(-1) ?? 0)} | ${maxHeight} | ${coldMs.toFixed(0)} | ${cachedMs.toFixed(2)} |`);
  const chat = args.includes('--no-server') ? null : await chatWhileRendering(kb.list.filter((e) => !e.curated).slice(0, 13).map((e) => e.id), kb.list.filter((e) => !e.curated)[13]!.id);
  return { cards: { coldMs: Math.round(coldMs), cachedMs: Math.round(cachedMs * 100) / 100, maxKb: kbOf(sizes.at(-1) ?? 0), ...(chat ?? {}) } };
}

/** The server's longest event-loop delay since its last scrape, from GET /metrics. */
async function lagMaxMs(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Math.round(Number(/^qnbot_nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text)?.[1] ?? Number.NaN) * 1000);
}

/** p99 of POST /api/chat with and without 50 cold card renders going on in the same server. */
async function chatWhileRendering(ids: string[], warmId: string): Promise<{ chatP99Ms: number; chatP99WhileRenderingMs: number; ratio: number; eventLoopMaxDelayMs: number } | null> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-bench-cards-'));
  // the load and the 50 card fetches all come from one loopback address: lift the flood limits (429s would hide renders)
  const bot = await startProcess('src/main.ts', { DATA_DIR: dataDir, PUBLIC_BASE_URL: 'https://bot.example.vn', CARD_PRERENDER: 'false', RATE_LIMIT_USER_PER_MINUTE: '100000', RATE_LIMIT_IP_PER_MINUTE: '1000000' });
  try {
    useMediaUrlKey(readFileSync(path.join(dataDir, 'media-url.key')));
    const urls = ids.flatMap((id) => LANGS.map((lang) => cardUrl(bot.url, id, lang))).slice(0, 50);
    const load = () => autocannon({
      url: `${bot.url}/api/chat`, method: 'POST', connections: 8, duration: 5,
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ user: `b${Math.floor(Math.random() * 500)}`, text: 'đăng ký khai sinh cần giấy tờ gì' }) }) }],
    });
    // warm: the turn path, and the media thread (one card of an entry not among the 50)
    await load();
    if ((await fetch(cardUrl(bot.url, warmId, 'vi'))).status !== 200) throw new Error('warm-up card failed');
    const before = await load();
    await lagMaxMs(bot.url); // the server's event-loop delay histogram restarts at each scrape
    const renders = Promise.all(urls.map((u) => fetch(u).then((r) => r.status)));
    const during = await load();
    const statuses = await renders;
    const lagDuring = await lagMaxMs(bot.url);
    const after = await load();
    if (statuses.some((s) => s !== 200)) throw new Error(`card renders failed: ${statuses.join(',')}`);
    // the machine may be shared: the baseline is the mean of the runs just before and after
    const alone = (before.latency.p99 + after.latency.p99) / 2;
    const ratio = Math.round((during.latency.p99 / Math.max(1, alone)) * 100) / 100;
    console.log('\n| /api/chat (8 connections, 5 s) | p99 ms | req/s | non-2xx |');
    console.log('| --- | --- | --- | --- |');
    console.log(`| alone, before | ${before.latency.p99} | ${before.requests.average} | ${before.non2xx} |`);
    console.log(`| while 50 cold cards render | ${during.latency.p99} | ${during.requests.average} | ${during.non2xx} |`);
    console.log(`| alone, after | ${after.latency.p99} | ${after.requests.average} | ${after.non2xx} |`);
    console.log(`(ratio ${ratio} against the mean of the two alone runs, target ≤ 2; the server's longest event-loop delay meanwhile: ${lagDuring} ms)`);
    return { chatP99Ms: alone, chatP99WhileRenderingMs: during.latency.p99, ratio, eventLoopMaxDelayMs: lagDuring };
  } finally {
    await bot.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
