import { promises as fs } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Commune, Entry, KnowledgeBase, Lexicon } from './types.js';

export interface KnowledgeProblem {
  file: string;
  line: number;
  col: number;
  message: string;
  severity: 'error' | 'warning';
}

export class KnowledgeLoadError extends Error {
  constructor(readonly problems: KnowledgeProblem[]) {
    super(`KNOWLEDGE_INVALID: ${problems.filter((p) => p.severity === 'error').map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`).join('; ')}`);
  }
}

async function listYaml(dir: string): Promise<string[]> {
  const out: string[] = [];
  let items: import('node:fs').Dirent[];
  try {
    items = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const item of items) {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) out.push(...(await listYaml(full)));
    else if (/\.ya?ml$/.test(item.name)) out.push(full);
  }
  return out.sort();
}

/** Loads knowledge/ into an immutable KnowledgeBase. Throws KnowledgeLoadError on any error. */
export async function loadKnowledge(root: string, version = 1): Promise<KnowledgeBase> {
  const problems: KnowledgeProblem[] = [];
  const entries = new Map<string, Entry>();
  const files = new Map<string, string>();
  for (const sub of ['procedures', 'guides', 'faq']) {
    for (const file of await listYaml(path.join(root, sub))) {
      const rel = path.relative(root, file);
      const text = await fs.readFile(file, 'utf8');
      const doc = YAML.parseDocument(text, { uniqueKeys: true });
      if (doc.errors.length) {
        for (const e of doc.errors) problems.push({ file: rel, line: e.linePos?.[0].line ?? 1, col: e.linePos?.[0].col ?? 1, message: e.message.split('\n')[0], severity: 'error' });
        continue;
      }
      const entry = doc.toJS() as Entry;
      if (!entry || typeof entry.id !== 'string' || typeof entry.title !== 'string') {
        problems.push({ file: rel, line: 1, col: 1, message: 'entry needs at least id and title', severity: 'error' });
        continue;
      }
      if (entries.has(entry.id)) {
        problems.push({ file: rel, line: 1, col: 1, message: `duplicate id ${entry.id} (also in ${files.get(entry.id)})`, severity: 'error' });
        continue;
      }
      entries.set(entry.id, entry);
      files.set(entry.id, rel);
    }
  }
  if (problems.some((p) => p.severity === 'error')) throw new KnowledgeLoadError(problems);
  return {
    entries,
    list: [...entries.values()],
    files,
    lexicon: await loadLexicon(root),
    communes: await loadCommunes(root),
    version,
    loadedAt: Date.now(),
  };
}

async function loadLexicon(root: string): Promise<Lexicon> {
  const lexicon: Lexicon = { replacements: new Map(), languageMarkers: new Map() };
  for (const file of await listYaml(path.join(root, 'lexicon'))) {
    const data = YAML.parse(await fs.readFile(file, 'utf8')) as { replacements?: Record<string, string>; markers?: Record<string, 'tay' | 'dao'> } | null;
    for (const [k, v] of Object.entries(data?.replacements ?? {})) lexicon.replacements.set(k, v);
    for (const [k, v] of Object.entries(data?.markers ?? {})) lexicon.languageMarkers.set(k, v);
  }
  return lexicon;
}

async function loadCommunes(root: string): Promise<Commune[]> {
  try {
    const data = YAML.parse(await fs.readFile(path.join(root, 'communes.yaml'), 'utf8')) as { communes?: Commune[] } | null;
    return data?.communes ?? [];
  } catch {
    return [];
  }
}
