import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { KnowledgeProblem } from './problems.js';
import type { Lexicon } from './types.js';
import { decodeEntryBytes } from './validate.js';

/** Reads a small YAML side file (lexicon, communes) with positions; problems are collected, never thrown. */
export async function readYamlFile(root: string, rel: string, problems: KnowledgeProblem[]): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path.join(root, rel));
  } catch {
    return undefined;
  }
  const decoded = decodeEntryBytes(rel, bytes);
  if (decoded.problem) {
    problems.push(decoded.problem);
    return undefined;
  }
  const lc = new LineCounter();
  const doc = parseDocument((decoded.text ?? '').replace(/^\uFEFF/, ''), { uniqueKeys: true, lineCounter: lc, prettyErrors: false });
  for (const e of doc.errors) {
    problems.push({ file: rel, ...lc.linePos(e.pos[0]), severity: 'error', message: `YAML syntax: ${e.message.split('\n')[0]}` });
  }
  if (doc.errors.length) return undefined;
  try {
    return doc.toJS({ maxAliasCount: 50 });
  } catch {
    problems.push({ file: rel, line: 1, col: 1, severity: 'error', message: 'too many YAML aliases' });
    return undefined;
  }
}

/** Loads knowledge/lexicon/*.yaml: `replacements` (phrase → phrase), `synonyms` (phrase → phrase, both kept), `out_of_scope` (phrases) and `markers` (word → tay|dao). */
export async function loadLexicon(root: string, files: string[], problems: KnowledgeProblem[]): Promise<Lexicon> {
  const lexicon: Lexicon = { replacements: new Map(), languageMarkers: new Map() };
  for (const rel of files) {
    const data = (await readYamlFile(root, rel, problems)) as { replacements?: Record<string, string>; markers?: Record<string, 'tay' | 'dao'>; synonyms?: Record<string, string>; out_of_scope?: unknown[] } | null | undefined;
    if (data && typeof data !== 'object') {
      problems.push({ file: rel, line: 1, col: 1, severity: 'error', message: 'a lexicon file must be a mapping (replacements:, markers:)' });
      continue;
    }
    for (const [k, v] of Object.entries(data?.replacements ?? {})) lexicon.replacements.set(k, String(v));
    for (const [k, v] of Object.entries(data?.markers ?? {})) lexicon.languageMarkers.set(k, v);
    for (const [k, v] of Object.entries(data?.synonyms ?? {})) (lexicon.synonyms ??= new Map()).set(k, String(v));
    if (Array.isArray(data?.out_of_scope)) (lexicon.outOfScope ??= []).push(...data.out_of_scope.map(String));
  }
  return lexicon;
}
