import type { Entry } from '../knowledge/types.js';
import type { LocaleFile } from '../replies/locales.js';
import type { TranslationLang } from '../domain/languages.js';
import type { ViewCounts } from './views.js';

const reviewed = (file: LocaleFile | undefined, key: string) =>
  typeof file?.strings?.[key] === 'string' && (file.review?.[key] ?? file.meta?.review ?? 'draft') === 'reviewed';

/**
 * Share (%, one decimal) of what villagers were shown in the last 30 days that exists reviewed in
 * `lang`: every interface string shown counts once per showing, every answered entry once per
 * answer. An entry counts as covered for Tày when its `tay:` override is reviewed; entry overrides
 * are not split by Dao variant yet, so for Dao variants only strings can be covered.
 * Null when villagers saw nothing in the period.
 */
export function trafficCoverage(lang: TranslationLang | 'vi' | 'en', file: LocaleFile | undefined, entries: ReadonlyMap<string, Entry>, views: ViewCounts): number | null {
  let seen = 0;
  let covered = 0;
  for (const [key, n] of views.strings) {
    seen += n;
    if (lang === 'vi' || reviewed(file, key)) covered += n;
  }
  for (const [id, n] of views.entries) {
    seen += n;
    const entry = entries.get(id);
    if (lang === 'vi' || ((lang === 'tay' || lang === 'en') && entry?.[lang]?.review === 'reviewed')) covered += n;
  }
  return seen ? Math.round((covered / seen) * 1000) / 10 : null;
}
