import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isMap, parseDocument, Document } from 'yaml';
import { ENTRY_DIRS, listYaml } from '../load.js';
import { schemaComment } from '../schema.js';
import type { Entry } from '../types.js';
import { validateEntryText } from '../validate.js';
import { writeEntryFile } from '../write.js';
import { CATALOGUE_FIELDS } from './to-entry.js';

export type ApplyOutcome = { status: 'added' | 'updated' | 'unchanged'; file: string } | { status: 'rejected'; reason: string };

/** id → file (relative to the knowledge root) for every entry file, read with a cheap line scan. */
export async function indexEntryFiles(root: string): Promise<Map<string, string>> {
  const index = new Map<string, string>();
  const files = (await Promise.all(ENTRY_DIRS.map((d) => listYaml(root, d)))).flat();
  await Promise.all(
    files.map(async (rel) => {
      const text = await fs.readFile(path.join(root, rel), 'utf8').catch(() => '');
      const id = /^id:\s*["']?([^"'\n#]+?)["']?\s*(#.*)?$/m.exec(text)?.[1];
      if (id && !index.has(id)) index.set(id, rel);
    }),
  );
  return index;
}

/**
 * In a curated entry the importer fills only these when empty; the detail fields (documents, fee,
 * steps, official text…) belong to the person who checked the entry and are never written.
 */
const CURATED_FILLS = new Set<string>(['title', 'level', 'levels', 'agency', 'online', 'sources']);

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Text of a brand-new catalogue entry file, schema comment first. */
export function newEntryText(rel: string, entry: Entry): string {
  const doc = new Document(entry);
  return `${schemaComment(rel)}\n${doc.toString({ lineWidth: 0 })}`;
}

/**
 * Writes one imported entry. A new id gets `procedures/<domain>/<id>.yaml`. An existing file is
 * updated in place, field by field so comments and hand-written fields survive: in a catalogue
 * entry the importer's fields are replaced (domain stays: the folder decides); in a curated entry
 * only empty catalogue fields are filled. Nothing is written when the text would not change.
 */
export async function applyEntry(root: string, index: Map<string, string>, entry: Entry, dryRun = false): Promise<ApplyOutcome> {
  let existing = index.get(entry.id);
  const target = `procedures/${entry.domain}/${entry.id}.yaml`;
  if (existing && existing !== target && existing.startsWith('procedures/') && !dryRun) {
    // A catalogue entry whose topic changed (e.g. its title was wrong) moves to the right folder.
    const old = await fs.readFile(path.join(root, existing), 'utf8').catch(() => '');
    if (/^curated:\s*false\s*$/m.test(old)) {
      await fs.rm(path.join(root, existing));
      index.delete(entry.id);
      existing = undefined;
    }
  }
  const rel = existing ?? target;
  let before = '';
  let after: string;
  if (!existing) {
    after = newEntryText(rel, entry);
  } else {
    before = await fs.readFile(path.join(root, rel), 'utf8');
    const doc = parseDocument(before.replace(/^\uFEFF/, ''), { uniqueKeys: true });
    if (doc.errors.length || !isMap(doc.contents)) return { status: 'rejected', reason: `existing file ${rel} does not parse; fix it first` };
    const curated = doc.get('curated') === true;
    const js = (doc.toJS() ?? {}) as Record<string, unknown>;
    let changed = false;
    for (const field of CATALOGUE_FIELDS) {
      let value: unknown = entry[field];
      const current = js[field];
      if (value === undefined) {
        // A catalogue entry states only what the record says now: a fact the record dropped goes.
        if (!curated && current !== undefined && field !== 'sources') (changed = true), doc.delete(field);
        continue;
      }
      // "partial" only means the source lists an online channel; a hand-set "full" is more precise.
      if (field === 'online' && (current as Entry['online'])?.mode === 'full' && entry.online?.mode === 'partial') value = { ...entry.online, mode: 'full' };
      if (curated && (!isEmpty(current) || !CURATED_FILLS.has(field))) continue;
      if (field === 'sources' && Array.isArray(current) && curated) {
        const merged = [...new Set([...(value as string[]), ...current.map(String)])];
        if (JSON.stringify(merged) !== JSON.stringify(current)) (changed = true), doc.set(field, merged);
      } else if (JSON.stringify(current) !== JSON.stringify(value)) (changed = true), doc.set(field, value);
    }
    if (!changed) return { status: 'unchanged', file: rel };
    after = doc.toString({ lineWidth: 0 });
    if (!/^# yaml-language-server:/.test(after)) after = `${schemaComment(rel)}\n${after}`;
  }
  if (after === before) return { status: 'unchanged', file: rel };
  const check = validateEntryText(rel, after);
  const firstError = check.problems.find((p) => p.severity === 'error');
  if (firstError) return { status: 'rejected', reason: `would not validate: ${firstError.message}` };
  if (!dryRun) await writeEntryFile(root, rel, after);
  index.set(entry.id, rel);
  return { status: existing ? 'updated' : 'added', file: rel };
}
