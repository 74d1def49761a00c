import YAML from 'yaml';
import { Entry } from '../knowledge/types.js';
import { validateEntryText } from '../knowledge/validate.js';

/**
 * The admin editor's view of kb:check: the same per-file validator (src/knowledge/validate.ts),
 * plus the two rules only an editor needs (an id usable as a file name, no id change while editing),
 * with each problem named by the field it is about.
 */
export interface EntryProblem {
  /** Field the problem is about (`steps[1].text`), or '' for the whole file. */
  field: string;
  reason: string;
  line: number;
  col: number;
  severity: 'error' | 'warning';
}

export interface EntryCheck {
  entry?: Entry;
  problems: EntryProblem[];
}

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const TOP_FIELDS = new Set(Object.keys(Entry.properties));

/** The field a validator message is about, read from its wording. */
export function fieldOf(message: string): string {
  const named = message.match(/^(?:missing|unknown) field "([^"]+)"/);
  if (named?.[1]) return named[1];
  const [, top = '', path = ''] = message.match(/^([a-z_]+)((?:\[\d+\]|\.[a-z_]+)*)\b/) ?? [];
  return TOP_FIELDS.has(top) ? top + path : '';
}

/** Where a new entry file goes, following the knowledge layout (faq/ for kind: faq). */
export function fileForEntry(entry: { id: string; kind: string; domain: string }): string {
  if (entry.kind === 'guide') return `guides/${entry.id}.yaml`;
  if (entry.kind === 'faq') return `faq/${entry.id}.yaml`;
  return `procedures/${entry.domain}/${entry.id}.yaml`;
}

function guessFile(text: string): string {
  if (entryTextProblem(text)) return 'procedures/other/new.yaml';
  try {
    const e = YAML.parse(text) as Partial<Entry> | null;
    return fileForEntry({ id: String(e?.id ?? 'new'), kind: e?.kind ?? 'procedure', domain: String(e?.domain ?? 'other') });
  } catch {
    return 'procedures/other/new.yaml';
  }
}

/** An entry file is a page of text: anything bigger is a mistake or an attack, refused before parsing. */
export const MAX_ENTRY_CHARS = 64 * 1024;
/** Nesting deeper than this (flow brackets or indentation) is never a real entry, and costs the parser. */
export const MAX_ENTRY_DEPTH = 12;
/** Longest text per field; fields not named get MAX_FIELD_CHARS. Steps have their own limit in the schema. */
export const FIELD_MAX_CHARS: Record<string, number> = { title: 2000, short_title: 80, summary: 1000, agency: 2000, id: 100 };
export const MAX_FIELD_CHARS = 4000;
/** A link that runs code or smuggles content instead of opening a page. */
const UNSAFE_LINK = /(^|[\s(<"'\]])(javascript|vbscript|data)\s*:/i;

/** Refuses a text too big or too deeply nested to parse safely; null when it may be parsed. */
export function entryTextProblem(text: string): string | null {
  if (text.length > MAX_ENTRY_CHARS) return `the entry is ${text.length} characters; at most ${MAX_ENTRY_CHARS}`;
  let depth = 0;
  for (const ch of text) {
    if (ch === '[' || ch === '{') depth += 1;
    else if ((ch === ']' || ch === '}') && depth > 0) depth -= 1;
    if (depth > MAX_ENTRY_DEPTH) return `the entry nests deeper than ${MAX_ENTRY_DEPTH} levels`;
  }
  const deepest = Math.max(0, ...text.split('\n').map((l) => l.match(/^[ -]*/)![0].length));
  if (deepest > MAX_ENTRY_DEPTH * 4) return `the entry is indented deeper than ${MAX_ENTRY_DEPTH} levels`;
  return null;
}

/** Field size limits and unsafe links, over every string of the entry. */
function fieldProblems(value: unknown, field: string, out: EntryProblem[]): void {
  const at = { line: 1, col: 1, severity: 'error' as const };
  if (typeof value === 'string') {
    const top = field.match(/^[a-z_]+/)?.[0] ?? '';
    const max = FIELD_MAX_CHARS[field] ?? (top === field ? FIELD_MAX_CHARS[top] : undefined) ?? MAX_FIELD_CHARS;
    if (value.length > max) out.push({ field, reason: `${field}: at most ${max} characters, got ${value.length}`, ...at });
    if (UNSAFE_LINK.test(value)) out.push({ field, reason: `${field}: javascript:, vbscript: and data: links are not allowed`, ...at });
    if (/(^|\.)url$/.test(field) && !/^https?:\/\//i.test(value)) out.push({ field, reason: `${field}: a link must start with https:// or http://`, ...at });
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) fieldProblems(v, `${field}[${i}]`, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) fieldProblems(v, field ? `${field}.${k}` : k, out);
  }
}

/**
 * For a text refused as too big, the top-level field that is over its own limit (read line by
 * line, without parsing): "summary: at most 1000 characters, got 262010".
 */
export function oversizedField(text: string): { field: string; line: number; reason: string } | null {
  const lines = text.split('\n');
  let best: { field: string; line: number; size: number } | null = null;
  let current: { field: string; line: number; size: number } | null = null;
  lines.forEach((l, i) => {
    const key = l.match(/^([A-Za-z_][\w-]*)\s*:/)?.[1];
    if (key) current = { field: key, line: i + 1, size: 0 };
    if (current) {
      current.size += l.length + 1 - (key ? key.length + 1 : 0);
      if (!best || current.size > best.size) best = current;
    }
  });
  const found = best as { field: string; line: number; size: number } | null;
  if (!found) return null;
  const max = FIELD_MAX_CHARS[found.field] ?? MAX_FIELD_CHARS;
  return found.size > max ? { field: found.field, line: found.line, reason: `${found.field}: at most ${max} characters, got about ${found.size}` } : null;
}

/** The admin editor's check of one entry: every kb:check rule (validateEntryText) plus id rules; `file` is its path under knowledge/ (guessed for a new entry). */
export function validateEditedEntry(text: string, opts: { expectId?: string; file?: string } = {}): EntryCheck {
  const tooBig = entryTextProblem(text);
  if (tooBig) {
    const field = text.length > MAX_ENTRY_CHARS ? oversizedField(text) : null;
    return { problems: [field ? { field: field.field, reason: `${field.reason} (${tooBig})`, line: field.line, col: 1, severity: 'error' } : { field: '', reason: tooBig, line: 1, col: 1, severity: 'error' }] };
  }
  const checked = validateEntryText(opts.file ?? guessFile(text), text);
  const problems: EntryProblem[] = checked.problems.map((p) => ({ field: fieldOf(p.message), reason: p.message, line: p.line, col: p.col, severity: p.severity }));
  const id = checked.entry?.id;
  const at = { line: 1, col: 1, severity: 'error' as const };
  if (id !== undefined && !ID_PATTERN.test(id)) problems.push({ field: 'id', reason: 'id: use letters, digits, dots, dashes or underscores only', ...at });
  if (id !== undefined && opts.expectId !== undefined && id !== opts.expectId) {
    problems.push({ field: 'id', reason: `id cannot change while editing (was "${opts.expectId}")`, ...at });
  }
  if (checked.entry) fieldProblems(checked.entry, '', problems);
  const ok = checked.entry && !problems.some((p) => p.severity === 'error');
  return ok ? { entry: checked.entry, problems } : { problems };
}
