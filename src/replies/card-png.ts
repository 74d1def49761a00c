import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';

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

/** Renders an SVG to PNG with the bundled fonts only (CPU-bound: ~100 ms; servers call it in a worker). */
export function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'original' } });
  return resvg.render().asPng();
}
