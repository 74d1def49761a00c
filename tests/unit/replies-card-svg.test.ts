import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CARD_WIDTH, cardSvg, escapeXml, wrap, type CardContent } from '../../src/replies/card-svg.js';
import { FONT_FILES, cardFontsAvailable } from '../../src/replies/card-png.js';
import { iconFor } from '../../src/replies/icons.js';
import { requireOrSkip } from '../helpers/require.js';

/**
 * The card picture as a reader sees it: the SVG string is parsed into its drawn elements (text with
 * position, size and colour; shapes), and text widths are measured with the renderer and the card
 * fonts (resvg), so "does not run off the picture" is checked on real glyphs, not on a guess.
 */
const fonts = requireOrSkip('card fonts', cardFontsAvailable(), 'DejaVu Sans missing (apt-get install fonts-dejavu-core)');

interface El {
  tag: string;
  attrs: Record<string, string>;
  /** Text content, unescaped (text elements only). */
  text: string;
  /** The element's own markup (to measure it alone). */
  raw: string;
}

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

function parse(svg: string): { root: Record<string, string>; els: El[] } {
  const attrsOf = (s: string) => Object.fromEntries([...s.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  const root = attrsOf(svg.match(/^<svg ([^>]*)>/)![1]!);
  const els: El[] = [];
  const body = svg.replace(/^<svg [^>]*>/, '').replace(/<\/svg>$/, '');
  for (const m of body.matchAll(/<(text|rect|circle|line|path|g)\b([^>]*?)\/?>(?:([^<]*)<\/text>)?/g)) {
    els.push({ tag: m[1]!, attrs: attrsOf(m[2]!), text: unescapeXml(m[3] ?? ''), raw: m[0] });
  }
  return { root, els };
}

const texts = (svg: string) => parse(svg).els.filter((e) => e.tag === 'text');
const num = (e: El, a: string) => Number(e.attrs[a]);

type Resvg = typeof import('@resvg/resvg-js');
const resvg = (): Resvg => createRequire(import.meta.url)('@resvg/resvg-js') as Resvg;

/** Left and right edges, in pixels, of one text element drawn alone with the card fonts. */
function edges(el: El): { left: number; right: number } {
  // tall enough for the element's own y: an element outside the canvas has no bounding box
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH * 2}" height="${num(el, 'y') + 200}" font-family="DejaVu Sans">${el.raw}</svg>`;
  const r = new (resvg().Resvg)(svg, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } });
  const box = r.innerBBox();
  if (!box) throw new Error(`nothing drawn for ${el.raw}`);
  return { left: box.x, right: box.x + box.width };
}

const card = (over: Partial<CardContent> = {}): CardContent => ({
  header: 'HƯỚNG DẪN THỦ TỤC',
  title: 'Đăng ký khai sinh',
  summary: 'Làm giấy khai sinh cho con mới sinh.',
  steps: [
    { text: 'Chuẩn bị giấy chứng sinh', icon: 'documents' },
    { text: 'Nộp hồ sơ ở bộ phận một cửa', icon: 'submit' },
  ],
  facts: ['Lệ phí: Miễn phí', 'Thời gian: Trong ngày'],
  qr: null,
  qrCaption: 'Nộp trực tiếp',
  ...over,
});

const LONG_TITLE = 'Cấp giấy thông hành xuất, nhập cảnh vùng biên giới Việt Nam – Trung Quốc cho công dân Việt Nam thường trú tại các xã, phường, thị trấn tiếp giáp đường biên giới';
const LONG_STEP = 'Đến bộ phận một cửa của Ủy ban nhân dân xã nơi bố hoặc mẹ đang cư trú, mang theo giấy chứng sinh và căn cước của người đi đăng ký, điền tờ khai theo mẫu và chờ cán bộ kiểm tra';
/** A 3 × 3 QR matrix with the diagonal dark: where each module lands is easy to see. */
const DIAGONAL = { size: 3, dark: (r: number, c: number) => r === c };

