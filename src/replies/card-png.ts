import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

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

type ResvgLib = typeof import('@resvg/resvg-js');
let resvgLib: ResvgLib | undefined;
/** The native renderer, loaded on first use: the media threads render, so the server's start never pays for it. */
const resvgModule = (): ResvgLib => (resvgLib ??= createRequire(import.meta.url)('@resvg/resvg-js') as ResvgLib);

/** Renders an SVG to PNG with the bundled fonts only (CPU-bound: ~100 ms; servers call it in a worker). */
export function renderPng(svg: string): Buffer {
  const resvg = new (resvgModule().Resvg)(svg, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'original' } });
  return resvg.render().asPng();
}
