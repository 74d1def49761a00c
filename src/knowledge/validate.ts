import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { isAlias, isMap, isNode, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { describeAjvError, dropUnionNoise } from './ajv-messages.js';
import type { KnowledgeProblem } from './problems.js';
import { Entry } from './types.js';

/** Entry files are a few KB; anything past this is a mistake (or an attack) and is not parsed. */
export const MAX_ENTRY_BYTES = 512 * 1024;
/** Aliases an entry may expand; a handful is plenty, thousands is an alias bomb. */
export const MAX_ALIAS_COUNT = 50;
const YEAR_MS = 365 * 24 * 3600 * 1000;

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
let compiled: ValidateFunction | undefined;
function entryValidator(): ValidateFunction {
  compiled ??= addFormats(new Ajv({ allErrors: true, verbose: true, strict: false })).compile(Entry);
  return compiled;
}

export interface Position {
  line: number;
  col: number;
}

/** The result of checking one entry file on its own (cross-file checks come later). */
export interface EntryCheck {
  /** Set when the file has no errors. */
  entry?: Entry;
  problems: KnowledgeProblem[];
  /** Where the id and each related id sit, for duplicate-id and dangling-related errors. */
  idAt?: Position;
  relatedAt: Position[];
}

export interface ValidateOptions {
  /** "Now" for the staleness warning (tests pin it). */
  now?: Date;
}

/** Bytes → text, or a problem when the bytes are not UTF-8 or too many. Strips a BOM. */
export function decodeEntryBytes(file: string, bytes: Uint8Array): { text?: string; problem?: KnowledgeProblem } {
  if (bytes.length > MAX_ENTRY_BYTES) {
    const mb = (bytes.length / 1024 / 1024).toFixed(1);
    return { problem: { file, line: 1, col: 1, severity: 'error', message: `file is ${mb} MB; an entry file must be under ${MAX_ENTRY_BYTES / 1024} KB` } };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    // The first replacement character sits where the first bad byte was; the prefix is valid UTF-8.
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const idx = lenient.indexOf('\uFFFD');
    const prefix = lenient.slice(0, idx);
    const line = prefix.split('\n').length;
    const col = idx - prefix.lastIndexOf('\n');
    const hex = bytes[Buffer.byteLength(prefix)]?.toString(16).toUpperCase().padStart(2, '0');
    return { problem: { file, line, col, severity: 'error', message: `file is not UTF-8 (byte 0x${hex}); save it with UTF-8 encoding` } };
  }
}

const YAML_MESSAGES: Record<string, (first: string) => string> = {
  DUPLICATE_KEY: () => 'duplicate key: each field may appear only once',
  TAB_AS_INDENT: () => 'tab used for indentation; indent with spaces',
};

/**
 * Checks one entry file's text with every per-file rule kb:check applies: YAML syntax, schema
 * (unknown/missing fields, types, allowed values, step length), sources on curated entries,
 * staleness, and folder/kind agreement. Used by the loader and by the admin editor.
 */
export function validateEntryText(file: string, text: string, opts: ValidateOptions = {}): EntryCheck {
  const relatedAt: Position[] = [];
  const problems: KnowledgeProblem[] = [];
  if (text.length > MAX_ENTRY_BYTES) {
    return { problems: [{ file, line: 1, col: 1, severity: 'error', message: `file is ${(text.length / 1024 / 1024).toFixed(1)} MB; an entry file must be under ${MAX_ENTRY_BYTES / 1024} KB` }], relatedAt };
  }
  const lc = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { uniqueKeys: true, lineCounter: lc, prettyErrors: false });
  const at = (offset: number | undefined): Position => lc.linePos(offset ?? 0);
  const add = (pos: Position, message: string, severity: 'error' | 'warning' = 'error') => problems.push({ file, ...pos, message, severity });
  for (const e of doc.errors) {
    const [firstLine = ''] = e.message.split('\n');
    add(at(e.pos[0]), YAML_MESSAGES[e.code]?.(e.message) ?? `YAML syntax: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  if (problems.length) return { problems, relatedAt };
  let data: unknown;
  try {
    // re-made through JSON: the YAML composer builds long texts piece by piece, and the pieces
    // (millions of small rope nodes over the catalogue, ~100 MB of heap) would live as long as the entry
    data = JSON.parse(JSON.stringify(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? null));
  } catch {
    add(at(firstAliasOffset(doc)), `too many YAML aliases (more than ${MAX_ALIAS_COUNT} expansions); write the values out instead`);
    return { problems, relatedAt };
  }
  if (!isMap(doc.contents)) {
    add(at(isNode(doc.contents) ? doc.contents.range[0] : 0), 'an entry file must be a mapping of fields (id: …, title: …)');
    return { problems, relatedAt };
  }
  const nodeAt = (path: (string | number)[]): Position => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return at(node.range[0]);
    }
    return { line: 1, col: 1 };
  };
  const keyAt = (path: (string | number)[], key: string): Position => {
    const parent = doc.getIn(path, true);
    const pair = isMap(parent) ? parent.items.find((p) => isNode(p.key) && (p.key as { value?: unknown }).value === key) : undefined;
    return pair && isNode(pair.key) && pair.key.range ? at(pair.key.range[0]) : nodeAt(path);
  };
  const validate = entryValidator();
  if (!validate(data)) {
    for (const err of dropUnionNoise(validate.errors ?? [])) {
      const path = err.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const pos = err.keyword === 'additionalProperties' ? keyAt(path, String(err.params.additionalProperty)) : nodeAt(path);
      add(pos, describeAjvError(err));
    }
  }
  const obj = data as Partial<Entry>;
  checkRules(file, obj, { add, nodeAt, keyAt }, opts);
  for (const i of (obj.related ?? []).keys()) relatedAt.push(nodeAt(['related', i]));
  const ok = !problems.some((p) => p.severity === 'error');
  return { entry: ok ? (obj as Entry) : undefined, problems: sortProblems(problems), idAt: nodeAt(['id']), relatedAt };
}

interface Locator {
  add(pos: Position, message: string, severity?: 'error' | 'warning'): void;
  nodeAt(path: (string | number)[]): Position;
  keyAt(path: (string | number)[], key: string): Position;
}

function checkRules(file: string, e: Partial<Entry>, loc: Locator, opts: ValidateOptions): void {
  if (e.curated === true && !(Array.isArray(e.sources) && e.sources.length)) {
    loc.add(loc.keyAt([], 'curated'), 'curated entry needs sources: the URLs or documents its facts come from');
  }
  if (typeof e.updated === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(e.updated)) {
    const age = (opts.now ?? new Date()).getTime() - Date.parse(`${e.updated}T00:00:00Z`);
    if (Number.isNaN(age)) loc.add(loc.nodeAt(['updated']), `updated is not a real date: ${e.updated}`);
    else if (age > YEAR_MS) loc.add(loc.nodeAt(['updated']), `updated ${e.updated} is more than a year old; check the facts against the sources`, 'warning');
  }
  const parts = file.split('/');
  if (parts[0] === 'procedures' && parts.length === 3 && typeof e.domain === 'string' && e.domain !== parts[1]) {
    loc.add(loc.nodeAt(['domain']), `domain "${e.domain}" does not match the folder procedures/${parts[1]}/; move the file or fix the domain`);
  }
  if (parts[0] === 'procedures' && e.kind && e.kind !== 'procedure') loc.add(loc.nodeAt(['kind']), 'files under procedures/ must have kind: procedure');
  if (parts[0] === 'guides' && e.kind && e.kind !== 'guide') loc.add(loc.nodeAt(['kind']), 'files under guides/ must have kind: guide');
  const base = (parts.at(-1) ?? '').replace(/\.ya?ml$/, '');
  if (typeof e.id === 'string' && base !== e.id) {
    loc.add(loc.nodeAt(['id']), `id "${e.id}" differs from the file name "${base}"; name the file <id>.yaml`, 'warning');
  }
}

function firstAliasOffset(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_k, node) {
      if (isAlias(node) && node.range) offset = node.range[0];
      return visit.BREAK;
    },
  });
  return offset;
}

function sortProblems(problems: KnowledgeProblem[]): KnowledgeProblem[] {
  return problems.sort((a, b) => a.line - b.line || a.col - b.col);
}
