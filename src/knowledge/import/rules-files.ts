import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { escapeRegExp } from '../../lib/text.js';

/**
 * The reviewable rule files in knowledge/ that the importer applies (and kb:check reads):
 * glossary.yaml (plain words), reform-terms.yaml (pre-2025 words), agencies.yaml (Quang Ninh bodies).
 */
export interface GlossaryTerm {
  official: string;
  plain: string;
}
export interface Glossary {
  terms: GlossaryTerm[];
  remove: RegExp[];
  steps: Record<string, string>;
  /** Cut from a paper's everyday name only (form and legal citations; the form code is kept apart). */
  documentRemove: RegExp[];
  /** Words before which a long paper name may be cut ("… đối với trường hợp …"); a prefix, never new words. */
  documentCutBefore: string[];
}
export interface ReformTerm {
  old: string;
  new: string;
}
export interface AgencyRule {
  match: RegExp;
  level: string;
  agency: string;
  where: string;
}
export interface ImportRules {
  glossary: Glossary;
  reform: ReformTerm[];
  agencies: AgencyRule[];
}

export const GLOSSARY_FILE = 'glossary.yaml';
export const REFORM_FILE = 'reform-terms.yaml';
export const AGENCIES_FILE = 'agencies.yaml';

type Obj = Record<string, unknown>;
const read = (root: string, file: string): Obj => {
  try {
    return (parse(readFileSync(path.join(root, file), 'utf8')) ?? {}) as Obj;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`${file}: ${(err as Error).message.split('\n')[0]}`);
  }
};
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Obj[]) : []);
const byLength = <T>(key: (t: T) => string) => (a: T, b: T) => key(b).length - key(a).length;

export function loadReformTerms(root: string): ReformTerm[] {
  return list(read(root, REFORM_FILE).terms)
    .filter((t) => typeof t.old === 'string' && typeof t.new === 'string')
    .map((t) => ({ old: String(t.old), new: String(t.new) }))
    .sort(byLength((t) => t.old));
}

/** Loads the rule files from a knowledge folder; a missing file gives no rules of that kind. */
export function loadImportRules(root: string): ImportRules {
  const g = read(root, GLOSSARY_FILE);
  const glossary: Glossary = {
    terms: list(g.terms)
      .filter((t) => typeof t.official === 'string' && typeof t.plain === 'string')
      .map((t) => ({ official: String(t.official), plain: String(t.plain) }))
      .sort(byLength((t) => t.official)),
    remove: (Array.isArray(g.remove) ? g.remove : []).map((r) => new RegExp(String(r), 'giu')),
    steps: (g.steps && typeof g.steps === 'object' ? g.steps : {}) as Record<string, string>,
    documentRemove: (Array.isArray(g.document_remove) ? g.document_remove : []).map((r) => new RegExp(String(r), 'giu')),
    documentCutBefore: (Array.isArray(g.document_cut_before) ? g.document_cut_before : []).map(String).filter(Boolean),
  };
  const agencies = list(read(root, AGENCIES_FILE).rules).map((r) => ({
    match: new RegExp(String(r.match ?? '.*'), 'i'),
    level: String(r.level ?? 'any'),
    agency: String(r.agency ?? ''),
    where: String(r.where ?? ''),
  }));
  return { glossary, reform: loadReformTerms(root), agencies };
}

/** Whole-word, case-insensitive matcher for a phrase (Vietnamese letters count as word letters). */
export function phraseRegExp(phrase: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(phrase)}(?![\\p{L}\\p{N}])`, 'giu');
}

/** Pre-reform terms found in a text, longest first, each reported once with its replacement. */
export function findReformTerms(text: string, terms: ReformTerm[]): ReformTerm[] {
  const found: ReformTerm[] = [];
  let rest = text;
  for (const t of terms) {
    const re = phraseRegExp(t.old);
    if (re.test(rest)) {
      found.push(t);
      rest = rest.replace(phraseRegExp(t.old), ' ');
    }
  }
  return found;
}

/** Rewrites every pre-reform term with its replacement (longest terms first). */
export function applyReformTerms(text: string, terms: ReformTerm[]): string {
  let out = text;
  for (const t of terms) out = out.replace(phraseRegExp(t.old), t.new);
  return out;
}
