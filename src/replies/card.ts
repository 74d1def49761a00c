import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import QRCode from 'qrcode';
import type { Lang } from '../domain/messages.js';
import type { Entry } from '../knowledge/types.js';
import { writeFileAtomically } from '../lib/atomic-write.js';
import { tFor, whereText } from './answer.js';
import { cardSvg, type CardContent } from './card-svg.js';
import { entryView } from './localized-entry.js';
import type { Locales } from './locales.js';
import { MAX_STEPS } from './text-limits.js';

/**
 * Fonts the card is drawn with (Debian package fonts-dejavu-core). They are loaded explicitly and
 * system fonts are not, so a card renders the same everywhere; DejaVu Sans covers Vietnamese and
 * the Tày–Nùng letters and has the symbol glyphs of src/replies/icons.ts.
 */
export const FONT_FILES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'];

/** True when the card fonts are installed. */
export function cardFontsAvailable(): boolean {
  return FONT_FILES.every((f) => existsSync(f));
}

/** The card's content for an entry in a language: translated frame, Vietnamese procedure terms. */
export function cardContent(entry: Entry, lang: Lang, locales: Locales): CardContent {
  const t = tFor(locales, lang);
  const view = entryView(entry, lang);
  const facts: string[] = [];
  if (entry.fee) facts.push(`${t('label.fee')}: ${entry.fee}`);
  if (entry.duration) facts.push(`${t('label.duration')}: ${entry.duration}`);
  const where = whereText(entry, t);
  if (where) facts.push(`${t('label.where')}: ${where}`);
  const url = entry.online?.mode !== 'none' ? entry.online?.url : undefined;
  let qr: CardContent['qr'] = null;
  if (url) {
    const m = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
    qr = { size: m.size, dark: (r, c) => !!m.get(r, c) };
  }
  const hidden = view.steps.length - MAX_STEPS;
  return {
    header: t('card.header'),
    title: view.title,
    summary: view.summary,
    steps: view.steps.slice(0, MAX_STEPS),
    moreSteps: hidden > 0 ? t('card.more_steps', { count: hidden }) : undefined,
    facts,
    qr,
    qrCaption: url ? t('card.scan') : t('card.no_online'),
    qrUrl: url,
  };
}

/** Renders an SVG to PNG with the bundled fonts only. */
export function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'original' } });
  return resvg.render().asPng();
}

/**
 * Card PNGs, cached by the hash of their SVG (so an edited entry gets a new image): a small
 * in-memory LRU in front of DATA_DIR/cache/cards on disk, which other instances share.
 */
export class CardCache {
  private readonly memory = new Map<string, Buffer>();

  constructor(private readonly dir: string, private readonly maxItems = 64) {}

  async get(entry: Entry, lang: Lang, locales: Locales): Promise<Buffer> {
    const svg = cardSvg(cardContent(entry, lang, locales));
    const key = createHash('sha256').update(svg).digest('hex').slice(0, 32);
    const hit = this.memory.get(key);
    if (hit) {
      this.memory.delete(key);
      this.memory.set(key, hit);
      return hit;
    }
    const file = path.join(this.dir, `${key}.png`);
    const png = await fs.readFile(file).catch(() => null) ?? (await this.write(file, renderPng(svg)));
    this.remember(key, png);
    return png;
  }

  private async write(file: string, png: Buffer): Promise<Buffer> {
    await writeFileAtomically(file, png);
    return png;
  }

  private remember(key: string, png: Buffer): void {
    this.memory.set(key, png);
    while (this.memory.size > this.maxItems) this.memory.delete(this.memory.keys().next().value!);
  }
}