describe('card picture size', () => {
  it('is 720 px wide and as tall as its content plus a margin, on a white background', () => {
    for (const c of [card(), card({ qr: DIAGONAL, qrUrl: 'https://dichvucong.gov.vn/p/home', qrCaption: 'Quét mã để làm online' })]) {
      const svg = cardSvg(c);
      const { root, els } = parse(svg);
      const h = Number(root.height);
      expect(root.width).toBe(String(CARD_WIDTH));
      expect(root.viewBox).toBe(`0 0 ${CARD_WIDTH} ${h}`);
      expect(root['font-family']).toBe('DejaVu Sans');
      expect(els[0]).toMatchObject({ tag: 'rect', attrs: { width: String(CARD_WIDTH), height: String(h), fill: '#ffffff' } });
      const bottoms = els.filter((e) => e.tag === 'text').map((e) => num(e, 'y'));
      const g = els.find((e) => e.tag === 'g');
      if (g) {
        const [, ty, s] = g.attrs.transform!.match(/translate\(\S+ (\S+)\) scale\((\S+)\)/)!.map(Number);
        bottoms.push(ty! + s! * (c.qr!.size + 8));
      }
      // the lowest text baseline or the QR code's bottom edge, 36 px above the bottom (a caption's
      // baseline leaves room for its descenders: up to 60 px)
      expect(Math.max(...bottoms)).toBeLessThanOrEqual(h - 36);
      expect(Math.max(...bottoms)).toBeGreaterThanOrEqual(h - 60);
    }
  });

  it('grows with the content: more steps and facts make a taller card, never a wider one', () => {
    const height = (c: CardContent) => Number(parse(cardSvg(c)).root.height);
    const small = card({ summary: undefined, steps: [], facts: [] });
    const big = card({ steps: [...card().steps, { text: LONG_STEP, icon: 'wait' }], facts: [...card().facts, 'Nộp ở đâu: UBND xã'] });
    expect(height(big)).toBeGreaterThan(height(card()));
    expect(height(card())).toBeGreaterThan(height(small));
    expect(parse(cardSvg(big)).root.width).toBe(String(CARD_WIDTH));
  });
});

describe('card title band', () => {
  it('shows the header, then the title in bold white on a blue band that holds every title line', () => {
    for (const title of ['Đăng ký khai sinh', LONG_TITLE]) {
      const { els } = parse(cardSvg(card({ title })));
      const band = els[1]!;
      expect(band).toMatchObject({ tag: 'rect', attrs: { width: String(CARD_WIDTH), fill: '#0b5cad' } });
      const t = els.filter((e) => e.tag === 'text');
      expect(t[0]).toMatchObject({ text: 'HƯỚNG DẪN THỦ TỤC', attrs: { fill: '#cfe3ff', x: '36' } });
      const titleLines = t.filter((e) => e.attrs['font-weight'] === 'bold' && e.attrs.fill === '#ffffff' && e.attrs['text-anchor'] === undefined);
      expect(titleLines.length).toBeGreaterThan(0);
      expect(titleLines.every((e) => e.attrs.x === '36')).toBe(true);
      // every line sits inside the band, below the header, one under the other without overlap
      let prev = num(t[0]!, 'y');
      for (const l of titleLines) {
        expect(num(l, 'y') - num(l, 'font-size')).toBeGreaterThanOrEqual(prev);
        prev = num(l, 'y');
      }
      expect(prev).toBeLessThan(num(band, 'height') - 10);
      // the sentence starts under the band
      const summary = t.find((e) => e.text.startsWith('Làm giấy'))!;
      expect(num(summary, 'y') - num(summary, 'font-size')).toBeGreaterThan(num(band, 'height'));
    }
  });

  it('a long title wraps into at most three lines, the last ending with "…"; a shorter one loses no word', () => {
    const titleOf = (title: string) => texts(cardSvg(card({ title }))).filter((e) => e.attrs.fill === '#ffffff' && e.attrs['font-size'] === '36').map((e) => e.text);
    const long = titleOf(LONG_TITLE);
    expect(long).toHaveLength(3);
    expect(long[2]).toMatch(/…$/);
    expect(LONG_TITLE.startsWith(long.join(' ').replace(/…$/, ''))).toBe(true);
    const two = 'Đăng ký thường trú cho công dân Việt Nam về nước';
    const lines = titleOf(two);
    expect(lines).toHaveLength(2);
    expect(lines.join(' ')).toBe(two);
  });

  it('each added title line makes the band taller by one line', () => {
    const bandOf = (title: string) => {
      const { els } = parse(cardSvg(card({ title })));
      const lines = els.filter((e) => e.tag === 'text' && e.attrs['font-size'] === '36').map((e) => num(e, 'y'));
      return { height: num(els[1]!, 'height'), lines };
    };
    const one = bandOf('Đăng ký khai sinh');
    const three = bandOf(LONG_TITLE);
    expect(one.lines).toHaveLength(1);
    const step = three.lines[1]! - three.lines[0]!;
    expect(step).toBeGreaterThanOrEqual(36);
    expect(three.height - one.height).toBe(2 * step);
  });

  it.runIf(fonts)('no title, sentence, step, fact or caption runs off the right edge of the picture', () => {
    const wide = 'Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc'.toUpperCase();
    const c = card({
      title: wide,
      summary: `${wide} ${wide}`,
      steps: [{ text: wide, icon: 'form' }, { text: LONG_STEP, icon: 'office' }],
      moreSteps: '… và 4 bước nữa',
      facts: [`Lệ phí: ${wide}`],
      qr: DIAGONAL,
      qrUrl: 'https://dichvucong-truc-tuyen-tinh.quangninh.gov.vn/p/home',
      qrCaption: `${wide}`,
    });
    const t = texts(cardSvg(c));
    expect(t.length).toBeGreaterThan(12);
    for (const e of t) {
      const { left, right } = edges(e);
      expect(left, e.text).toBeGreaterThanOrEqual(10);
      expect(right, e.text).toBeLessThanOrEqual(CARD_WIDTH - 10);
    }
  });
});

