import type { Button, Lang, ReplyPart } from '../domain/messages.js';
import type { EntryField } from '../domain/outcome.js';
import type { Entry } from '../knowledge/types.js';
import { PART_ICONS, iconFor } from './icons.js';
import { isTitleOnly, unknownFacts, type Fact } from './facts.js';
import { FIRST_BUBBLE_CHARS, displayTitle, documentLabel, firstBubble } from './first-bubble.js';
import { entryView, type EntryView } from './localized-entry.js';
import type { Locales } from './locales.js';
import { cardUrl } from './media-urls.js';
import { MAX_STEPS, clip, fitLines } from './text-limits.js';

export { whereText } from './facts.js';

/** What an answer may add besides text: media need the public base URL. */
export interface AnswerOptions {
  /** `config.publicBaseUrl`; without it no card image is attached (e.g. admin previews). */
  baseUrl?: string;
  /** The field the question asked about ("… ở đâu"): its line goes right under the title. */
  field?: EntryField;
}

type T = (key: string, params?: Record<string, string | number>) => string;

/** The translator for one language. */
export function tFor(locales: Locales, lang: Lang): T {
  return (key, params) => locales.t(lang, key, params);
}

/**
 * One answer. The first bubble (≤ 350 characters) holds the short name, one plain sentence, the
 * top papers, fee, time and where; facts the entry does not hold are named as not known, with a
 * person to ask. Steps, all papers, the online link and the official text are one tap away. An
 * entry with nothing but a title gets the honest "only the name" reply.
 */
export function composeAnswer(entry: Entry, lang: Lang, locales: Locales, opts: AnswerOptions = {}): ReplyPart[] {
  const note = translationNote(entry, lang, locales);
  const parts = composeEntryAnswer(entry, lang, locales, opts);
  // The note is its own short bubble, so the first answer bubble keeps its 350-character budget.
  return note ? [{ type: 'text', text: note }, ...parts] : parts;
}

/**
 * In a language the entry has no text in, say so (in that language) before the Vietnamese answer;
 * with only a draft translation, say it is a draft. Only for languages whose locale has the line.
 */
function translationNote(entry: Entry, lang: Lang, locales: Locales): string | undefined {
  if (lang === 'vi') return undefined;
  const o = entry[lang];
  const key = !o ? 'answer.untranslated' : o.review === 'draft' ? 'answer.draft_translation' : undefined;
  return key && locales.has(lang, key) ? locales.t(lang, key) : undefined;
}

function composeEntryAnswer(entry: Entry, lang: Lang, locales: Locales, opts: AnswerOptions): ReplyPart[] {
  const t = tFor(locales, lang);
  const view = entryView(entry, lang);
  if (isTitleOnly(entry, t)) return titleOnlyAnswer(view, lang, t, opts);
  const parts: ReplyPart[] = [{ type: 'text', text: firstBubble(view, lang, t, opts.field) }];
  const missing = missingText(entry, t);
  if (missing) parts.push({ type: 'text', text: missing });
  parts.push(...askedParts(entry, view, t, opts.field));
  const glossary = glossaryText(view, t);
  if (glossary) parts.push({ type: 'text', text: glossary });
  if (opts.baseUrl) parts.push({ type: 'image', url: cardUrl(opts.baseUrl, entry.id, lang), alt: t('card.alt', { title: displayTitle(view, lang) }) });
  const next = nextButtons(entry, view, t, opts.field);
  if (next) parts.push(next);
  parts.push(answerButtons(entry, t, true));
  return parts;
}

/** A question that asked for the steps, the papers or the online way gets them right away. */
function askedParts(entry: Entry, view: EntryView, t: T, field: EntryField | undefined): ReplyPart[] {
  const text = field === 'steps' ? stepsText(view, t) : field === 'documents' ? documentsText(entry, t, false) : null;
  if (text) return [{ type: 'text', text }];
  return field === 'online' ? onlineParts(entry, t) : [];
}

/** "❔ Chưa có thông tin về: lệ phí, thời gian…" for the first answer's facts the entry lacks. */
export function missingText(entry: Entry, t: T): string | null {
  const missing = unknownFacts(entry, t);
  return missing.length ? t('answer.missing', { fields: missing.map((f) => t(FACT_LABEL[f]).toLowerCase()).join(', ') }) : null;
}

const FACT_LABEL: Record<Fact, string> = { documents: 'label.documents', fee: 'label.fee', duration: 'label.duration', where: 'label.where' };

