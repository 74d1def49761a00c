import type YAML from 'yaml';
import { isMap, isScalar, isSeq } from 'yaml';
import { patchListOfMaps } from './seq-patch.js';

/** The entry's short fields a translator may write from the editor form. */
const TRANSLATED_FIELDS = ['title', 'summary'] as const;
const TEXT_LIST = { type: 'array', maxItems: 60, items: { type: 'string', minLength: 1, maxLength: 1000 } } as const;
const TRANSLATION = { type: 'object', additionalProperties: false, properties: { title: { type: 'string', maxLength: 2000 }, summary: { type: 'string', maxLength: 1000 } } } as const;

/** Form fields beyond the first five (see knowledge-routes FORM_FIELDS): lists, the online link, translations. */
export const MORE_FORM_FIELDS = {
  aliases: TEXT_LIST,
  examples: TEXT_LIST,
  sources: TEXT_LIST,
  online: { type: 'object', required: ['mode'], additionalProperties: false, properties: { mode: { enum: ['full', 'partial', 'none'] }, url: { type: 'string', maxLength: 2000 } } },
  translations: { type: 'object', additionalProperties: false, properties: { tay: TRANSLATION, dao: TRANSLATION } },
} as const;

/**
 * Sets a list of strings in place: unchanged items keep their node (and comments), the list keeps
 * its style (flow `[a, b]` or block), so the history diff shows only the added, changed or removed lines.
 */
export function patchScalarList(doc: YAML.Document, key: string, values: string[]): void {
  const node = doc.get(key, true);
  if (!values.length) {
    doc.delete(key);
    return;
  }
  if (!isSeq(node)) {
    doc.set(key, doc.createNode(values));
    return;
  }
  values.forEach((v, i) => {
    const old = node.items[i];
    if (!(isScalar(old) && old.value === v)) node.items[i] = doc.createNode(v);
  });
  node.items.length = values.length;
}

/** `online: {mode, url}`: only what changed is set; an empty url is removed. */
function patchOnline(doc: YAML.Document, value: { mode: string; url?: string }): void {
  if (doc.getIn(['online', 'mode']) !== value.mode) doc.setIn(['online', 'mode'], value.mode);
  const url = value.url?.trim();
  if (!url) {
    if (doc.hasIn(['online', 'url'])) doc.deleteIn(['online', 'url']);
  } else if (doc.getIn(['online', 'url']) !== url) doc.setIn(['online', 'url'], url);
}

/**
 * Tày / Dao text of the entry's short fields written on the form: saved as a draft by the
 * signed-in user (per field, as the translation page records it); a second translator reviews it
 * on the Dịch tab before villagers see it.
 */
function patchTranslations(doc: YAML.Document, value: Record<string, Record<string, string | undefined>>, user: string): void {
  for (const [lang, fields] of Object.entries(value)) {
    for (const field of TRANSLATED_FIELDS) {
      if (!(field in fields)) continue;
      const text = fields[field]?.trim() ?? '';
      const current = doc.getIn([lang, field]);
      if (text === (current ?? '')) continue;
      if (!isMap(doc.get(lang, true))) doc.set(lang, doc.createNode({ review: 'draft' }));
      if (text) doc.setIn([lang, field], text);
      else doc.deleteIn([lang, field]);
      doc.setIn([lang, 'fields', field], doc.createNode({ review: 'draft', author: user }));
    }
  }
}

/**
 * Steps come from the form without saying which item each was: an item keeps the node of the old
 * step with the same text (or, failing that, the one at its place), so an unchanged step keeps
 * its exact text (quotes and all) and a changed icon is a one-line change.
 */
function patchSteps(doc: YAML.Document, steps: { text: string; icon: string }[]): void {
  const node = doc.get('steps', true);
  const old = isSeq(node) ? node.items.map((n) => (isMap(n) ? String(n.get('text') ?? '') : null)) : [];
  const used = new Set<number>();
  const byText = steps.map((s) => {
    const i = old.findIndex((text, j) => text === s.text && !used.has(j));
    if (i >= 0) used.add(i);
    return i;
  });
  const items = steps.map((s, i) => {
    const same = byText[i] ?? -1;
    const from = same >= 0 ? same : i < old.length && !used.has(i) && !byText.includes(i) ? i : undefined;
    if (from !== undefined) used.add(from);
    return { ...s, ...(from === undefined ? {} : { from }) };
  });
  patchListOfMaps(doc, 'steps', items, ['text', 'icon']);
}

/** Applies one form change to the entry document; every field is set only where it changed. */
export function applyFormField(doc: YAML.Document, key: string, value: unknown, user: string): void {
  if (key === 'online') patchOnline(doc, value as { mode: string; url?: string });
  else if (key === 'translations') patchTranslations(doc, value as Record<string, Record<string, string>>, user);
  else if (key === 'aliases' || key === 'examples' || key === 'sources') patchScalarList(doc, key, value as string[]);
  else if (key === 'steps' && Array.isArray(value) && value.length) patchSteps(doc, value as { text: string; icon: string }[]);
  else patchPlain(doc, key, value);
}

function patchPlain(doc: YAML.Document, key: string, value: unknown): void {
  const empty = value === '' || (Array.isArray(value) && value.length === 0);
  if (empty) doc.delete(key);
  else if (key === 'documents') patchListOfMaps(doc, key, value as Record<string, unknown>[], ['name', 'original', 'copy', 'note']);
  else doc.set(key, doc.createNode(value));
}
