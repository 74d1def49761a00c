import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../src/knowledge/types.js';
import { cardKey } from '../../src/replies/card-draw.js';
import { CardCache, type CardJob, cardText } from '../../src/replies/card.js';
import type { Locales } from '../../src/replies/locales.js';
import { loadRepliesFixture } from '../helpers/replies-fixture.js';

/**
 * The card image cache behind /media/cards: a card is drawn once, shared by concurrent requests,
 * kept on disk for other instances and pruned least-recently-used first. The renderer is the
 * cache's `render` option (the worker pool in the server); here it returns the job it was given,
 * so each test can see which card was drawn.
 */
let locales: Locales;
let birth: Entry;
const dirs: string[] = [];
beforeAll(async () => {
  const fixture = await loadRepliesFixture();
  locales = fixture.locales;
  const { kb } = fixture;
  birth = kb.entries.get('1.001193') as Entry;
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'qnbot-cards-'));
  dirs.push(d);
  return d;
};
function recorder() {
  const jobs: { job: CardJob; priority: string }[] = [];
  const render = async (job: CardJob, priority: 'high' | 'low') => {
    jobs.push({ job, priority });
    return Buffer.from('svg' in job ? job.svg : cardKey(job.card));
  };
  return { jobs, render };
}
const pngs = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.png')).sort();

describe('card content', () => {
  it('names the fee, time and place, at most 6 steps, and a QR caption that matches the link', () => {
    const c = cardText(birth, 'vi', locales);
    expect(c.title).toBe('Đăng ký khai sinh');
    expect(c.facts).toEqual([
      `${locales.t('vi', 'label.fee')}: Miễn phí`,
      `${locales.t('vi', 'label.duration')}: Trong ngày`,
      `${locales.t('vi', 'label.where')}: Bộ phận một cửa UBND xã nơi bố hoặc mẹ cư trú`,
    ]);
    expect(c.steps).toHaveLength(6);
    expect(c.moreSteps).toBe(locales.t('vi', 'card.more_steps', { count: 1 }));
    expect(c.qrUrl).toBe('https://dichvucong.gov.vn/p/home/dvc-trang-chu.html');
    expect(c.qrCaption).toBe(locales.t('vi', 'card.scan'));
    const offline = cardText({ ...birth, online: { mode: 'none', url: 'https://x.vn' }, steps: birth.steps?.slice(0, 6), fee: undefined, duration: undefined } as Entry, 'vi', locales);
    expect(offline.qrUrl).toBeUndefined();
    expect(offline.qrCaption).toBe(locales.t('vi', 'card.no_online'));
    expect(offline.moreSteps).toBeUndefined();
    expect(offline.facts).toHaveLength(1);
  });
});

describe('CardCache', () => {
  it('draws a card once; later requests come from memory, then from disk for a new instance', async () => {
    const dir = tmp();
    const r = recorder();
    const cache = new CardCache(dir, { render: r.render });
    const first = await cache.get(birth, 'vi', locales);
    const again = await cache.get(birth, 'vi', locales);
    expect(again?.equals(first ?? Buffer.alloc(0))).toBe(true);
    expect(cache.renders).toBe(1);
    expect(r.jobs).toEqual([{ job: { card: cardText(birth, 'vi', locales) }, priority: 'high' }]);
    expect(pngs(dir)).toHaveLength(1);
    const other = new CardCache(dir, { render: r.render });
    expect((await other.get(birth, 'vi', locales))?.equals(first ?? Buffer.alloc(0))).toBe(true);
    expect(other.renders).toBe(0);
    // each language is its own card
    await cache.get(birth, 'en', locales, { priority: 'low' });
    expect(cache.renders).toBe(2);
    expect(r.jobs[1]?.priority).toBe('low');
  });

  it('concurrent requests for one card share one drawing', async () => {
    const r = recorder();
    const cache = new CardCache(tmp(), { render: r.render });
    const all = await Promise.all([1, 2, 3].map(() => cache.get(birth, 'vi', locales)));
    expect(cache.renders).toBe(1);
    expect(new Set(all.map((b) => b?.toString())).size).toBe(1);
  });

  it('an edited entry gets a new card', async () => {
    const r = recorder();
    const cache = new CardCache(tmp(), { render: r.render });
    await cache.get(birth, 'vi', locales);
    await cache.get({ ...birth, fee: '10.000đ' } as Entry, 'vi', locales);
    expect(cache.renders).toBe(2);
  });

  it('a cache-only look never draws: nothing before the first drawing, the card after', async () => {
    const dir = tmp();
    const r = recorder();
    const cache = new CardCache(dir, { render: r.render });
    expect(await cache.get(birth, 'vi', locales, { cachedOnly: true })).toBeNull();
    expect(cache.renders).toBe(0);
    const png = await cache.get(birth, 'vi', locales);
    const other = new CardCache(dir, { render: r.render });
    expect((await other.get(birth, 'vi', locales, { cachedOnly: true }))?.equals(png ?? Buffer.alloc(0))).toBe(true);
    expect(other.renders).toBe(0);
  });

  it('finished SVGs are cached by their content', async () => {
    const r = recorder();
    const seconds: number[] = [];
    const cache = new CardCache(tmp(), { render: r.render, onRender: (s) => seconds.push(s) });
    expect((await cache.getSvg('<svg>a</svg>'))?.toString()).toBe('<svg>a</svg>');
    await cache.getSvg('<svg>a</svg>');
    await cache.getSvg('<svg>b</svg>');
    expect(cache.renders).toBe(2);
    expect(seconds).toHaveLength(2);
    expect(seconds.every((s) => s >= 0)).toBe(true);
  });

  it('keeps only the most recently used files within the bounds', async () => {
    const dir = tmp();
    const r = recorder();
    const cache = new CardCache(dir, { render: r.render, maxFiles: 2, memoryItems: 1 });
    const svgs = ['<svg>1</svg>', '<svg>2</svg>', '<svg>3</svg>'];
    for (const [i, s] of svgs.entries()) {
      await cache.getSvg(s);
      const t = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
      utimesSync(path.join(dir, `${CardCache.key(s)}.png`), t, t);
    }
    await cache.prune();
    expect(pngs(dir)).toEqual([CardCache.key('<svg>2</svg>'), CardCache.key('<svg>3</svg>')].map((k) => `${k}.png`).sort());
    // the pruned card is drawn again when asked for; the kept ones are not
    await cache.getSvg('<svg>2</svg>');
    expect(cache.renders).toBe(3);
    await cache.getSvg('<svg>1</svg>');
    expect(cache.renders).toBe(4);
  });

  it('a byte bound prunes too', async () => {
    const dir = tmp();
    const r = recorder();
    const cache = new CardCache(dir, { render: r.render, maxBytes: 30 });
    await cache.getSvg('<svg>first-card</svg>'); // 21 bytes
    const t = new Date(Date.UTC(2026, 0, 1));
    utimesSync(path.join(dir, `${CardCache.key('<svg>first-card</svg>')}.png`), t, t);
    await cache.getSvg('<svg>second-card</svg>');
    await cache.prune();
    expect(pngs(dir)).toEqual([`${CardCache.key('<svg>second-card</svg>')}.png`]);
  });
});
