import type { Button, Lang, ReplyPart } from '../core/messages.js';
import type { EntryField } from '../core/outcome.js';
import type { Entry } from '../knowledge/types.js';
import { PART_ICONS, iconFor } from './icons.js';
import { entryView, isCatalogueOnly, type EntryView } from './localized-entry.js';
import type { Locales } from './locales.js';
import { cardUrl } from './media-urls.js';
import { MAX_PART_CHARS, MAX_STEPS, clip, fitLines, mergeTexts } from './text-limits.js';

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
 * One answer: a title line with an icon, one plain sentence, numbered steps with icons, the papers
 * as a checklist, fee, time, where, the online link, the card image, then buttons (more, listen,
 * 👍/👎, a person). A fact the entry does not hold is called unknown, never guessed.
 */
export function composeAnswer(entry: Entry, lang: Lang, locales: Locales, opts: AnswerOptions = {}): ReplyPart[] {
  const note = translationNote(entry, lang, locales);
  const parts = composeEntryAnswer(entry, lang, locales, opts);
  return note ? mergeTexts([{ type: 'text', text: note }, ...parts]) : parts;
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
  if (isCatalogueOnly(entry)) return catalogueAnswer(view, lang, t, opts);
  const parts: ReplyPart[] = [{ type: 'text', text: withAskedField(headline(view), entry, t, opts.field) }];
  const steps = stepsText(view, t);
  if (steps) parts.push({ type: 'text', text: steps });
  const papers = documentsText(entry, t, false);
  if (papers) parts.push({ type: 'text', text: papers });
  parts.push({ type: 'text', text: factsText(entry, t) });
  const glossary = glossaryText(view, t);
  if (glossary) parts.push({ type: 'text', text: glossary });
  parts.push(...onlineParts(entry, t));
  if (opts.baseUrl) parts.push({ type: 'image', url: cardUrl(opts.baseUrl, entry.id, lang), alt: t('card.alt', { title: view.title }) });
  parts.push(answerButtons(entry, t, true));
  return mergeTexts(parts);
}

/** Puts the line the question asked for (fee, time, where, legal basis) right under the title. */
function withAskedField(text: string, entry: Entry, t: T, field: EntryField | undefined): string {
  const line = field === 'fee' && entry.fee ? `${PART_ICONS.fee} ${t('label.fee')}: ${entry.fee}`
    : field === 'duration' && entry.duration ? `${PART_ICONS.duration} ${t('label.duration')}: ${entry.duration}`
      : field === 'where' && whereText(entry, t) ? `${PART_ICONS.where} ${t('label.where')}: ${whereText(entry, t)}`
        : field === 'legal_basis' && entry.legal_basis?.length ? `${PART_ICONS.legal} ${t('label.legal_basis')}: ${entry.legal_basis.join('; ')}`
          : null;
  return line ? clip(`${text}\n👉 ${line}`, MAX_PART_CHARS) : text;
}

/** Title line (with the kind's icon) and the one plain sentence of what it is for. */
export function headline(view: EntryView): string {
  const icon = view.entry.kind === 'guide' ? PART_ICONS.guide : PART_ICONS.procedure;
  const summary = view.summary ? `\n${clip(firstSentence(view.summary), 250)}` : '';
  return clip(`${icon} ${view.title}${summary}`, MAX_PART_CHARS);
}

function firstSentence(text: string): string {
  const m = text.trim().match(/^.+?[.!?](\s|$)/s);
  return (m ? m[0] : text).trim();
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
    const counts = [d.original ? t('label.original', { count: d.original }) : '', d.copy ? t('label.copy', { count: d.copy }) : ''].filter(Boolean).join(', ');
    const note = withNotes && d.note ? `: ${d.note}` : '';
    return `${PART_ICONS.checkbox} ${d.name}${counts ? ` (${counts})` : ''}${note}`;
  });
  const header = `${PART_ICONS.documents} ${t('label.documents')}:`;
  if (withNotes) return [header, ...lines].join('\n');
  const { text, left } = fitLines([header, ...lines]);
  return left > 0 ? `${text}\n…(+${left})` : text;
}

/** Fee, time and where, each either from the entry or plainly "not known". */
export function factsText(entry: Entry, t: T): string {
  const lines: string[] = [];
  const missing: string[] = [];
  const fact = (icon: string, key: string, value: string | undefined) => {
    if (value) lines.push(`${icon} ${t(key)}: ${clip(value, 180)}`);
    else missing.push(t(key).toLowerCase());
  };
  fact(PART_ICONS.fee, 'label.fee', entry.fee);
  fact(PART_ICONS.duration, 'label.duration', entry.duration);
  fact(PART_ICONS.where, 'label.where', whereText(entry, t));
  if (missing.length) lines.push(t('answer.missing', { fields: missing.join(', ') }));
  return clip(lines.join('\n'), MAX_PART_CHARS);
}

/** Where to apply: the entry's own words, else its agency and level. */
export function whereText(entry: Entry, t: T): string | undefined {
  if (entry.where) return entry.where;
  if (!entry.agency) return undefined;
  return entry.level ? `${entry.agency} (${t(`level.${entry.level}`)})` : entry.agency;
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

/** A catalogue-only entry: its name, where, the online link, and "details: ask a helper". */
function catalogueAnswer(view: EntryView, lang: Lang, t: T, opts: AnswerOptions): ReplyPart[] {
  const e = view.entry;
  const lines = [withAskedField(`${PART_ICONS.procedure} ${view.title}`, e, t, opts.field === 'where' ? undefined : opts.field)];
  const where = whereText(e, t);
  if (where) lines.push(`${PART_ICONS.where} ${t('label.agency')}: ${clip(where, 180)}`);
  if (e.fee) lines.push(`${PART_ICONS.fee} ${t('label.fee')}: ${clip(e.fee, 120)}`);
  lines.push(`${PART_ICONS.unknown} ${t('answer.catalogue')}`);
  const parts: ReplyPart[] = [{ type: 'text', text: clip(lines.join('\n'), MAX_PART_CHARS) }, ...onlineParts(e, t)];
  if (opts.baseUrl && e.online?.url) parts.push({ type: 'image', url: cardUrl(opts.baseUrl, e.id, lang), alt: t('card.alt', { title: view.title }) });
  parts.push(answerButtons(e, t, false));
  return parts;
}
