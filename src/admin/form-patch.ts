import { isDeepStrictEqual } from 'node:util';
import type YAML from 'yaml';
import { isMap, isNode, isScalar, isSeq } from 'yaml';
import { DOMAINS } from '../knowledge/types.js';
import { patchListOfMaps } from './seq-patch.js';

/** The entry's short fields a translator may write from the editor form. */
const TRANSLATED_FIELDS = ['title', 'summary'] as const;
/** The translation's lists, written from the form too: each changed one is a draft by its author. */
const TRANSLATED_LISTS = ['steps', 'examples', 'glossary'] as const;
/** Languages with an override the form edits: Tày, Dao (and its two variants), English. */
const OVERRIDES = ['tay', 'dao', 'en', 'dao-iumien', 'dao-kimmun'] as const;
const TEXT_LIST = { type: 'array', maxItems: 60, items: { type: 'string', minLength: 1, maxLength: 1000 } } as const;
const TEXT = { type: 'string', maxLength: 4000 } as const;
const STEPS = { type: 'array', maxItems: 30, items: { type: 'object', required: ['text', 'icon'], additionalProperties: false, properties: { text: { type: 'string', maxLength: 1000 }, icon: { type: 'string', maxLength: 50 } } } } as const;
/** A glossary comes from the form as rows (term, meaning), in the order shown. */
const GLOSSARY = { type: 'array', maxItems: 60, items: { type: 'object', required: ['term', 'meaning'], additionalProperties: false, properties: { term: { type: 'string', maxLength: 200 }, meaning: { type: 'string', maxLength: 1000 } } } } as const;
const TRANSLATION_PROPS = { title: { type: 'string', maxLength: 2000 }, summary: { type: 'string', maxLength: 1000 }, source: { type: 'string', maxLength: 1000 }, steps: STEPS, glossary: GLOSSARY } as const;
const TRANSLATION = { type: 'object', additionalProperties: false, properties: { ...TRANSLATION_PROPS, examples: TEXT_LIST } } as const;
/** A Dao variant has no examples of its own (the schema's VariantOverride). */
const VARIANT_TRANSLATION = { type: 'object', additionalProperties: false, properties: TRANSLATION_PROPS } as const;
const DAY = { type: 'string', maxLength: 40 } as const;
const LEVEL = { enum: ['commune', 'district', 'province', 'ministry', 'other'] } as const;
/** What is typed on the form comes as text: amounts and dates are checked and converted in form-check.ts. */
const CHANNEL = {
  type: 'object', required: ['mode'], additionalProperties: false,
  properties: {
    from: { type: 'integer', minimum: 0 }, mode: { type: 'string', maxLength: 20 }, duration: TEXT, fee: TEXT,
    fee_vnd: { anyOf: [{ type: 'string', maxLength: 500 }, { type: 'array', maxItems: 20, items: { type: 'integer', minimum: 0 } }] },
    fee_free: { type: 'boolean' }, exemption: TEXT, valid_until: { type: 'string', maxLength: 40 },
  },
} as const;

/** Form fields beyond the first five (see knowledge-routes FORM_FIELDS): lists, the online link, translations. */
export const MORE_FORM_FIELDS = {
  aliases: TEXT_LIST,
  examples: TEXT_LIST,
  sources: TEXT_LIST,
  online: { type: 'object', required: ['mode'], additionalProperties: false, properties: { mode: { enum: ['full', 'partial', 'none'] }, url: { type: 'string', maxLength: 2000 } } },
  translations: { type: 'object', additionalProperties: false, properties: Object.fromEntries(OVERRIDES.map((l) => [l, l.startsWith('dao-') ? VARIANT_TRANSLATION : TRANSLATION])) },
  related: { type: 'array', maxItems: 30, items: { type: 'string', minLength: 1, maxLength: 100 } },
  border_area: { type: 'boolean' },
  domain: { enum: [...DOMAINS] },
  updated: DAY,
  /** "Tôi đã kiểm tra với nguồn": the server writes today's date (admin only, see knowledge-routes). */
  reviewed: { const: true },
  agency: TEXT, short_title: { type: 'string', maxLength: 300 }, result: TEXT,
  level: { anyOf: [LEVEL, { const: '' }] }, levels: { type: 'array', maxItems: 5, items: LEVEL },
  keywords: TEXT_LIST, conditions: TEXT_LIST, legal_basis: TEXT_LIST,
  channels: { type: 'array', maxItems: 3, items: CHANNEL },
  valid_until: { type: 'object', maxProperties: 40, additionalProperties: { type: 'string', maxLength: 40 } },
  official: { type: 'object', additionalProperties: false, properties: { title: TEXT, conditions: TEXT, fee: TEXT, duration: TEXT, agency: TEXT, steps: TEXT_LIST, documents: TEXT_LIST } },
} as const;

