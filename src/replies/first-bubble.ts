import type { EntryField } from '../domain/outcome.js';
import type { DocumentItemT, Entry } from '../knowledge/types.js';
import { durationText, feeText, whereText } from './facts.js';
import { PART_ICONS } from './icons.js';
import type { EntryView } from './localized-entry.js';
import { clip } from './text-limits.js';

type T = (key: string, params?: Record<string, string | number>) => string;

/** The first reply bubble of an answer: what a phone shows without scrolling (issue 12). */
export const FIRST_BUBBLE_CHARS = 350;
/** A title longer than this is an official title: the short name goes first, the full one behind "Xem thêm". */
export const SHORT_TITLE_CHARS = 80;
/** Papers named in the first bubble; the rest are behind the "Giấy tờ" button. */
const TOP_DOCUMENTS = 3;

/** The name shown first: the reader's-language title, else `short_title`, else the title shortened. */
export function displayTitle(view: EntryView, lang: string): string {
  const e = view.entry;
  if (lang !== 'vi' && view.title !== e.title) return clip(view.title, SHORT_TITLE_CHARS);
  return e.short_title ?? shortenTitle(e.title);
}

/** Words after which an official title only narrows who or when ("… cho công dân thường trú tại …"). */
const QUALIFIER = /\s(cho|đối với|trong trường hợp|theo|tại|thuộc)\s/gi;

/** An official title cut before its first qualifier, else at a word boundary: a prefix, never new words. */
export function shortenTitle(title: string): string {
  if (title.length <= SHORT_TITLE_CHARS) return title;
  for (const m of title.matchAll(QUALIFIER)) {
    if (m.index >= 20 && m.index <= SHORT_TITLE_CHARS) return title.slice(0, m.index).replace(/[\s,;:–-]+$/, '');
  }
  return clip(title, SHORT_TITLE_CHARS);
}

/** "Giấy chứng sinh (1 bản chính)": the everyday name with its counts. */
export function documentLabel(d: DocumentItemT, t: T): string {
  const counts = [d.original ? t('label.original', { count: d.original }) : '', d.copy ? t('label.copy', { count: d.copy }) : ''].filter(Boolean).join(', ');
  return `${d.name}${counts ? ` (${counts})` : ''}`;
}

/**
 * "Giấy tờ cần mang: A (1 bản chính), B (2 bản sao) và 3 giấy tờ khác", from the most papers named
 * (at most TOP_DOCUMENTS) to the fewest; empty without papers.
 */
export function topDocumentsLines(entry: Entry, t: T): string[] {
  const docs = entry.documents ?? [];
  const out: string[] = [];
  for (let n = Math.min(TOP_DOCUMENTS, docs.length); n >= 1; n--) {
    const shown = docs.slice(0, n).map((d) => documentLabel({ ...d, name: clip(d.name, 45) }, t)).join(', ');
    const rest = docs.length - n;
    out.push(`${PART_ICONS.documents} ${t('label.documents')}: ${shown}${rest > 0 ? ` ${t('answer.more_documents', { count: rest })}` : ''}`);
  }
  return out;
}

interface Line {
  text: string;
  /** Shorter ways to say the same line, tried before clipping it. */
  shorter?: string[];
  /** Shortest the line may be clipped to before it is dropped. */
  min: number;
}

/**
 * Title, one plain sentence, the asked-for fact, top papers, fee, time, where — within
 * FIRST_BUBBLE_CHARS. Long lines are clipped first (the longest first), never the title below
 * its first words or the sentence below a readable length, so a long title cannot push the
 * sentence out.
 */
export function firstBubble(view: EntryView, lang: string, t: T, asked?: EntryField): string {
  const e = view.entry;
  const icon = e.kind === 'guide' ? PART_ICONS.guide : PART_ICONS.procedure;
  const title = `${icon} ${displayTitle(view, lang)}`;
  const lines: Line[] = [{ text: title, min: Math.min(title.length, 50) }];
  if (view.summary) lines.push({ text: clip(firstSentence(view.summary), 200), min: 70 });
  const [documents, ...shorterDocuments] = topDocumentsLines(e, t);
  const facts: [EntryField, string | undefined][] = [
    ['documents', documents],
    ['fee', factLine(PART_ICONS.fee, t('label.fee'), feeText(e, t))],
    ['duration', factLine(PART_ICONS.duration, t('label.duration'), durationText(e, t))],
    ['where', factLine(PART_ICONS.where, t('label.where'), whereText(e, t))],
  ];
  if (asked === 'legal_basis' && e.legal_basis?.length) facts.unshift(['legal_basis', `${PART_ICONS.legal} ${t('label.legal_basis')}: ${e.legal_basis.join('; ')}`]);
  const i = facts.findIndex(([f, v]) => f === asked && v);
  if (i > 0) facts.unshift(...facts.splice(i, 1).map(([f, v]): [EntryField, string] => [f, `👉 ${v}`]));
  for (const [f, v] of facts) {
    if (v) lines.push({ text: v, min: f === 'fee' ? 70 : 45, ...(f === 'documents' ? { shorter: shorterDocuments } : {}) });
  }
  return fitLines(lines, FIRST_BUBBLE_CHARS);
}

function factLine(icon: string, label: string, value: string | undefined): string | undefined {
  return value ? `${icon} ${label}: ${value}` : undefined;
}

export function firstSentence(text: string): string {
  const m = text.trim().match(/^.+?[.!?](\s|$)/s);
  return (m ? m[0] : text).trim();
}

/**
 * Shortens the lines until they fit: naming fewer papers comes first (they are one tap away);
 * then the line with the most room above its minimum is clipped (the papers line only when no
 * other can give). Drops the last lines if they still do not fit.
 */
function fitLines(lines: Line[], max: number): string {
  const texts = lines.map((l) => l.text);
  const total = () => texts.join('\n').length;
  const slack = (i: number) => texts[i]!.length - lines[i]!.min;
  while (total() > max) {
    const withShorter = lines.findIndex((l) => l.shorter?.length);
    const free = texts.map((_, i) => i).filter((i) => slack(i) > 0 && !lines[i]!.shorter);
    const pool = free.length ? free : texts.map((_, i) => i).filter((i) => slack(i) > 0);
    if (withShorter >= 0) {
      texts[withShorter] = lines[withShorter]!.shorter!.shift()!;
      continue;
    }
    if (!pool.length) break;
    const best = pool.reduce((a, b) => (slack(b) > slack(a) ? b : a));
    const target = Math.max(lines[best]!.min, texts[best]!.length - (total() - max));
    const clipped = clip(texts[best]!, target);
    if (clipped.length >= texts[best]!.length) break;
    texts[best] = clipped;
  }
  while (total() > max && texts.length > 1) texts.pop();
  return clip(texts.join('\n'), max);
}
