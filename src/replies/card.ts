import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Lang } from '../domain/messages.js';
import type { Entry } from '../knowledge/types.js';
import { writeFileAtomically } from '../lib/atomic-write.js';
import { tFor, whereText } from './answer.js';
import { renderPng } from './card-png.js';
import { type CardText, cardKey, drawCardSvg, withQr } from './card-draw.js';
import type { CardContent } from './card-svg.js';
import { entryView } from './localized-entry.js';
import type { Locales } from './locales.js';
import { MAX_STEPS } from './text-limits.js';

export { FONT_FILES, cardFontsAvailable, renderPng } from './card-png.js';

/** The card's content for an entry in a language, as plain data (no QR matrix yet). */
export function cardText(entry: Entry, lang: Lang, locales: Locales): CardText {
  const t = tFor(locales, lang);
  const view = entryView(entry, lang);
  const facts: string[] = [];
  if (entry.fee) facts.push(`${t('label.fee')}: ${entry.fee}`);
  if (entry.duration) facts.push(`${t('label.duration')}: ${entry.duration}`);
  const where = whereText(entry, t);
  if (where) facts.push(`${t('label.where')}: ${where}`);
  const url = entry.online?.mode !== 'none' ? entry.online?.url : undefined;
  const hidden = view.steps.length - MAX_STEPS;
  return {
    header: t('card.header'),
    title: view.title,
    summary: view.summary,
    steps: view.steps.slice(0, MAX_STEPS),
    moreSteps: hidden > 0 ? t('card.more_steps', { count: hidden }) : undefined,
    facts,
    qrCaption: url ? t('card.scan') : t('card.no_online'),
    qrUrl: url,
  };
}

/** The card's content for an entry in a language: translated frame, Vietnamese procedure terms. */
export function cardContent(entry: Entry, lang: Lang, locales: Locales): CardContent {
  return withQr(cardText(entry, lang, locales));
}

/** What to draw: a finished SVG, or a card's plain content (the QR and SVG are then made where it is drawn). */
export type CardJob = { svg: string } | { card: CardText };

/** Where card PNGs come from: the media worker pool in the server, or in-process for tools. */
export type RenderPng = (job: CardJob, priority: 'high' | 'low') => Promise<Buffer>;

export interface CardCacheOptions {
  render?: RenderPng;
  /** PNGs kept in memory (the hottest ones). */
  memoryItems?: number;
  /** Bounds of the disk cache; past either, the least recently used files go (mtime order). */
  maxFiles?: number;
  maxBytes?: number;
  /** Called after each render with its duration (for the render latency metric). */
  onRender?: (seconds: number) => void;
}

export interface CardRequest {
  priority?: 'high' | 'low';
  /** Serve only what is already rendered (memory or disk): never start a render. */
  cachedOnly?: boolean;
}

/**
 * Card PNGs, cached by the hash of their SVG (so an edited entry gets a new image): a small
 * in-memory LRU in front of DATA_DIR/cache/cards on disk, which other instances share. Concurrent
 * requests for one card share one render; every write goes through its own temporary file, and
 * the disk cache is pruned to its bounds, least recently used first.
 */
export class CardCache {
  private readonly memory = new Map<string, Buffer>();
  private readonly inFlight = new Map<string, Promise<Buffer>>();
  private readonly keys = new WeakMap<Entry, { locales: Locales; byLang: Map<Lang, string> }>();
  private readonly opts: Required<Omit<CardCacheOptions, 'onRender'>> & Pick<CardCacheOptions, 'onRender'>;
  private pruning: Promise<void> | null = null;
  private writesSincePrune = 0;
  /** Renders started (not served from a cache); tests and the bench read it. */
  renders = 0;

  constructor(private readonly dir: string, opts: CardCacheOptions = {}) {
    this.opts = {
      render: opts.render ?? (async (job) => renderPng('svg' in job ? job.svg : drawCardSvg(job.card))),
      memoryItems: opts.memoryItems ?? 64,
      maxFiles: opts.maxFiles ?? 2000,
      maxBytes: opts.maxBytes ?? 200 * 1024 * 1024,
      onRender: opts.onRender,
    };
  }

