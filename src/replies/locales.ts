import { promises as fs } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Lang } from '../domain/messages.js';
import { LANGS } from '../domain/messages.js';
import { DAO_VARIANTS, isDaoVariant, type DaoVariant } from '../domain/languages.js';

/** A locale file's code: a villager language, or a Dao variant (`dao` is only the umbrella). */
export type LocaleCode = Lang | DaoVariant;

export interface LocaleFile {
  /** `review` for the whole file; `variety` names the dialect / script the strings are in. */
  meta: { lang: LocaleCode; name: string; review?: 'reviewed' | 'draft'; source?: string; variety?: string; note?: string };
  strings: Record<string, string>;
  /** Per-key review status (overrides meta.review); Tày and Dao keys stay `draft` until a native speaker checks them. */
  review?: Record<string, 'reviewed' | 'draft'>;
  /** Per-key source of the words used (book, lesson, web page). */
  sources?: Record<string, string>;
  /** Per-key translator who wrote the current text, and who reviewed it (the translation page). */
  authors?: Record<string, string>;
  reviewers?: Record<string, string>;
}

export interface Locales {
  /** Text for a key in a language; missing keys fall back to Vietnamese (logged), never the raw key. */
  t(lang: LocaleCode, key: string, params?: Record<string, string | number>): string;
  has(lang: LocaleCode, key: string): boolean;
  languageName(lang: LocaleCode): string;
  /** Swapped in place when a translation is saved or a file changes (src/i18n/locale-files.ts). */
  files: Map<string, LocaleFile>;
}

export interface MissingKeyLogger {
  warn(obj: object, msg: string): void;
}

export async function loadLocales(dir: string, log: MissingKeyLogger): Promise<Locales> {
  const files = new Map<string, LocaleFile>();
  for (const lang of [...LANGS, ...DAO_VARIANTS]) {
    try {
      const data = YAML.parse(await fs.readFile(path.join(dir, `${lang}.yaml`), 'utf8')) as LocaleFile;
      if (data?.strings) files.set(lang, data);
    } catch {
      /* a missing language falls back to Vietnamese */
    }
  }
  if (!files.has('vi')) throw new Error(`LOCALES_MISSING: ${path.join(dir, 'vi.yaml')} is required`);
  return createLocales(files, log);
}

/** Languages whose strings villagers see only once reviewed (a second native speaker checked them). */
const REVIEW_GATED = new Set<string>(['tay', 'dao', ...DAO_VARIANTS]);

/** The text villagers may see for a key: Tày and Dao strings only when reviewed. */
export function visibleString(file: LocaleFile | undefined, lang: string, key: string): string | undefined {
  const text = file?.strings[key];
  if (text === undefined || !REVIEW_GATED.has(lang)) return text;
  return (file?.review?.[key] ?? file?.meta?.review ?? 'draft') === 'reviewed' ? text : undefined;
}

export function createLocales(files: Map<string, LocaleFile>, log: MissingKeyLogger): Locales {
  // Tày and Dao are mostly draft, so nearly every Tày/Dao reply and card falls back: log each key once
  const reported = new Set<string>();
  const fill = (s: string, params?: Record<string, string | number>) =>
    s.replace(/\{(\w+)\}/g, (m, name: string) => (params && name in params ? String(params[name]) : m));
  return {
    files,
    has: (lang, key) => visibleString(files.get(lang), lang, key) !== undefined || (isDaoVariant(lang) && visibleString(files.get('dao'), 'dao', key) !== undefined),
    languageName: (lang) => files.get(lang)?.meta.name ?? lang,
    t(lang, key, params) {
      // a Dao variant's own string wins; without one, the umbrella dao.yaml's; then Vietnamese
      const own = pluralForm(files.get(lang), lang, key, params) ?? visibleString(files.get(lang), lang, key)
        ?? (isDaoVariant(lang) ? pluralForm(files.get('dao'), 'dao', key, params) ?? visibleString(files.get('dao'), 'dao', key) : undefined);
      if (own !== undefined) return fill(own, params);
      const vi = files.get('vi')?.strings[key];
      if (lang !== 'vi' && !reported.has(`${lang}:${key}`)) {
        reported.add(`${lang}:${key}`);
        log.warn({ lang, key }, 'LOCALE_FALLBACK: key missing, using Vietnamese (logged once per language and key)');
      }
      if (vi !== undefined) return fill(vi, params);
      log.warn({ key }, 'LOCALE_KEY_MISSING: key missing in vi.yaml');
      return '…';
    },
  };
}

const PLURAL_LOCALE: Record<string, string> = { vi: 'vi', tay: 'vi', dao: 'vi', en: 'en' };

/** One Intl.PluralRules per locale: building one costs more than a whole reply's other lookups. */
const rulesByLocale = new Map<string, Intl.PluralRules>();
function pluralRules(locale: string): Intl.PluralRules {
  let rules = rulesByLocale.get(locale);
  if (!rules) rulesByLocale.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules;
}

/**
 * Plural forms follow the language: with a numeric `count`, a key `x.one` / `x.other` (CLDR plural
 * categories) wins over `x`. Vietnamese has no plural forms, so vi.yaml needs only `x`.
 */
function pluralForm(file: LocaleFile | undefined, lang: string, key: string, params?: Record<string, string | number>): string | undefined {
  if (!file || typeof params?.count !== 'number') return undefined;
  const category = pluralRules(PLURAL_LOCALE[lang] ?? 'vi').select(params.count);
  return visibleString(file, lang, `${key}.${category}`);
}
