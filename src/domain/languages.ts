import type { Lang } from './messages.js';

/**
 * The languages translators work in. Quang Ninh's Dao speak two different languages (Iu Mien,
 * Dao Thanh Phán; Kim Mun, Dao Thanh Y: shared/languages.md), so `dao` is only the umbrella a
 * villager picks and each variant has its own locale file.
 */
export const TRANSLATION_LANGS = ['tay', 'dao-kimmun', 'dao-iumien'] as const;
export type TranslationLang = (typeof TRANSLATION_LANGS)[number];

/** Locale files beyond one per villager language (`locales/<variant>.yaml`). */
export const DAO_VARIANTS = ['dao-iumien', 'dao-kimmun'] as const;
export type DaoVariant = (typeof DAO_VARIANTS)[number];

export const isTranslationLang = (x: unknown): x is TranslationLang => (TRANSLATION_LANGS as readonly unknown[]).includes(x);
export const isDaoVariant = (x: unknown): x is DaoVariant => (DAO_VARIANTS as readonly unknown[]).includes(x);

/** Vietnamese names for the page and the spreadsheet. */
export const TRANSLATION_LANG_NAMES: Record<TranslationLang, string> = {
  tay: 'Tày',
  'dao-kimmun': 'Dao Kim Mun (Dao Thanh Y)',
  'dao-iumien': 'Dao Iu Mien (Dao Thanh Phán)',
};

/** The locale a villager's turn reads: Dao goes to the chosen variant (none chosen: Vietnamese). */
export function localeFor(lang: Lang, variant: DaoVariant | undefined): string {
  return lang === 'dao' ? variant ?? 'dao' : lang;
}

/** The villager language a translation language serves (entry overrides are keyed by it). */
export function villagerLang(lang: TranslationLang): Lang {
  return lang === 'tay' ? 'tay' : 'dao';
}
