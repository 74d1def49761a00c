import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LANGS } from '../domain/messages.js';
import { loadKnowledge } from '../knowledge/load.js';
import { CardCache } from '../replies/card.js';
import { loadLocales } from '../replies/locales.js';

/**
 * Card images for every curated entry in every language: PNG size (limit 200 KB), height, and the
 * time to render one cold and to serve one from the memory cache.
 */
export async function run(): Promise<void> {
  const kb = await loadKnowledge(path.resolve(process.env.KNOWLEDGE_DIR ?? 'knowledge'));
  const locales = await loadLocales(path.resolve(process.env.LOCALES_DIR ?? 'locales'), { warn: () => undefined });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-cards-'));
  const cache = new CardCache(dir, 10_000);
  const curated = kb.list.filter((e) => e.curated);
  const sizes: number[] = [];
  let maxHeight = 0;
  const cold = performance.now();
  for (const e of curated) for (const lang of LANGS) {
    const png = await cache.get(e, lang, locales);
    sizes.push(png.length);
    maxHeight = Math.max(maxHeight, png.readUInt32BE(20));
  }
  const coldMs = (performance.now() - cold) / sizes.length;
  const warm = performance.now();
  for (const e of curated) for (const lang of LANGS) await cache.get(e, lang, locales);
  const warmMs = (performance.now() - warm) / sizes.length;
  rmSync(dir, { recursive: true, force: true });
  sizes.sort((a, b) => a - b);
  console.log('| cards | median KB | max KB (limit 200) | max height px | cold ms/card | cached ms/card |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const kbOf = (n: number) => (n / 1024).toFixed(1);
  console.log(`| ${sizes.length} | ${kbOf(sizes[Math.floor(sizes.length / 2)] ?? 0)} | ${kbOf(sizes.at(-1) ?? 0)} | ${maxHeight} | ${coldMs.toFixed(0)} | ${warmMs.toFixed(2)} |`);
}