/** Where each language's override lives: Dao variants under `dao.variants`. */
const OVERRIDE_PATH: Record<string, string[]> = { tay: ['tay'], dao: ['dao'], en: ['en'], 'dao-iumien': ['dao', 'variants', 'dao-iumien'], 'dao-kimmun': ['dao', 'variants', 'dao-kimmun'] };
const LIST_FIELDS = new Set(['aliases', 'examples', 'sources', 'keywords', 'conditions', 'legal_basis', 'levels', 'related']);

/**
 * Sets a list of strings in place: unchanged items keep their node (and comments), the list keeps
 * its style (flow `[a, b]` or block), so the history diff shows only the added, changed or removed lines.
 */
export function patchScalarList(doc: YAML.Document, key: string | string[], values: string[]): void {
  const at = typeof key === 'string' ? [key] : key;
  const node = doc.getIn(at, true);
  if (!values.length) {
    if (doc.hasIn(at)) doc.deleteIn(at);
    return;
  }
  if (!isSeq(node)) {
    doc.setIn(at, doc.createNode(values));
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
 * Tày / Dao / English text of the entry (title, summary, steps, examples, glossary) written on the form: saved as a draft by the
 * signed-in user (per field, as the translation page records it); a second translator reviews it
 * on the Dịch tab before villagers see it.
 */
function patchTranslations(doc: YAML.Document, value: Record<string, Record<string, string | undefined>>, user: string): void {
  for (const [lang, fields] of Object.entries(value)) {
    const at = OVERRIDE_PATH[lang];
    if (!at) continue;
    const ensure = () => {
      // the override (and for a Dao variant, the umbrella `dao:` too) needs its review status
      if (lang.startsWith('dao-') && !isMap(doc.get('dao', true))) doc.set('dao', doc.createNode({ review: 'draft' }));
      if (!isMap(doc.getIn(at, true))) doc.setIn(at, doc.createNode({ review: 'draft' }));
    };
    for (const field of TRANSLATED_FIELDS) {
      if (!(field in fields)) continue;
      const text = fields[field]?.trim() ?? '';
      const current = doc.getIn([...at, field]);
      if (text === (current ?? '')) continue;
      ensure();
      if (text) doc.setIn([...at, field], text);
      else doc.deleteIn([...at, field]);
      doc.setIn([...at, 'fields', field], doc.createNode({ review: 'draft', author: user }));
    }
    for (const field of TRANSLATED_LISTS) {
      if (!(field in fields)) continue;
      const next = fields[field] as unknown as unknown[];
      const node = doc.getIn([...at, field], true);
      const current = isNode(node) ? node.toJSON() : undefined;
      const wanted = field === 'glossary' ? Object.fromEntries((next as { term: string; meaning: string }[]).map((g) => [g.term, g.meaning])) : next;
      const empty = (v: unknown) => v === undefined || (Array.isArray(v) ? !v.length : !Object.keys(v as object).length);
      if (empty(current) && empty(wanted)) continue;
      if (isDeepStrictEqual(current, wanted)) continue;
      if (empty(wanted)) {
        doc.deleteIn([...at, field]);
        if (doc.hasIn([...at, 'fields', field])) doc.deleteIn([...at, 'fields', field]);
        continue;
      }
      ensure();
      if (field === 'steps') patchSteps(doc, next as { text: string; icon: string }[], [...at, 'steps']);
      else if (field === 'examples') patchScalarList(doc, [...at, 'examples'], next as string[]);
      else patchGlossary(doc, [...at, 'glossary'], wanted as Record<string, string>);
      doc.setIn([...at, 'fields', field], doc.createNode({ review: 'draft', author: user }));
    }
    // where the translation comes from: kept unless the box is cleared, never touched when unchanged
    if ('source' in fields) {
      const source = fields.source?.trim() ?? '';
      if (source === (doc.getIn([...at, 'source']) ?? '')) continue;
      if (source) {
        ensure();
        doc.setIn([...at, 'source'], source);
      } else doc.deleteIn([...at, 'source']);
    }
  }
}

/** A glossary (term → meaning): changed meanings set in place, removed terms deleted, new ones added at the end. */
function patchGlossary(doc: YAML.Document, at: string[], wanted: Record<string, string>): void {
  const node = doc.getIn(at, true);
  if (!isMap(node)) {
    doc.setIn(at, doc.createNode(wanted));
    return;
  }
  for (const item of [...node.items]) {
    const term = String(isScalar(item.key) ? item.key.value : item.key);
    if (!(term in wanted)) node.delete(item.key);
  }
  for (const [term, meaning] of Object.entries(wanted)) if (node.get(term) !== meaning) node.set(term, meaning);
}

/** `border_area`: ticked sets `true`; unticked removes a `true` (an explicit `false` stays). */
function patchFlag(doc: YAML.Document, key: string, value: boolean): void {
  const current = doc.get(key);
  if (value && current !== true) doc.set(key, true);
  else if (!value && current === true) doc.delete(key);
}

/** Sets or removes each key of a small mapping (`official`, `valid_until`); removes the mapping when it is left empty. */
function patchMapping(doc: YAML.Document, key: string, value: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(value)) {
    if (Array.isArray(v)) patchScalarList(doc, [key, k], v as string[]);
    else if (v === '' || v === undefined) {
      if (doc.hasIn([key, k])) doc.deleteIn([key, k]);
    } else if (doc.getIn([key, k]) !== v) doc.setIn([key, k], v);
  }
  const node = doc.get(key, true);
  if (isMap(node) && node.items.length === 0) doc.delete(key);
}

/**
 * Steps come from the form without saying which item each was: an item keeps the node of the old
 * step with the same text (or, failing that, the one at its place), so an unchanged step keeps
 * its exact text (quotes and all) and a changed icon is a one-line change.
 */
function patchSteps(doc: YAML.Document, steps: { text: string; icon: string }[], at: string[] = ['steps']): void {
  const node = doc.getIn(at, true);
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
  patchListOfMaps(doc, at, items, ['text', 'icon']);
}

/** Applies one form change to the entry document; every field is set only where it changed. */
export function applyFormField(doc: YAML.Document, key: string, value: unknown, user: string): void {
  if (key === 'online') patchOnline(doc, value as { mode: string; url?: string });
  else if (key === 'translations') patchTranslations(doc, value as Record<string, Record<string, string>>, user);
  else if (LIST_FIELDS.has(key)) patchScalarList(doc, key, value as string[]);
  else if (key === 'channels' && Array.isArray(value) && value.length) patchListOfMaps(doc, key, value as Record<string, unknown>[], ['mode', 'duration', 'fee', 'fee_vnd', 'fee_free', 'exemption', 'valid_until']);
  else if (key === 'official' || key === 'valid_until') patchMapping(doc, key, value as Record<string, unknown>);
  else if (key === 'steps' && Array.isArray(value) && value.length) patchSteps(doc, value as { text: string; icon: string }[]);
  else if (key === 'border_area') patchFlag(doc, key, value === true);
  else {
    // The record's case-by-case times belong to the duration they sum up: a new duration drops them.
    if (key === 'duration' && doc.get(key) !== value) doc.delete('duration_cases');
    patchPlain(doc, key, value);
  }
}

function patchPlain(doc: YAML.Document, key: string, value: unknown): void {
  const empty = value === '' || (Array.isArray(value) && value.length === 0);
  if (empty) doc.delete(key);
  else if (typeof value === 'string' && doc.get(key) === value) return; // unchanged: keep its quoting
  else if (key === 'documents') {
    // a paper's form code and official wording are managed only when the form sends them (older clients do not)
    const items = value as Record<string, unknown>[];
    const extra = ['form', 'official'].filter((k) => items.some((d) => k in d));
    patchListOfMaps(doc, key, items, ['name', 'original', 'copy', 'note', ...extra]);
  }
  else doc.set(key, doc.createNode(value));
}