describe('card body', () => {
  it('the plain sentence: dark grey, at most two lines, the second ending with "…" when cut', () => {
    const long = `${LONG_STEP}. ${LONG_STEP}.`;
    const lines = texts(cardSvg(card({ summary: long }))).filter((e) => e.attrs.fill === '#333333');
    expect(lines).toHaveLength(2);
    expect(lines[1]!.text).toMatch(/…$/);
    expect(num(lines[1]!, 'y') - num(lines[0]!, 'y')).toBeGreaterThanOrEqual(1.2 * 26);
    // the first step's circle starts below the sentence
    const circle = parse(cardSvg(card({ summary: long }))).els.find((e) => e.tag === 'circle')!;
    expect(num(circle, 'cy') - 26).toBeGreaterThan(num(lines[1]!, 'y'));
    expect(texts(cardSvg(card({ summary: undefined }))).some((e) => e.attrs.fill === '#333333')).toBe(false);
  });

  it('steps: an orange circle with the number, the step\'s symbol and its text, in order, without overlapping', () => {
    const steps = [{ text: LONG_STEP, icon: 'office' }, { text: 'Nộp hồ sơ', icon: 'submit' }, { text: 'Nhận kết quả', icon: 'receive' }];
    const { els } = parse(cardSvg(card({ steps })));
    const circles = els.filter((e) => e.tag === 'circle');
    expect(circles).toHaveLength(3);
    for (const c of circles) expect(c.attrs).toMatchObject({ fill: '#f39c12', cx: '62', r: '26' });
    const numbers = els.filter((e) => e.tag === 'text' && e.attrs.fill === '#ffffff' && e.attrs['text-anchor'] === 'middle');
    expect(numbers.map((e) => e.text)).toEqual(['1', '2', '3']);
    numbers.forEach((n, i) => {
      expect(n.attrs.x).toBe(circles[i]!.attrs.cx);
      // the number sits in the middle of its circle: its baseline a little below the centre
      expect(num(n, 'y') - num(circles[i]!, 'cy')).toBeGreaterThan(0);
      expect(num(n, 'y') - num(circles[i]!, 'cy')).toBeLessThan(15);
    });
    const symbols = els.filter((e) => e.tag === 'text' && e.attrs.fill === '#0b5cad' && e.attrs['text-anchor'] === 'middle');
    expect(symbols.map((e) => e.text)).toEqual(steps.map((s) => iconFor(s.icon).glyph));
    symbols.forEach((s, i) => expect(Math.abs(num(s, 'y') - num(circles[i]!, 'cy'))).toBeLessThan(26));
    const lines = els.filter((e) => e.tag === 'text' && e.attrs.fill === '#111111');
    // the long step wraps into three lines, the text starts right of the symbol
    expect(lines.map((e) => e.text).slice(3)).toEqual(['Nộp hồ sơ', 'Nhận kết quả']);
    expect(lines.slice(0, 3).map((e) => e.text).join(' ').replace(/…$/, '')).toBe(LONG_STEP.slice(0, lines.slice(0, 3).map((e) => e.text).join(' ').length - 1));
    for (const l of lines) expect(num(l, 'x')).toBeGreaterThan(Number(symbols[0]!.attrs.x) + 17);
    // the first line is level with the number; each step starts below the last line of the one before
    expect(lines[0]!.attrs.y).toBe(numbers[0]!.attrs.y);
    for (let i = 1; i < lines.length; i++) expect(num(lines[i]!, 'y') - 28).toBeGreaterThanOrEqual(num(lines[i - 1]!, 'y'));
    expect(num(circles[1]!, 'cy') - 26).toBeGreaterThan(num(lines[2]!, 'y'));
    expect(num(circles[2]!, 'cy') - 26).toBeGreaterThan(num(circles[1]!, 'cy') + 26);
  });

  it('after the steps: "and N more" in grey, then the facts in bold, a long fact on two lines, then a rule and the footer', () => {
    const facts = ['Lệ phí: Miễn phí', `Nộp ở đâu: ${LONG_STEP}`];
    const { els } = parse(cardSvg(card({ facts, moreSteps: '… và 1 bước nữa' })));
    const t = els.filter((e) => e.tag === 'text');
    const lastStep = t.filter((e) => e.attrs.fill === '#111111').at(-1)!;
    const more = t.find((e) => e.text === '… và 1 bước nữa')!;
    expect(more.attrs.fill).toBe('#555555');
    expect(num(more, 'y') - num(more, 'font-size')).toBeGreaterThan(num(lastStep, 'y'));
    const factLines = t.filter((e) => e.attrs.fill === '#222222');
    expect(factLines.every((e) => e.attrs['font-weight'] === 'bold' && e.attrs.x === '36')).toBe(true);
    expect(factLines.map((e) => e.text)[0]).toBe('Lệ phí: Miễn phí');
    expect(factLines).toHaveLength(3);
    expect(factLines[2]!.text).toMatch(/…$/);
    expect(num(factLines[0]!, 'y') - 26).toBeGreaterThan(num(more, 'y'));
    // lines at least 1.2 × the font size apart, so they never touch
    for (let i = 1; i < factLines.length; i++) expect(num(factLines[i]!, 'y') - num(factLines[i - 1]!, 'y')).toBeGreaterThanOrEqual(1.2 * 26);
    const rule = els.find((e) => e.tag === 'line')!;
    expect(rule.attrs).toMatchObject({ x1: '36', x2: String(CARD_WIDTH - 36), y1: rule.attrs.y2, stroke: '#dddddd' });
    expect(num(rule, 'y1')).toBeGreaterThan(num(factLines[2]!, 'y'));
    const caption = t.at(-1)!;
    expect(caption.text).toBe('Nộp trực tiếp');
    expect(num(caption, 'y') - 28).toBeGreaterThan(num(rule, 'y1'));
  });

  it('without steps or facts the footer still comes after the sentence', () => {
    const t = texts(cardSvg(card({ steps: [], facts: [] })));
    expect(t.map((e) => e.text)).toEqual(['HƯỚNG DẪN THỦ TỤC', 'Đăng ký khai sinh', 'Làm giấy khai sinh cho con mới sinh.', 'Nộp trực tiếp']);
    expect(num(t[3]!, 'y') - 28).toBeGreaterThan(num(t[2]!, 'y'));
  });
});

