import type { ReplyPart } from '../domain/messages.js';
import { splitText } from '../lib/text-split.js';
import { documentLabel } from './first-bubble.js';
import { durationText, exemptionText, feeText, whereText } from './facts.js';
import { PART_ICONS, iconFor } from './icons.js';
import type { EntryView } from './localized-entry.js';
import { MAX_PART_CHARS } from './text-limits.js';

type T = (key: string, params?: Record<string, string | number>) => string;

/**
 * The official full text behind "📚 Xem thêm": the official title, conditions, papers, steps, fee,
 * time, agency, result and legal basis as the record states them (the entry's plain fields where
 * the record's wording is not kept). Nothing is clipped: long sections are split at sentence and
 * word boundaries into parts of at most MAX_PART_CHARS, under every channel's text limit.
 */
export function officialSections(view: EntryView, t: T): string[] {
  const e = view.entry;
  const o = e.official ?? {};
  const list = (items: string[]) => items.map((s) => `• ${s}`);
  const section = (header: string, body: string[] | string | undefined): string | null => {
    const lines = typeof body === 'string' ? [body] : body ?? [];
    return lines.some((l) => l.trim()) ? [header, ...lines].join('\n') : null;
  };
  const fullTitle = o.title ?? e.title;
  const intro = [t('followup.more_title', { title: fullTitle }), view.summary ?? ''].filter(Boolean).join('\n');
  const documents = o.documents?.length ? list(o.documents) : (e.documents ?? []).map((d) => `${PART_ICONS.checkbox} ${documentLabel(d, t)}${d.form ? ` – ${d.form}` : ''}${d.official ? `: ${d.official}` : d.note ? `: ${d.note}` : ''}`);
  const steps = o.steps?.length ? o.steps.map((s, i) => (/^bước\s*\d/i.test(s) ? s : `${i + 1}. ${s}`)) : view.steps.map((s, i) => `${i + 1}. ${iconFor(s.icon).emoji} ${s.text}`);
  const conditions = o.conditions ? [o.conditions] : list(e.conditions ?? []);
  const fee = [o.fee ?? feeText(e, t), exemptionText(e)].filter((s): s is string => !!s);
  const sources = (e.sources ?? []).filter((s) => /^https?:/.test(s));
  return [
    intro,
    section(`✅ ${t('label.conditions')}:`, conditions),
    section(`${PART_ICONS.documents} ${t('label.documents')}:`, documents),
    section(`🪜 ${t('label.steps')}:`, steps),
    section(`${PART_ICONS.fee} ${t('label.fee')}:`, fee),
    section(`${PART_ICONS.duration} ${t('label.duration')}:`, o.duration ?? durationText(e, t)),
    section(`${PART_ICONS.where} ${t('label.agency')}:`, o.agency ?? whereText(e, t)),
    section(`📄 ${t('label.result')}:`, e.result),
    section(`${PART_ICONS.legal} ${t('label.legal_basis')}:`, list(e.legal_basis ?? [])),
    sources.length ? t('followup.sources', { sources: sources.join(' ') }) : null,
  ].filter((s): s is string => !!s);
}

/** Sections as text parts: short neighbours share a part, a long one is split; none over `max`. */
export function sectionParts(sections: string[], max = MAX_PART_CHARS): ReplyPart[] {
  const chunks = sections.flatMap((s) => splitText(s, max));
  const out: string[] = [];
  for (const c of chunks) {
    const last = out.at(-1);
    if (last !== undefined && last.length + 2 + c.length <= max) out[out.length - 1] = `${last}\n\n${c}`;
    else out.push(c);
  }
  return out.map((text) => ({ type: 'text', text }));
}
