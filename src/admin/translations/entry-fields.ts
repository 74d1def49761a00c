import YAML from 'yaml';
import type { TranslationLang } from '../../domain/languages.js';
import type { ViewCounts } from '../../i18n/views.js';
import type { Entry, KnowledgeBase } from '../../knowledge/types.js';
import { InvalidEntryError, type KnowledgeEditor } from '../knowledge-editor.js';
import type { TranslationItem, TranslationStatus } from './queue.js';

/** Entry fields translated on this page. */
export const ENTRY_FIELDS = ['title', 'summary'] as const;
/** A translation's lists: written as drafts on the entry form (src/admin/public/editor-translations.js), reviewed on this page. */
export const FORM_ONLY_FIELDS = ['steps', 'examples', 'glossary'] as const;
type EntryField = (typeof ENTRY_FIELDS)[number] | (typeof FORM_ONLY_FIELDS)[number];

const KEY = /^entry:(.+):(title|summary|steps|examples|glossary)$/;

export function parseEntryKey(key: string): { id: string; field: EntryField } | null {
  const [, id, field] = KEY.exec(key) ?? [];
  return id ? { id, field: field as EntryField } : null;
}

/** Where a language's text of an entry lives: `tay:`, or a Dao language's `dao.variants.<lang>`. */
function overridePath(lang: TranslationLang): string[] {
  return lang === 'tay' ? ['tay'] : ['dao', 'variants', lang];
}

type Override = { review?: string; fields?: Record<string, { review?: string; author?: string; reviewer?: string }>; title?: string; summary?: string; steps?: { text: string }[]; examples?: string[]; glossary?: Record<string, string> };

function overrideOf(entry: Entry, lang: TranslationLang): Override | undefined {
  return lang === 'tay' ? entry.tay : entry.dao?.variants?.[lang];
}

/**
 * Entry fields to translate: curated entries and every entry villagers were answered from in the
 * last 30 days, into `tay:` or the Dao language's own text (`dao.variants.dao-iumien|dao-kimmun`,
 * which villagers who chose that Dao language read before the umbrella `dao:`). A translation's
 * steps, questions and glossary written on the entry form are listed whenever they exist, so that
 * a second translator can review them.
 */
export function entryItems(kb: KnowledgeBase, lang: TranslationLang, views: ViewCounts): TranslationItem[] {
  const items: TranslationItem[] = [];
  for (const entry of kb.list) {
    const seen = views.entries.get(entry.id) ?? 0;
    const o = overrideOf(entry, lang);
    for (const field of FORM_ONLY_FIELDS) {
      const item = o && listItemFor(entry, o, field, seen);
      if (item) items.push(item);
    }
    if (!entry.curated && !seen) continue;
    for (const field of ENTRY_FIELDS) {
      const source = entry[field];
      if (!source) continue;
      items.push(itemFor(entry, o, field, source, seen));
    }
  }
  return items;
}

function statusOf(o: Override | undefined, field: EntryField, text: string): TranslationStatus {
  return !text ? 'missing' : (o?.fields?.[field]?.review ?? o?.review) === 'reviewed' ? 'reviewed' : 'draft';
}

function itemFor(entry: Entry, o: Override | undefined, field: 'title' | 'summary', source: string, views: number): TranslationItem {
  const text = o?.[field] ?? '';
  const record = o?.fields?.[field];
  return { key: `entry:${entry.id}:${field}`, kind: 'entry', source, text, status: statusOf(o, field, text), author: record?.author ?? null, reviewer: record?.reviewer ?? null, views };
}

/** Steps as the reviewer reads them, one numbered line each. */
const numbered = (steps: { text: string }[] | undefined): string[] => (steps ?? []).map((st, i) => `${i + 1}. ${st.text}`);

/** The list as lines a reviewer reads beside the Vietnamese; null when the translation has none. */
function listItemFor(entry: Entry, o: Override, field: (typeof FORM_ONLY_FIELDS)[number], views: number): TranslationItem | null {
  const lines = (field === 'steps' ? numbered(o.steps)
    : field === 'examples' ? (o.examples ?? [])
    : Object.entries(o.glossary ?? {}).map(([term, meaning]) => `${term} = ${meaning}`));
  if (!lines.length) return null;
  const source = field === 'steps' ? numbered(entry.steps).join('\n')
    : field === 'examples' ? (entry.examples ?? []).join('\n')
    : '';
  const text = lines.join('\n');
  const record = o.fields?.[field];
  return { key: `entry:${entry.id}:${field}`, kind: 'entry', source, text, status: statusOf(o, field, text), author: record?.author ?? null, reviewer: record?.reviewer ?? null, views, formOnly: true };
}

/**
 * Saves one translated field into the entry's override through the knowledge editor (validated,
 * atomic, in the history with a line diff, reloaded), touching only that field and its record.
 */
export async function saveEntryField(
  editor: KnowledgeEditor, lang: TranslationLang, key: string,
  change: { text?: string; review: 'draft' | 'reviewed'; author?: string; reviewer?: string }, user: string,
): Promise<void> {
  const parsed = parseEntryKey(key);
  const loaded = parsed && (await editor.read(parsed.id));
  if (!parsed || !loaded) throw new InvalidEntryError([{ field: 'key', reason: `no entry for "${key}"`, line: 1, col: 1, severity: 'error' }]);
  const o = overridePath(lang);
  const doc = YAML.parseDocument(loaded.text);
  // a Dao language's text sits under the umbrella `dao:`, which needs its own review status
  if (o.length > 1 && !doc.hasIn(['dao', 'review'])) doc.setIn(['dao', 'review'], 'draft');
  if (change.text !== undefined) doc.setIn([...o, parsed.field], change.text);
  if (!doc.hasIn([...o, 'review'])) doc.setIn([...o, 'review'], 'draft');
  if (!doc.hasIn([...o, 'source'])) doc.setIn([...o, 'source'], 'translators of the admin page (fields: who wrote and who reviewed each field)');
  const author = change.author ?? String(doc.getIn([...o, 'fields', parsed.field, 'author']) ?? '');
  doc.setIn([...o, 'fields', parsed.field], doc.createNode({ review: change.review, ...(author ? { author } : {}), ...(change.reviewer ? { reviewer: change.reviewer } : {}) }));
  await editor.save(parsed.id, doc.toString({ lineWidth: 0, flowCollectionPadding: false }), loaded.hash, user);
}