  /** Cache key of a finished SVG (cards of entries are keyed by their content: cardKey). */
  static key(svg: string): string {
    return createHash('sha256').update(svg).digest('hex').slice(0, 32);
  }

  async get(entry: Entry, lang: Lang, locales: Locales, req: CardRequest = {}): Promise<Buffer | null> {
    // the key is remembered per entry object (a reload makes new ones), so a cached card costs
    // nearly nothing on the event loop; the QR code and SVG are drawn by the renderer (a worker)
    let keys = this.keys.get(entry);
    if (!keys || keys.locales !== locales) this.keys.set(entry, (keys = { locales, byLang: new Map() }));
    let key = keys.byLang.get(lang);
    let card: CardText | undefined;
    if (!key) {
      card = cardText(entry, lang, locales);
      key = cardKey(card);
      keys.byLang.set(lang, key);
    }
    return this.getByKey(key, () => ({ card: card ?? cardText(entry, lang, locales) }), req);
  }

  async getSvg(svg: string, req: CardRequest = {}): Promise<Buffer | null> {
    return this.getByKey(CardCache.key(svg), () => ({ svg }), req);
  }

  private async getByKey(key: string, job: () => CardJob, req: CardRequest): Promise<Buffer | null> {
    const hit = this.memory.get(key);
    if (hit) {
      this.memory.delete(key);
      this.memory.set(key, hit);
      return hit;
    }
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const file = path.join(this.dir, `${key}.png`);
    // a cache-only look never stands in for a render a later request may need
    if (req.cachedOnly) return fs.readFile(file).then(async (png) => (await this.touch(file), png), () => null);
    const loading = this.load(file, job, req);
    this.inFlight.set(key, loading);
    try {
      const png = await loading;
      if (png) this.remember(key, png);
      return png;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private load(file: string, job: () => CardJob, req: CardRequest): Promise<Buffer> {
    return fs.readFile(file).then(
      async (png) => (await this.touch(file), png),
      async () => {
        this.renders++;
        const started = performance.now();
        const png = await this.opts.render(job(), req.priority ?? 'high');
        this.opts.onRender?.((performance.now() - started) / 1000);
        await this.write(file, png);
        return png;
      },
    );
  }

  /** A disk hit counts as a use: the file's mtime orders the pruning. */
  private async touch(file: string): Promise<void> {
    const now = new Date();
    await fs.utimes(file, now, now).catch(() => undefined);
  }

  private async write(file: string, png: Buffer): Promise<void> {
    await writeFileAtomically(file, png); // unique temp name: two instances never share one
    if (++this.writesSincePrune >= Math.max(1, Math.floor(this.opts.maxFiles / 20))) void this.prune();
  }

  /** Deletes the least recently used PNGs until the disk cache is within both bounds. */
  prune(): Promise<void> {
    this.pruning ??= this.pruneNow().finally(() => (this.pruning = null));
    return this.pruning;
  }

  private async pruneNow(): Promise<void> {
    this.writesSincePrune = 0;
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const files = (await Promise.all(names.filter((n) => n.endsWith('.png')).map(async (n) => {
      const st = await fs.stat(path.join(this.dir, n)).catch(() => null);
      return st ? { name: n, mtime: st.mtimeMs, size: st.size } : null;
    }))).filter((f) => f !== null);
    files.sort((a, b) => b.mtime - a.mtime);
    let count = 0;
    let bytes = 0;
    for (const f of files) {
      count++;
      bytes += f.size;
      if (count > this.opts.maxFiles || bytes > this.opts.maxBytes) {
        await fs.rm(path.join(this.dir, f.name), { force: true });
        this.memory.delete(f.name.replace(/\.png$/, ''));
      }
    }
  }

  private remember(key: string, png: Buffer): void {
    this.memory.set(key, png);
    for (const oldest of this.memory.keys()) {
      if (this.memory.size <= this.opts.memoryItems) break;
      this.memory.delete(oldest);
    }
  }
}
