import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LANGS } from '../../src/domain/messages.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { CARD_WIDTH, cardSvg, escapeXml, wrap } from '../../src/replies/card-svg.js';
import { cardContent, cardFontsAvailable, renderPng } from '../../src/replies/card.js';
import type { Locales } from '../../src/replies/locales.js';
import { loadRepliesFixture } from '../helpers/replies-fixture.js';
import { requireOrSkip } from '../helpers/require.js';

const fonts = requireOrSkip('card fonts', cardFontsAvailable(), 'DejaVu Sans missing (apt-get install fonts-dejavu-core)');
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('card SVG', () => {
  it('escapes every piece of text', () => {
    expect(escapeXml('<script>&"\'')).toBe('&lt;script&gt;&amp;&quot;&apos;');
    const svg = cardSvg({ header: 'h', title: '</text><image href="file:///etc/passwd"/>', steps: [{ text: '<b>&', icon: 'x' }], facts: [], qr: null, qrCaption: 'c' });
    expect(svg).not.toContain('<image');
    expect(svg).toContain('&lt;/text&gt;');
  });

  it('wraps long text into at most the given lines, ending with …', () => {
    const lines = wrap('một hai ba bốn năm sáu bảy tám chín mười', 10, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/…$/);
    expect(lines.every((l) => l.length <= 10)).toBe(true);
  });
});

describe.runIf(fonts)('card PNG', () => {
  let kb: KnowledgeBase;
  let locales: Locales;
  beforeAll(async () => {
    ({ locales, kb } = await loadRepliesFixture());
  });

  it.each(LANGS)('renders a readable card in %s: PNG, 720 px wide, under 200 KB', (lang) => {
    const png = renderPng(cardSvg(cardContent(kb.entries.get('1.001193')!, lang, locales)));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const { width, height } = pngSize(png);
    expect(width).toBe(CARD_WIDTH);
    expect(height).toBeGreaterThan(700);
    expect(height).toBeLessThan(2000);
    expect(png.length).toBeLessThanOrEqual(200 * 1024);
  });

  it('puts a QR code for the online link, and says "apply in person" without one', () => {
    const withQr = cardSvg(cardContent(kb.entries.get('1.001193')!, 'vi', locales));
    expect(withQr).toContain('Quét mã để làm online');
    const without = cardContent({ ...kb.entries.get('1.001193')!, online: { mode: 'none' } }, 'vi', locales);
    expect(without.qr).toBeNull();
    expect(cardSvg(without)).toContain('Nộp trực tiếp');
  });

  it('shows at most 6 steps and says how many more there are', () => {
    const c = cardContent(kb.entries.get('1.001193')!, 'vi', locales);
    expect(c.steps).toHaveLength(6);
    expect(c.moreSteps).toBe('… và 1 bước nữa');
  });
});
