import type { Lang, ReplyPart } from '../domain/messages.js';
import type { EntryField } from '../domain/outcome.js';
import type { Entry } from '../knowledge/types.js';
import { answerButtons, documentsText, glossaryText, onlineParts, stepsText, tFor } from './answer.js';
import { durationCaseLines, durationText, exemptionText, feeText, whereText } from './facts.js';
import { displayTitle } from './first-bubble.js';
import { PART_ICONS } from './icons.js';
import { entryView } from './localized-entry.js';
import type { Locales } from './locales.js';
import { officialSections, sectionParts } from './official.js';
import { mergeTexts, packLines } from './text-limits.js';

const LABEL: Record<Exclude<EntryField, 'more'>, string> = {
  documents: 'label.documents',
  fee: 'label.fee',
  duration: 'label.duration',
  where: 'label.where',
  online: 'label.online',
  steps: 'label.steps',
  legal_basis: 'label.legal_basis',
};

/**
 * The answer to one follow-up question about the topic ("mất bao lâu?", "giấy tờ gì?").
 * A field the entry does not hold is said to be unknown, with a person to ask.
 */
export function composeFollowup(entry: Entry, field: EntryField, lang: Lang, locales: Locales): ReplyPart[] {
  const t = tFor(locales, lang);
  if (field === 'more') return composeDetails(entry, lang, locales);
  const title = `${PART_ICONS.procedure} ${displayTitle(entryView(entry, lang), lang)}`;
  const body = fieldParts(entry, field, lang, locales);
  if (!body.length) {
    return [
      { type: 'text', text: title },
      { type: 'buttons', text: t('followup.unknown', { label: t(LABEL[field]) }), buttons: [{ title: t('handoff.button'), payload: 'handoff' }, { title: t('button.more'), payload: `more:${entry.id}` }] },
    ];
  }
  return mergeTexts([{ type: 'text', text: title }, ...body, answerButtons(entry, t, true)]);
}

/** The parts for one field, or none when the entry does not hold it. */
export function fieldParts(entry: Entry, field: Exclude<EntryField, 'more'>, lang: Lang, locales: Locales): ReplyPart[] {
  const t = tFor(locales, lang);
  const view = entryView(entry, lang);
  const texts = (s: string | null | undefined): ReplyPart[] => (s ? packLines(s.split('\n')).map((text) => ({ type: 'text' as const, text })) : []);
  switch (field) {
    case 'documents':
      return texts(documentsText(entry, t, true));
    case 'steps':
      return texts(stepsText(view, t, true));
    case 'fee': {
      const fee = feeText(entry, t);
      const exemption = exemptionText(entry);
      // the entry's own fee words too, when the short line is the per-channel one
      const own = entry.fee && !fee?.includes(entry.fee) ? entry.fee : '';
      return texts(fee && [`${PART_ICONS.fee} ${t('label.fee')}: ${fee}`, own, exemption ? `${t('label.exemption')}: ${exemption}` : ''].filter(Boolean).join('\n'));
    }
    case 'duration': {
      const duration = durationText(entry, t);
      return texts(duration && [`${PART_ICONS.duration} ${t('label.duration')}: ${duration}`, ...durationCaseLines(entry)].join('\n'));
    }
    case 'where': {
      const where = whereText(entry, t);
      return texts(where && `${PART_ICONS.where} ${t('label.where')}: ${where}`);
    }
    case 'online':
      return onlineParts(entry, t);
    case 'legal_basis':
      return texts(entry.legal_basis?.length ? [`${PART_ICONS.legal} ${t('label.legal_basis')}:`, ...entry.legal_basis.map((l) => `• ${l}`)].join('\n') : null);
  }
}

/**
 * "📚 Xem thêm": the official full text (official title, conditions, papers, steps, fee, time,
 * agency, result, legal basis), split into phone-sized parts, then the glossary, the online link
 * and the buttons.
 */
export function composeDetails(entry: Entry, lang: Lang, locales: Locales): ReplyPart[] {
  const t = tFor(locales, lang);
  const view = entryView(entry, lang);
  const glossary = glossaryText(view, t);
  const parts = sectionParts([...officialSections(view, t), ...(glossary ? [glossary] : [])]);
  parts.push(...onlineParts(entry, t), answerButtons(entry, t, false));
  return parts;
}

/** The title and the one asked-about field, put before an answer to a question that named a field. */
export function askedFieldParts(entry: Entry, field: EntryField, lang: Lang, locales: Locales): ReplyPart[] {
  if (field === 'more' || field === 'steps') return [];
  return fieldParts(entry, field, lang, locales);
}

