import type { Locales } from '../replies/locales.js';
import { localeFor, type DaoVariant } from '../domain/languages.js';

/**
 * The locales one villager turn reads: Dao goes to the variant the villager chose, and every key
 * shown is noted in `shown`, so the translation queue can put what villagers see most first.
 */
export function turnLocales(base: Locales, variant: () => DaoVariant | undefined, shown: Set<string>): Locales {
  const code = (lang: Parameters<Locales['t']>[0]) => localeFor(lang as never, variant()) as Parameters<Locales['t']>[0];
  return {
    files: base.files,
    has: (lang, key) => base.has(code(lang), key),
    languageName: (lang) => base.languageName(lang),
    t(lang, key, params) {
      shown.add(key);
      return base.t(code(lang), key, params);
    },
  };
}
