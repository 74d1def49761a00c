import { describe, expect, it } from 'vitest';
import { audioUrl, cardUrl, mediaSignature, useMediaUrlKey, validMediaSignature } from '../../src/replies/media-urls.js';
import { sectionParts } from '../../src/replies/official.js';
import { fitLines, MAX_PART_CHARS, mergeTexts, packLines } from '../../src/replies/text-limits.js';

/** One phone screen per text bubble: how long answers are packed, fitted and merged. */
const line = (n: number, ch = 'a') => ch.repeat(n);

describe('packLines', () => {
  it('joins lines into as few texts as fit 600 characters, in order', () => {
    expect(packLines(['Một', 'Hai', 'Ba'])).toEqual(['Một\nHai\nBa']);
    const lines = [line(300), line(299, 'b'), line(10, 'c')];
    // 300 + 1 + 299 = 600 fits exactly; the next line starts a new text
    expect(packLines(lines)).toEqual([`${line(300)}\n${line(299, 'b')}`, line(10, 'c')]);
    expect(packLines([line(300), line(300, 'b')])).toEqual([line(300), line(300, 'b')]);
  });

  it('clips a single over-long line and never returns an empty text', () => {
    const out = packLines([`${'chữ '.repeat(200)}`], 100);
    expect(out).toHaveLength(1);
    expect(out[0]?.length).toBeLessThanOrEqual(100);
    expect(out[0]).toMatch(/…$/);
    expect(packLines([])).toEqual([]);
  });
});

describe('fitLines', () => {
  it('keeps the lines that fit with room for an "and N more" line, and counts the rest', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `${i + 1}. ${line(60)}`);
    const { text, left } = fitLines(lines);
    expect(text.length).toBeLessThanOrEqual(MAX_PART_CHARS - 30);
    const shown = text.split('\n').length;
    expect(text.split('\n')).toEqual(lines.slice(0, shown));
    expect(left).toBe(20 - shown);
    expect(shown).toBe(8); // 8 lines of 63-64 chars + newlines = 513; a 9th would pass 570
  });

  it('all lines fit: nothing left; a first line too long is clipped and counted as shown', () => {
    expect(fitLines(['a', 'b'])).toEqual({ text: 'a\nb', left: 0 });
    const big = fitLines([`${'từ '.repeat(300)}`, 'b'], 200);
    expect(big.text.length).toBeLessThanOrEqual(200);
    expect(big.left).toBe(1);
  });

  it('the limit leaves exactly 30 characters for the "more" line', () => {
    expect(fitLines([line(70)], 100)).toEqual({ text: line(70), left: 0 });
    expect(fitLines([line(70), 'b'], 100)).toEqual({ text: line(70), left: 1 });
    expect(fitLines([line(68), 'b'], 100)).toEqual({ text: `${line(68)}\nb`, left: 0 });
  });
});

describe('mergeTexts', () => {
  it('joins neighbouring texts that fit one screen, never across other parts', () => {
    const img = { type: 'image', url: '/x.png', alt: 'x' };
    expect(mergeTexts([{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }, img, { type: 'text', text: 'C' }])).toEqual([
      { type: 'text', text: 'A\n\nB' },
      img,
      { type: 'text', text: 'C' },
    ]);
  });

  it('stops at 600 characters including the blank line between them', () => {
    const a = { type: 'text', text: line(299) };
    const b = { type: 'text', text: line(299, 'b') };
    expect(mergeTexts([a, b])).toHaveLength(1);
    expect(mergeTexts([a, { type: 'text', text: line(300, 'b') }])).toHaveLength(2);
    expect(mergeTexts([a, b], 599)).toHaveLength(2);
  });
});

describe('sectionParts', () => {
  it('short sections share a part, a long one is split; no part is over the limit', () => {
    const parts = sectionParts(['Tiêu đề', 'Giấy tờ:\n• Đơn', `${'Câu dài về thủ tục. '.repeat(60)}`]);
    expect(parts[0]).toEqual({ type: 'text', text: 'Tiêu đề\n\nGiấy tờ:\n• Đơn' });
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) expect((p as { text: string }).text.length).toBeLessThanOrEqual(MAX_PART_CHARS);
    expect(sectionParts([line(50), line(47, 'b')], 100)).toEqual([{ type: 'text', text: `${line(50)}\n\n${line(47, 'b')}` }]);
    expect(sectionParts([line(50), line(49, 'b')], 100)).toHaveLength(2);
  });
});

describe('signed media links', () => {
  it('a link the bot hands out carries a signature the server accepts; any other path or signature is refused', () => {
    useMediaUrlKey(Buffer.alloc(32, 7));
    const url = new URL(cardUrl('https://bot.example.vn', '1.001193', 'vi'));
    expect(url.pathname).toBe('/media/cards/1.001193.vi.png');
    const sig = url.searchParams.get('s') ?? '';
    expect(sig).toHaveLength(16);
    expect(validMediaSignature('cards/1.001193.vi.png', sig)).toBe(true);
    expect(validMediaSignature('cards/1.001193.en.png', sig)).toBe(false);
    expect(validMediaSignature('cards/1.001193.vi.png', `${sig.slice(0, 15)}${sig[15] === 'A' ? 'B' : 'A'}`)).toBe(false);
    expect(validMediaSignature('cards/1.001193.vi.png', `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`)).toBe(false);
    expect(validMediaSignature('cards/1.001193.vi.png', sig.slice(0, 15))).toBe(false);
    expect(validMediaSignature('cards/1.001193.vi.png', undefined)).toBe(false);
    expect(validMediaSignature('cards/1.001193.vi.png', [sig])).toBe(false);
  });

  it('an entry id with odd characters is encoded in the URL and signed as the file the server looks up', () => {
    useMediaUrlKey(Buffer.alloc(32, 7));
    const url = new URL(cardUrl('https://bot.example.vn', 'a b/c', 'tay'));
    expect(url.pathname).toBe('/media/cards/a%20b%2Fc.tay.png');
    expect(validMediaSignature('cards/a b/c.tay.png', url.searchParams.get('s'))).toBe(true);
  });

  it('speech files are named by hash and signed; another key refuses the old links', () => {
    useMediaUrlKey(Buffer.alloc(32, 1));
    const url = new URL(audioUrl('https://bot.example.vn', 'abc123', 'mp3'));
    expect(url.pathname).toBe('/media/audio/abc123.mp3');
    const sig = url.searchParams.get('s');
    expect(validMediaSignature('audio/abc123.mp3', sig)).toBe(true);
    expect(mediaSignature('audio/abc123.mp3')).toBe(sig);
    useMediaUrlKey(Buffer.alloc(32, 2));
    expect(validMediaSignature('audio/abc123.mp3', sig)).toBe(false);
  });
});
