import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { poolCardRenderer } from '../../src/media/card-renderer-pool.js';
import { createMediaPool } from '../../src/media/media-pool.js';
import { siblingModule } from '../../src/media/worker-pool.js';
import { CardCache } from '../../src/replies/card.js';
import { cardFontsAvailable } from '../../src/replies/card.js';
import { requireOrSkip } from '../helpers/require.js';

const fonts = requireOrSkip('card fonts', cardFontsAvailable(), 'DejaVu Sans missing (apt-get install fonts-dejavu-core)');
const svg = (n: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text x="2" y="15" font-size="12">${n}</text></svg>`;

describe('media worker pool', () => {
  const pool = createMediaPool(2);
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'qnbot-cards-'));
    dirs.push(d);
    return d;
  };
  afterAll(async () => {
    await pool.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('loads the worker module with the running module\'s extension (.ts from source, .js from dist)', () => {
    expect(siblingModule(import.meta.url, 'x').pathname).toMatch(/\/tests\/unit\/x\.ts$/);
    expect(siblingModule('file:///app/dist/media/media-pool.js', 'media-worker').href).toBe('file:///app/dist/media/media-worker.js');
  });

  it.runIf(fonts)('draws 50 cards at once in worker threads, never on the event loop\'s thread', async () => {
    const renderer = poolCardRenderer(pool);
    const results = await Promise.all(Array.from({ length: 50 }, (_, n) => renderer.render(svg(n), n % 2 ? 'low' : 'high')));
    expect(new Set(results.map((r) => r.png.subarray(1, 4).toString())).size).toBe(1);
    expect(results[0]!.png.subarray(1, 4).toString()).toBe('PNG');
    expect(results.every((r) => r.threadId !== threadId)).toBe(true);
  });

  it.runIf(process.platform === 'linux' && fonts)('runs its threads at the lowest CPU priority, so the event loop goes first', async () => {
    await poolCardRenderer(pool).render(svg(0));
    const niceOf = (task: string) => Number(readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    const tasks = readdirSync('/proc/self/task');
    expect(niceOf(String(process.pid))).toBe(0); // the main thread keeps its priority
    expect(tasks.filter((task) => niceOf(task) === 19).length).toBeGreaterThanOrEqual(1);
  });

  it.runIf(fonts)('keeps the disk cache within its bound, dropping the least recently used cards', async () => {
    const renderer = poolCardRenderer(pool);
    const dir = tmp();
    const cache = new CardCache(dir, { render: async (s) => (await renderer.render(s)).png, maxFiles: 5, memoryItems: 0 });
    for (let n = 0; n < 5; n++) await cache.getSvg(svg(n));
    // card n was last used n minutes ago… card 0 longest ago, but it is used again now: it stays
    for (let n = 0; n < 5; n++) {
      const then = new Date(Date.now() - (60 - n) * 60_000);
      utimesSync(path.join(dir, `${CardCache.key(svg(n))}.png`), then, then);
    }
    await cache.getSvg(svg(0));
    for (let n = 5; n < 8; n++) await cache.getSvg(svg(n));
    await cache.prune();
    const left = readdirSync(dir);
    expect(left).toHaveLength(5);
    expect(left.every((f) => /^[a-f0-9]{32}\.png$/.test(f))).toBe(true);
    expect(left.sort()).toEqual([0, 4, 5, 6, 7].map((n) => `${CardCache.key(svg(n))}.png`).sort());
  });
});
