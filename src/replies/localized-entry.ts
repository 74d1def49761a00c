import type { Lang } from '../domain/messages.js';
import type { DaoVariant } from '../domain/languages.js';
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
  // Tày and Dao text reaches villagers only once a second translator reviewed it (per field when the translation page recorded one).
  const shown = (field: string) => o !== undefined && (lang === 'en' || (o.fields?.[field]?.review ?? o.review) === 'reviewed');
  return {
    entry,
    title: (shown('title') && o?.title) || entry.title,
    summary: (shown('summary') && o?.summary) || entry.summary,
    steps: shown('steps') && o?.steps?.length ? o.steps : entry.steps ?? [],
    glossary: shown('glossary') ? Object.entries(o?.glossary ?? {}) : [],
  };
}

/** Hand-curated entries carry steps; catalogue-only ones just name the procedure and its place. */
export function isCatalogueOnly(entry: Entry): boolean {
  return !entry.curated;
}

/**
 * The entry as a villager who chose a Dao variant reads it: the variant's text (`dao.variants.<v>`)
 * wins over the umbrella `dao:` text field by field, each with its own review status.
 */
export function withDaoVariant(entry: Entry, variant: DaoVariant | undefined): Entry {
  const umbrella = entry.dao;
  const own = variant ? umbrella?.variants?.[variant] : undefined;
  if (!umbrella || !own) return entry;
  const fieldReview = (f: string) => own.fields?.[f] ?? { review: own.review };
  const fields = { ...umbrella.fields };
  const merged: NonNullable<Entry['dao']> = { ...umbrella, fields };
  for (const f of ['title', 'summary', 'steps', 'glossary'] as const) {
    if (own[f] === undefined) continue;
    (merged as Record<string, unknown>)[f] = own[f];
    fields[f] = fieldReview(f);
  }
  return { ...entry, dao: merged };
}