describe('card footer', () => {
  it('without a link: "apply in person" in bold blue, and no QR code', () => {
    const { els } = parse(cardSvg(card()));
    expect(els.some((e) => e.tag === 'g' || e.tag === 'path')).toBe(false);
    expect(els.at(-1)).toMatchObject({ tag: 'text', text: 'Nộp trực tiếp', attrs: { fill: '#0b5cad', 'font-weight': 'bold', x: '36' } });
  });

  it('with a link: a 220 px QR code with its quiet zone, each dark module at its row and column', () => {
    const { els } = parse(cardSvg(card({ qr: DIAGONAL, qrUrl: 'https://dichvucong.gov.vn/p/home', qrCaption: 'Quét mã để làm online' })));
    const g = els.find((e) => e.tag === 'g')!;
    const [, tx, , s] = g.attrs.transform!.match(/translate\((\S+) (\S+)\) scale\((\S+)\)/)!.map(Number);
    expect(tx).toBe(36);
    expect(s! * (3 + 8)).toBeCloseTo(220, 6);
    const quiet = els[els.indexOf(g) + 1]!;
    expect(quiet).toMatchObject({ tag: 'rect', attrs: { width: '11', height: '11', fill: '#ffffff' } });
    const modules = els.find((e) => e.tag === 'path')!;
    expect(modules.attrs.fill).toBe('#000000');
    expect(modules.attrs.d).toBe('M4 4h1v1h-1zM5 5h1v1h-1zM6 6h1v1h-1z');
  });

  it('the caption sits right of the QR code, the site\'s host name under it; a long caption wraps above the host', () => {
    for (const qrCaption of ['Quét mã để làm online', 'Quét mã bằng điện thoại để nộp hồ sơ trực tuyến trên Cổng dịch vụ công']) {
      for (const url of ['https://dichvucong.gov.vn/p/home/dvc-trang-chu.html', 'http://dichvucong.gov.vn']) {
        const { els } = parse(cardSvg(card({ qr: DIAGONAL, qrUrl: url, qrCaption })));
        const g = els.find((e) => e.tag === 'g')!;
        const top = Number(g.attrs.transform!.match(/translate\(\S+ (\S+)\)/)![1]);
        const t = els.filter((e) => e.tag === 'text');
        const caption = t.filter((e) => e.attrs.fill === '#0b5cad' && e.attrs['font-weight'] === 'bold' && e.attrs['text-anchor'] === undefined);
        expect(caption.map((e) => e.text).join(' ')).toBe(qrCaption);
        const host = t.at(-1)!;
        expect(host).toMatchObject({ text: 'dichvucong.gov.vn', attrs: { fill: '#555555' } });
        for (const e of [...caption, host]) {
          expect(num(e, 'x')).toBeGreaterThanOrEqual(36 + 220 + 10);
          expect(num(e, 'y')).toBeGreaterThan(top);
          expect(num(e, 'y')).toBeLessThanOrEqual(top + 220);
        }
        expect(num(caption[0]!, 'y') - 28).toBeGreaterThan(top);
        for (let i = 1; i < caption.length; i++) expect(num(caption[i]!, 'y') - 28).toBeGreaterThanOrEqual(num(caption[i - 1]!, 'y'));
        expect(num(host, 'y') - 20).toBeGreaterThan(num(caption.at(-1)!, 'y'));
      }
    }
    const noHost = texts(cardSvg(card({ qr: DIAGONAL, qrCaption: 'Quét mã' })));
    expect(noHost.at(-1)!.text).toBe('Quét mã');
  });
});

