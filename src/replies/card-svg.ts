import { iconFor } from './icons.js';

/** What a card shows; every string is plain text and is escaped here. */
export interface CardContent {
  title: string;
  summary?: string;
  steps: { text: string; icon: string }[];
  /** "label: value" lines (fee, time). */
  facts: string[];
  header: string;
  /** QR module matrix of the online link, or null to say "apply in person". */
  qr: { size: number; dark: (row: number, col: number) => boolean } | null;
  qrCaption: string;
  qrUrl?: string;
  moreSteps?: string;
}

export const CARD_WIDTH = 720;
const PAD = 36;
const FONT = 'DejaVu Sans';
/** Characters per line for DejaVu Sans at a given size (average advance ≈ 0.55 em). */
const perLine = (width: number, size: number, bold = false) => Math.floor(width / (size * (bold ? 0.62 : 0.55)));

/** Escapes text for SVG character data and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** Greedy word wrap to `max` characters a line, at most `lines` lines (the last ends with "…"). */
export function wrap(text: string, max: number, lines: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    const w = word.length > max ? `${word.slice(0, max - 1)}…` : word;
    if (cur && cur.length + 1 + w.length > max) {
      out.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) out.push(cur);
  if (out.length > lines) {
    const kept = out.slice(0, lines);
    kept[lines - 1] = `${kept[lines - 1]!.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
    return kept;
  }
  return out;
}

function textLines(lines: string[], x: number, y: number, size: number, lineHeight: number, attrs: string): string {
  return lines.map((l, i) => `<text x="${x}" y="${y + i * lineHeight}" font-size="${size}" ${attrs}>${escapeXml(l)}</text>`).join('');
}

/** The card as an SVG document: title band, one sentence, numbered steps with icons, facts, QR. */
export function cardSvg(c: CardContent): string {
  const inner = CARD_WIDTH - 2 * PAD;
  const parts: string[] = [];
  const title = wrap(c.title, perLine(inner, 36, true), 3);
  const bandH = 70 + title.length * 46;
  parts.push(`<rect width="${CARD_WIDTH}" height="${bandH}" fill="#0b5cad"/>`);
  parts.push(textLines([c.header], PAD, 44, 22, 26, 'fill="#cfe3ff"'));
  parts.push(textLines(title, PAD, 96, 36, 46, 'fill="#ffffff" font-weight="bold"'));
  let y = bandH + 48;
  if (c.summary) {
    const s = wrap(c.summary, perLine(inner, 26), 2);
    parts.push(textLines(s, PAD, y, 26, 34, 'fill="#333333"'));
    y += s.length * 34 + 20;
  }
  for (const [i, step] of c.steps.entries()) {
    const lines = wrap(step.text, perLine(inner - 130, 28), 3);
    parts.push(`<circle cx="${PAD + 26}" cy="${y - 10}" r="26" fill="#f39c12"/>`);
    parts.push(`<text x="${PAD + 26}" y="${y}" font-size="28" font-weight="bold" fill="#ffffff" text-anchor="middle">${i + 1}</text>`);
    parts.push(`<text x="${PAD + 84}" y="${y + 2}" font-size="34" fill="#0b5cad" text-anchor="middle">${escapeXml(iconFor(step.icon).glyph)}</text>`);
    parts.push(textLines(lines, PAD + 120, y, 28, 36, 'fill="#111111"'));
    y += Math.max(lines.length * 36, 56) + 18;
  }
  if (c.moreSteps) {
    parts.push(textLines([c.moreSteps], PAD + 120, y, 24, 30, 'fill="#555555"'));
    y += 40;
  }
  for (const f of c.facts) {
    const lines = wrap(f, perLine(inner, 26, true), 2);
    parts.push(textLines(lines, PAD, y, 26, 34, 'fill="#222222" font-weight="bold"'));
    y += lines.length * 34 + 8;
  }
  y += 16;
  parts.push(`<line x1="${PAD}" y1="${y}" x2="${CARD_WIDTH - PAD}" y2="${y}" stroke="#dddddd" stroke-width="2"/>`);
  y += 24;
  y = footer(parts, c, y);
  const height = y + PAD;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${height}" viewBox="0 0 ${CARD_WIDTH} ${height}" font-family="${FONT}">`
    + `<rect width="${CARD_WIDTH}" height="${height}" fill="#ffffff"/>${parts.join('')}</svg>`;
}

/** QR code (or "apply in person") with its caption. Returns the new y. */
function footer(parts: string[], c: CardContent, y: number): number {
  if (!c.qr) {
    parts.push(textLines([c.qrCaption], PAD, y + 30, 28, 34, 'fill="#0b5cad" font-weight="bold"'));
    return y + 50;
  }
  const box = 220;
  const quiet = 4;
  const scale = box / (c.qr.size + 2 * quiet);
  let d = '';
  for (let r = 0; r < c.qr.size; r++) for (let col = 0; col < c.qr.size; col++) if (c.qr.dark(r, col)) d += `M${col + quiet} ${r + quiet}h1v1h-1z`;
  parts.push(`<g transform="translate(${PAD} ${y}) scale(${scale})"><rect width="${c.qr.size + 2 * quiet}" height="${c.qr.size + 2 * quiet}" fill="#ffffff"/><path d="${d}" fill="#000000"/></g>`);
  const tx = PAD + box + 28;
  const caption = wrap(c.qrCaption, perLine(CARD_WIDTH - tx - PAD, 28, true), 3);
  parts.push(textLines(caption, tx, y + 70, 28, 36, 'fill="#0b5cad" font-weight="bold"'));
  if (c.qrUrl) {
    const host = wrap(c.qrUrl.replace(/^https?:\/\//, '').split('/')[0] ?? '', perLine(CARD_WIDTH - tx - PAD, 20), 1);
    parts.push(textLines(host, tx, y + 80 + caption.length * 36, 20, 26, 'fill="#555555"'));
  }
  return y + box;
}
