import { placeholders } from '../../replies/locales-check.js';
import type { LocaleFile, Locales } from '../../replies/locales.js';
import type { TranslationLang } from '../../domain/languages.js';
import type { ViewCounts } from '../../i18n/views.js';

export type TranslationStatus = 'missing' | 'draft' | 'reviewed';

/** One row of the translation queue (and of the exported spreadsheet). */
export interface TranslationItem {
  key: string;
  kind: 'string' | 'entry';
  source: string;
  text: string;
  status: TranslationStatus;
  author: string | null;
  reviewer: string | null;
  views: number;
  /** Written on the entry form only (a translation's steps, questions, glossary): reviewed here, never typed here or in a spreadsheet. */
  formOnly?: boolean;
}

export function statusOf(file: LocaleFile | undefined, key: string): TranslationStatus {
  if (typeof file?.strings?.[key] !== 'string') return 'missing';
  return (file.review?.[key] ?? file.meta?.review ?? 'draft') === 'reviewed' ? 'reviewed' : 'draft';
}

/** Every interface string of vi.yaml with its translation in `lang`, most viewed first. */
export function translationQueue(locales: Locales, lang: TranslationLang, views: ViewCounts): TranslationItem[] {
  const vi = locales.files.get('vi')?.strings ?? {};
  const file = locales.files.get(lang);
  const items = Object.entries(vi).map(([key, source]): TranslationItem => {
    const status = statusOf(file, key);
    return {
      key,
      kind: 'string',
      source,
      text: status === 'missing' ? '' : file!.strings[key]!,
      status,
      author: file?.authors?.[key] ?? null,
      reviewer: file?.reviewers?.[key] ?? null,
      views: views.strings.get(key) ?? 0,
    };
  });
  return sortQueue(items);
}

const RANK: Record<TranslationStatus, number> = { missing: 0, draft: 1, reviewed: 2 };

/** Most viewed first; among equals, what still needs work first. */
export function sortQueue(items: TranslationItem[]): TranslationItem[] {
  return items.sort((a, b) => b.views - a.views || RANK[a.status] - RANK[b.status] || a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key));
}

/** Why a translation cannot be used: its placeholders must be exactly the Vietnamese ones. */
export function placeholderProblem(source: string, text: string): string | null {
  const want = placeholders(source);
  const got = placeholders(text);
  if (want.join(',') === got.join(',')) return null;
  const missing = want.filter((p) => !got.includes(p));
  const extra = got.filter((p) => !want.includes(p));
  return [missing.length ? `thiếu ${missing.map((p) => `{${p}}`).join(', ')}` : '', extra.length ? `thừa ${extra.map((p) => `{${p}}`).join(', ')}` : '']
    .filter(Boolean).join('; ') + ` (placeholders must stay as in Vietnamese: ${want.map((p) => `{${p}}`).join(', ') || 'none'})`;
}
