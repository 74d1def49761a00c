import type { LocaleFile } from './locales.js';

/** What `npm run locales:check` finds in one language compared with Vietnamese (the reference). */
export interface LocaleReport {
  lang: string;
  missing: string[];
  extra: string[];
  /** `key: {a} vs {b}` for every key whose placeholders differ from Vietnamese. */
  placeholderMismatches: string[];
  /** Keys whose value is not a string. */
  invalid: string[];
  /** Translated keys without a `sources:` entry (Tày and Dao must name one). */
  unsourced: string[];
  drafts: number;
  coverage: number;
}

export interface LocalesCheck {
  reports: LocaleReport[];
  /** Problems that make the check fail: vi incomplete, a placeholder wrong, a bad value. */
  errors: string[];
}

/** Languages whose strings must each name a source (the minority-language locales). */
const NEEDS_SOURCES: readonly string[] = ['tay', 'dao', 'dao-iumien', 'dao-kimmun'];

/** `key.one`, `key.other`…: plural forms of `key` (src/replies/locales.ts). */
const PLURAL_KEY = /\.(zero|one|two|few|many|other)$/;

/** The vi key a (possibly plural-form) key is checked against. */
function baseKey(key: string, vi: LocaleFile): string {
  return key in vi.strings ? key : key.replace(PLURAL_KEY, '');
}

/** Placeholder names in a string (`{name}`), sorted. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();
}

/** Compares each locale with vi: missing / extra keys, placeholder mismatches, coverage. */
export function checkLocales(files: ReadonlyMap<string, LocaleFile>): LocalesCheck {
  const vi = files.get('vi');
  const errors: string[] = [];
  if (!vi?.strings) return { reports: [], errors: ['vi.yaml is missing or has no strings: map'] };
  const viKeys = Object.keys(vi.strings);
  for (const [k, text] of Object.entries(vi.strings)) if (typeof text !== 'string' || !text.trim()) errors.push(`vi: ${k} is empty or not a string (Vietnamese must be complete)`);
  const reports: LocaleReport[] = [];
  for (const [lang, file] of files) {
    const strings = file.strings ?? {};
    const keys = Object.keys(strings);
    const invalid = keys.filter((k) => typeof strings[k] !== 'string');
    const placeholderMismatches = keys.flatMap((k) => {
      const text = strings[k];
      const viText = vi.strings[baseKey(k, vi)];
      if (typeof text !== 'string' || typeof viText !== 'string') return [];
      const [mine, theirs] = [placeholders(text), placeholders(viText)];
      return mine.join(',') === theirs.join(',') ? [] : [`${k}: {${mine.join('}, {')}} vs vi {${theirs.join('}, {')}}`];
    });
    const report: LocaleReport = {
      lang,
      missing: viKeys.filter((k) => !(k in strings)),
      extra: keys.filter((k) => !(k in vi.strings) && !(PLURAL_KEY.test(k) && k.replace(PLURAL_KEY, '') in vi.strings)),
      placeholderMismatches,
      invalid,
      unsourced: NEEDS_SOURCES.includes(lang) ? keys.filter((k) => !file.sources?.[k]) : [],
      drafts: keys.filter((k) => (file.review?.[k] ?? file.meta?.review ?? 'draft') === 'draft').length,
      coverage: viKeys.length ? Math.round((viKeys.filter((k) => k in strings).length / viKeys.length) * 1000) / 10 : 100,
    };
    reports.push(report);
    for (const p of placeholderMismatches) errors.push(`${lang}: placeholder mismatch ${p}`);
    for (const k of invalid) errors.push(`${lang}: ${k} is not a string`);
    for (const k of report.unsourced) errors.push(`${lang}: ${k} names no source (add it under sources:, or remove the string so it falls back to Vietnamese)`);
  }
  return { reports, errors };
}