/** Buttons to what the first bubble leaves out: every step, every paper, the online way. */
function nextButtons(entry: Entry, view: EntryView, t: T, shown: EntryField | undefined): ReplyPart | null {
  const buttons: Button[] = [];
  if (view.steps.length && shown !== 'steps') buttons.push({ title: t('button.steps'), payload: `field:${entry.id}:steps` });
  if (entry.documents?.length && shown !== 'documents') buttons.push({ title: t('button.documents'), payload: `field:${entry.id}:documents` });
  if (entry.online?.url && entry.online.mode !== 'none' && shown !== 'online') buttons.push({ title: t('button.online'), payload: `field:${entry.id}:online` });
  return buttons.length ? { type: 'buttons', text: t('answer.next'), buttons } : null;
}

/** Numbered steps with icons; those that do not fit one screen (or past six) go behind "more". */
export function stepsText(view: EntryView, t: T, all = false): string | null {
  if (!view.steps.length) return null;
  const lines = view.steps.map((s, i) => `${i + 1}. ${iconFor(s.icon).emoji} ${s.text}`);
  const header = `🪜 ${t('label.steps')}:`;
  if (all) return [header, ...lines].join('\n');
  const shown = lines.slice(0, MAX_STEPS);
  const { text, left } = fitLines([header, ...shown]);
  const hidden = left + (lines.length - shown.length);
  return hidden > 0 ? `${text}\n${t('card.more_steps', { count: hidden })}` : text;
}

/** The papers as a checklist; the short form leaves notes for "more". */
export function documentsText(entry: Entry, t: T, withNotes: boolean): string | null {
  if (!entry.documents?.length) return null;
  const lines = entry.documents.map((d) => {
    const extra = withNotes ? [d.form, d.note].filter(Boolean).join('; ') : '';
    return `${PART_ICONS.checkbox} ${documentLabel(d, t)}${extra ? `: ${extra}` : ''}`;
  });
  const header = `${PART_ICONS.documents} ${t('label.documents')}:`;
  if (withNotes) return [header, ...lines].join('\n');
  const { text, left } = fitLines([header, ...lines]);
  return left > 0 ? `${text}\n…(+${left})` : text;
}

/** The glossary of a Tày/Dao/English override: Vietnamese term → explanation. */
export function glossaryText(view: EntryView, t: T): string | null {
  if (!view.glossary.length) return null;
  const { text } = fitLines([t('glossary.title'), ...view.glossary.map(([term, expl]) => `• ${term}: ${expl}`)]);
  return text;
}

/** The online link with how much can be done online; "none" says to apply in person. */
export function onlineParts(entry: Entry, t: T): ReplyPart[] {
  const o = entry.online;
  if (o?.mode === 'none') return [{ type: 'text', text: `${PART_ICONS.online} ${t('online.none')}` }];
  if (!o?.url) return [];
  return [
    { type: 'text', text: `${PART_ICONS.online} ${t(o.mode === 'partial' ? 'online.partial' : 'online.full')}` },
    { type: 'link', url: o.url, title: t('online.link') },
  ];
}

/** Feedback prompt with more / listen / 👍 / 👎 / a person. */
export function answerButtons(entry: Entry, t: T, withMore: boolean): ReplyPart {
  const buttons: Button[] = [];
  if (withMore) buttons.push({ title: t('button.more'), payload: `more:${entry.id}` });
  buttons.push(
    { title: t('button.audio'), payload: `audio:${entry.id}` },
    { title: t('button.up'), payload: `feedback:up:${entry.id}` },
    { title: t('button.down'), payload: `feedback:down:${entry.id}` },
    { title: t('handoff.button'), payload: 'handoff' },
  );
  return { type: 'buttons', text: t('answer.feedback'), buttons };
}

/** An entry with nothing but its name (and maybe a link): says so, with a person to ask. */
function titleOnlyAnswer(view: EntryView, lang: Lang, t: T, opts: AnswerOptions): ReplyPart[] {
  const e = view.entry;
  const text = `${PART_ICONS.procedure} ${displayTitle(view, lang)}\n${PART_ICONS.unknown} ${t('answer.catalogue')}`;
  const parts: ReplyPart[] = [{ type: 'text', text: clip(text, FIRST_BUBBLE_CHARS) }, ...onlineParts(e, t)];
  if (opts.baseUrl && e.online?.url) parts.push({ type: 'image', url: cardUrl(opts.baseUrl, e.id, lang), alt: t('card.alt', { title: displayTitle(view, lang) }) });
  parts.push(answerButtons(e, t, e.title !== displayTitle(view, lang)));
  return parts;
}