describe('card text', () => {
  it('escapes markup and drops control characters XML cannot hold, keeping tabs and line breaks', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(escapeXml('a\u0000b\u0008c\u000bd\u000ce\u000ef\u001fg\th\ni\rj')).toBe('abcdefg\th\ni\rj');
  });

  it.runIf(fonts)('a title with stray control characters still draws', () => {
    const svg = cardSvg(card({ title: 'Đăng ký\u0001 khai\u001b sinh' }));
    const r = new (resvg().Resvg)(svg, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } });
    expect(r.width).toBe(CARD_WIDTH);
    expect(texts(svg).map((e) => e.text)).toContain('Đăng ký khai sinh');
  });

  it('wraps at word boundaries, filling each line up to the limit', () => {
    expect(wrap('aa bb', 5, 3)).toEqual(['aa bb']);
    expect(wrap('aa bbb', 5, 3)).toEqual(['aa', 'bbb']);
    expect(wrap('  một \n hai\tba  ', 20, 1)).toEqual(['một hai ba']);
    expect(wrap('một hai ba bốn năm sáu bảy', 10, 5)).toEqual(['một hai ba', 'bốn năm', 'sáu bảy']);
    expect(wrap('', 10, 2)).toEqual([]);
  });

  it('a word longer than a line is cut with "…"; one exactly as long is kept whole', () => {
    expect(wrap('abcdefghijkl mn', 5, 3)).toEqual(['abcd…', 'mn']);
    expect(wrap('abcde fg', 5, 3)).toEqual(['abcde', 'fg']);
  });

  it('text past the last line ends that line with "…", within the limit and without a cut word', () => {
    const source = 'aa bb cccc dd ee ff';
    const lines = wrap(source, 10, 1);
    expect(lines).toHaveLength(1);
    const last = lines[0]!;
    expect(last.length).toBeLessThanOrEqual(10);
    expect(last.endsWith('…')).toBe(true);
    const words = new Set(source.split(' '));
    for (const w of last.slice(0, -1).split(' ')) expect(words.has(w), w).toBe(true);
    expect(wrap('một hai ba bốn năm sáu bảy', 10, 2)[0]).toBe('một hai ba');
    expect(wrap('một hai ba bốn năm sáu bảy', 10, 2)[1]).toMatch(/^bốn.*…$/);
  });
});
