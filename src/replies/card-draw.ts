import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { cardSvg, type CardContent } from './card-svg.js';

/** A card's content as plain data (the QR code as its URL): what a worker thread is sent to draw. */
export type CardText = Omit<CardContent, 'qr'>;

type QrLib = typeof import('qrcode');
let qrLib: QrLib | undefined;
/** `qrcode`, loaded on first use: cards are drawn in the media threads, so the server's start never pays for it. */
const qrcode = (): QrLib => (qrLib ??= createRequire(import.meta.url)('qrcode') as QrLib);

/** The full content: the QR module matrix of `qrUrl` added (the costly part, ~5 ms). */
export function withQr(text: CardText): CardContent {
  if (!text.qrUrl) return { ...text, qr: null };
  const m = qrcode().create(text.qrUrl, { errorCorrectionLevel: 'M' }).modules;
  return { ...text, qr: { size: m.size, dark: (r, c) => !!m.get(r, c) } };
}

/** The card's SVG from its plain content. */
export function drawCardSvg(text: CardText): string {
  return cardSvg(withQr(text));
}

/**
 * Fingerprint of the drawing code (this file and the SVG template, as loaded: .ts from source,
 * .js compiled), part of every card's cache key, so a changed template never serves old PNGs.
 */
export const CARD_TEMPLATE_HASH = (() => {
  const here = fileURLToPath(import.meta.url);
  const ext = path.extname(here);
  const h = createHash('sha256');
  for (const f of [here, path.join(path.dirname(here), `card-svg${ext}`)]) h.update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
})();

/** Cache key of a card: its content and the drawing code. */
export function cardKey(text: CardText): string {
  return createHash('sha256').update(CARD_TEMPLATE_HASH).update(JSON.stringify(text)).digest('hex').slice(0, 32);
}
