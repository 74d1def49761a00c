import type { EntryField } from '../core/outcome.js';
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
  return e.short_title ?? clip(e.title, SHORT_TITLE_CHARS);
}

/** "Giấy chứng sinh (1 bản chính)": the everyday name with its counts. */
export function documentLabel(d: DocumentItemT, t: T): string {
  const counts = [d.original ? t('label.original', { count: d.original }) : '', d.copy ? t('label.copy', { count: d.copy }) : ''].filter(Boolean).join(', ');
  return `${d.name}${counts ? ` (${counts})` : ''}`;
}

/** "Mang: A (1 bản chính), B (2 bản sao) và 3 giấy tờ khác", or undefined without papers. */
export function topDocumentsLine(entry: Entry, t: T): string | undefined {
  const docs = entry.documents ?? [];
  if (!docs.length) return undefined;
  const shown = docs.slice(0, TOP_DOCUMENTS).map((d) => clip(documentLabel(d, t), 60)).join(', ');
  const rest = docs.length - TOP_DOCUMENTS;
  return `${PART_ICONS.documents} ${t('answer.bring')}: ${shown}${rest > 0 ? ` ${t('answer.more_documents', { count: rest })}` : ''}`;
}

interface Line {
  text: string;
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
  const lines: Line[] = [{ text: `${icon} ${displayTitle(view, lang)}`, min: 30 }];
  if (view.summary) lines.push({ text: clip(firstSentence(view.summary), 200), min: 70 });
  const facts: [EntryField, string | undefined][] = [
    ['documents', topDocumentsLine(e, t)],
    ['fee', factLine(PART_ICONS.fee, t('label.fee'), feeText(e, t))],
    ['duration', factLine(PART_ICONS.duration, t('label.duration'), durationText(e, t))],
    ['where', factLine(PART_ICONS.where, t('label.where'), whereText(e, t))],
  ];
  if (asked === 'legal_basis' && e.legal_basis?.length) facts.unshift(['legal_basis', `${PART_ICONS.legal} ${t('label.legal_basis')}: ${e.legal_basis.join('; ')}`]);
  const i = facts.findIndex(([f, v]) => f === asked && v);
  if (i > 0) facts.unshift(...facts.splice(i, 1).map(([f, v]): [EntryField, string] => [f, `👉 ${v}`]));
  for (const [, v] of facts) if (v) lines.push({ text: v, min: 40 });
  return fit(lines, FIRST_BUBBLE_CHARS);
}

function factLine(icon: string, label: string, value: string | undefined): string | undefined {
  return value ? `${icon} ${label}: ${value}` : undefined;
}

export function firstSentence(text: string): string {
  const m = text.trim().match(/^.+?[.!?](\s|$)/s);
  return (m ? m[0] : text).trim();
}

/** Clips the line with the most room to spare until the lines fit; drops the last ones if they still do not. */
function fit(lines: Line[], max: number): string {
  const texts = lines.map((l) => l.text);
  const total = () => texts.join('\n').length;
  while (total() > max) {
    let best = -1;
    for (let i = 0; i < texts.length; i++) {
      const slack = texts[i]!.length - lines[i]!.min;
      if (slack > 0 && (best < 0 || slack > texts[best]!.length - lines[best]!.min)) best = i;
    }
    if (best < 0) break;
    const target = Math.max(lines[best]!.min, texts[best]!.length - (total() - max));
    const clipped = clip(texts[best]!, target);
    if (clipped.length >= texts[best]!.length) break;
    texts[best] = clipped;
  }
  while (total() > max && texts.length > 1) texts.pop();
  return clip(texts.join('\n'), max);
}
