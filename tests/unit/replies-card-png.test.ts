import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CardText, cardKey, drawCardSvg, withQr } from '../../src/replies/card-draw.js';
import { FONT_FILES, cardFontsAvailable, renderPng } from '../../src/replies/card-png.js';
import { CARD_WIDTH } from '../../src/replies/card-svg.js';
import { requireOrSkip } from '../helpers/require.js';

/**
 * From a card's plain content to the PNG a phone shows: the QR code of the online link, the SVG,
 * the cache key, and the PNG itself (its header and size, and that the words are really drawn with
 * the bundled fonts).
 */
const fonts = requireOrSkip('card fonts', cardFontsAvailable(), 'DejaVu Sans missing (apt-get install fonts-dejavu-core)');

const URL = 'https://dichvucong.gov.vn/p/home/dvc-trang-chu.html';
const text = (over: Partial<CardText> = {}): CardText => ({
  header: 'HƯỚNG DẪN THỦ TỤC',
  title: 'Đăng ký khai sinh',
  steps: [{ text: 'Nộp hồ sơ', icon: 'submit' }],
  facts: ['Lệ phí: Miễn phí'],
  qrCaption: 'Quét mã để làm online',
  qrUrl: URL,
  ...over,
});

/** The PNG signature, then the IHDR chunk: width and height in bytes 16–23. */
function pngHeader(png: Buffer) {
  return {
    signature: png.subarray(0, 8).toString('hex'),
    chunk: png.subarray(12, 16).toString('latin1'),
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
  };
}

/** The 7 × 7 finder square of a QR code whose top-left module is (r, c): dark ring, light ring, dark 3 × 3 centre. */
function isFinder(dark: (r: number, c: number) => boolean, r: number, c: number): boolean {
  for (let i = 0; i < 7; i++) {
    for (let j = 0; j < 7; j++) {
      const ring = Math.max(Math.abs(i - 3), Math.abs(j - 3));
      if (dark(r + i, c + j) !== (ring !== 2)) return false;
    }
  }
  return true;
}

describe('the QR code of a card', () => {
  it('is a QR symbol: a valid size, finder squares in three corners and not the fourth', () => {
    const { qr } = withQr(text());
    expect(qr).not.toBeNull();
    const { size, dark } = qr!;
    expect((size - 21) % 4).toBe(0);
    expect(size).toBeGreaterThanOrEqual(25);
    expect(isFinder(dark, 0, 0)).toBe(true);
    expect(isFinder(dark, 0, size - 7)).toBe(true);
    expect(isFinder(dark, size - 7, 0)).toBe(true);
    expect(isFinder(dark, size - 7, size - 7)).toBe(false);
    // the timing pattern between the top finders alternates dark and light
    for (let c = 8; c < size - 8; c++) expect(dark(6, c)).toBe(c % 2 === 0);
  });

  it('a longer link needs a bigger symbol; the same link always gives the same one', () => {
    const a = withQr(text()).qr!;
    const b = withQr(text({ qrUrl: `${URL}?${'x'.repeat(120)}` })).qr!;
    expect(b.size).toBeGreaterThan(a.size);
    const again = withQr(text()).qr!;
    for (let r = 0; r < a.size; r++) for (let c = 0; c < a.size; c++) expect(again.dark(r, c)).toBe(a.dark(r, c));
  });

  it('no link: no QR code, the rest of the content unchanged', () => {
    const plain = text({ qrUrl: undefined, qrCaption: 'Nộp trực tiếp' });
    expect(withQr(plain)).toEqual({ ...plain, qr: null });
    expect(withQr(text({ qrUrl: '' })).qr).toBeNull();
    const { qr, ...rest } = withQr(text());
    expect(qr).not.toBeNull();
    expect(rest).toEqual(text());
  });

  it('the SVG draws the QR code for a link and none without', () => {
    const svg = drawCardSvg(text());
    const modules = svg.match(/<path d="([^"]*)"/)![1]!.match(/M/g)!.length;
    const { qr } = withQr(text());
    let dark = 0;
    for (let r = 0; r < qr!.size; r++) for (let c = 0; c < qr!.size; c++) if (qr!.dark(r, c)) dark++;
    expect(modules).toBe(dark);
    expect(svg).toContain('dichvucong.gov.vn');
    const none = drawCardSvg(text({ qrUrl: undefined, qrCaption: 'Nộp trực tiếp' }));
    expect(none).not.toContain('<path');
    expect(none).toContain('Nộp trực tiếp');
  });
});

describe('card cache key', () => {
  it('is 32 hex characters, the same for the same content and different for any change', () => {
    const k = cardKey(text());
    expect(k).toMatch(/^[0-9a-f]{32}$/);
    expect(cardKey(text())).toBe(k);
    const others = [text({ title: 'Đăng ký kết hôn' }), text({ qrUrl: undefined }), text({ steps: [] }), text({ facts: ['Lệ phí: 10.000đ'] })].map(cardKey);
    expect(new Set([k, ...others]).size).toBe(5);
  });
});

describe.runIf(fonts)('card PNG', () => {
  it('is a PNG as wide and tall as the SVG says', () => {
    const svg = drawCardSvg(text());
    const png = renderPng(svg);
    const h = pngHeader(png);
    expect(h.signature).toBe('89504e470d0a1a0a');
    expect(h.chunk).toBe('IHDR');
    expect(h.width).toBe(CARD_WIDTH);
    expect(h.height).toBe(Number(svg.match(/^<svg [^>]*height="(\d+)"/)![1]));
  });

  it('draws words with the bundled fonts, in DejaVu Sans when the text names no font', () => {
    const svg = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><rect width="200" height="60" fill="#fff"/>${body}</svg>`;
    const empty = renderPng(svg(''));
    const named = renderPng(svg('<text x="10" y="40" font-family="DejaVu Sans" font-size="28">Khai sinh</text>'));
    // text without a font family is drawn in the default family, DejaVu Sans
    const unnamed = renderPng(svg('<text x="10" y="40" font-size="28">Khai sinh</text>'));
    expect(named.equals(empty)).toBe(false);
    expect(unnamed.equals(empty)).toBe(false);
    expect(unnamed.equals(named)).toBe(true);
  });

  it('the card fonts are the DejaVu Sans files, and they are installed here', () => {
    expect(FONT_FILES.map((f) => f.split('/').at(-1))).toEqual(['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']);
    expect(FONT_FILES.every((f) => existsSync(f))).toBe(true);
    expect(cardFontsAvailable()).toBe(true);
  });
});
