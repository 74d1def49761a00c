import type { Lang } from '../domain/messages.js';
import type { Entry, StepT } from '../knowledge/types.js';

/** The parts of an entry a reply shows, in the user's language where an override exists. */
export interface EntryView {
  entry: Entry;
  title: string;
  summary?: string;
  steps: StepT[];
  /** Vietnamese procedure term → explanation in the user's language (from the entry's override). */
  glossary: [string, string][];
}

/**
 * Knowledge stays Vietnamese unless the entry carries an override for the language
 * (`tay:`, `dao:`, `en:`); then its title, summary and steps replace the Vietnamese ones and its
 * glossary explains the Vietnamese procedure terms that remain.
 */
export function entryView(entry: Entry, lang: Lang): EntryView {
  const o = lang === 'vi' ? undefined : entry[lang];
  return {
    entry,
    title: o?.title ?? entry.title,
    summary: o?.summary ?? entry.summary,
    steps: o?.steps?.length ? o.steps : entry.steps ?? [],
    glossary: Object.entries(o?.glossary ?? {}),
  };
}

/** Hand-curated entries carry steps; catalogue-only ones just name the procedure and its place. */
export function isCatalogueOnly(entry: Entry): boolean {
  return !entry.curated;
}
