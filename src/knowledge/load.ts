import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadCommunes } from './communes.js';
import { loadLexicon } from './lexicon.js';
import { hasErrors, KnowledgeLoadError, type KnowledgeProblem } from './problems.js';
import type { Entry, KnowledgeBase } from './types.js';
import { decodeEntryBytes, MAX_ENTRY_BYTES, validateEntryText, type EntryCheck } from './validate.js';

export { KnowledgeLoadError, type KnowledgeProblem } from './problems.js';

/** Folders holding one entry per file. */
export const ENTRY_DIRS = ['procedures', 'guides', 'faq'] as const;
const READ_CONCURRENCY = 64;

/** Per-file results kept between loads: a file whose mtime and size did not change is not re-parsed. */
export type KnowledgeCache = Map<string, { mtimeMs: number; size: number; check: EntryCheck }>;

/** Shared by every load in this process (reloads, test apps), keyed by absolute path. */
const processCache: KnowledgeCache = new Map();

export interface LoadOptions {
  version?: number;
  /** "Now" for staleness warnings; setting it bypasses the shared cache. */
  now?: Date;
  /** Defaults to one cache shared by the process. */
  cache?: KnowledgeCache;
}

export interface KnowledgeReport {
  /** Set when there is no error. */
  kb?: KnowledgeBase;
  /** Every entry that passed its own checks (also when other files failed), for counts. */
  entries: Entry[];
  problems: KnowledgeProblem[];
  files: number;
  /** id → file (relative to the root) of every entry in `entries`. */
  entryFiles: Map<string, string>;
}

/** Every *.yaml under `dir`, as paths relative to `root` with forward slashes, sorted. */
export async function listYaml(root: string, dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await fs.readdir(path.join(root, dir), { recursive: true })) as string[];
  } catch {
    return [];
  }
  return names
    .filter((n) => /\.ya?ml$/.test(n) && !path.basename(n).startsWith('.'))
    .map((n) => `${dir}/${n.split(path.sep).join('/')}`)
    .sort();
}

async function checkFile(root: string, rel: string, opts: LoadOptions): Promise<EntryCheck> {
  const full = path.join(root, rel);
  const st = await fs.stat(full);
  const cache = opts.cache ?? processCache;
  const cached = cache.get(full);
  if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached.check;
  let check: EntryCheck;
  if (st.size > MAX_ENTRY_BYTES) {
    check = { problems: [decodeEntryBytes(rel, { length: st.size } as Uint8Array).problem!], relatedAt: [] };
  } else {
    const decoded = decodeEntryBytes(rel, await fs.readFile(full));
    check = decoded.problem ? { problems: [decoded.problem], relatedAt: [] } : validateEntryText(rel, decoded.text ?? '', { now: opts.now });
  }
  cache.set(full, { mtimeMs: st.mtimeMs, size: st.size, check });
  return check;
}

/** Puts checks made earlier (a start-up snapshot) in the shared cache; a file whose mtime or size differs is parsed again. */
export function seedKnowledgeCache(root: string, checks: readonly [rel: string, mtimeMs: number, size: number, check: EntryCheck][]): void {
  for (const [rel, mtimeMs, size, check] of checks) processCache.set(path.join(root, rel), { mtimeMs, size, check });
}

/** The shared cache's checks of the files under `root`, with the mtime and size each was made for. */
export function cachedChecks(root: string): [rel: string, mtimeMs: number, size: number, check: EntryCheck][] {
  const prefix = path.join(root, '.') + path.sep; // the keys are path.join(root, rel)
  const out: [string, number, number, EntryCheck][] = [];
  for (const [full, c] of processCache) {
    if (full.startsWith(prefix)) out.push([full.slice(prefix.length).split(path.sep).join('/'), c.mtimeMs, c.size, c.check]);
  }
  return out;
}

function forgetRemoved(root: string, files: string[], cache: KnowledgeCache): void {
  const present = new Set(files.map((f) => path.join(root, f)));
  const prefix = path.resolve(root) + path.sep;
  for (const k of cache.keys()) if (k.startsWith(prefix) && !present.has(k)) cache.delete(k);
}

async function checkAll(root: string, files: string[], opts: LoadOptions): Promise<EntryCheck[]> {
  const out: EntryCheck[] = new Array(files.length);
  const jobs = files.entries(); // shared by the workers: each takes the next file
  const worker = async () => {
    for (const [i, file] of jobs) {
      try {
        out[i] = await checkFile(root, file, opts);
      } catch (err) {
        out[i] = { problems: [{ file, line: 1, col: 1, severity: 'error', message: `cannot read: ${(err as Error).message}` }], relatedAt: [] };
      }
    }
  };
  await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
  return out;
}

/** Checks the whole knowledge base: every per-file rule plus duplicate ids and dangling `related`. */
export async function checkKnowledge(root: string, options: LoadOptions = {}): Promise<KnowledgeReport> {
  const opts = { ...options, cache: options.cache ?? (options.now ? new Map() : processCache) };
  const files = (await Promise.all(ENTRY_DIRS.map((d) => listYaml(root, d)))).flat();
  forgetRemoved(root, files, opts.cache ?? processCache);
  const checks = await checkAll(root, files, opts);
  const problems: KnowledgeProblem[] = checks.flatMap((c) => c.problems);
  const entries = new Map<string, Entry>();
  const fileOf = new Map<string, string>();
  files.forEach((file, i) => {
    const c = checks[i];
    if (!c?.entry) return;
    const other = fileOf.get(c.entry.id);
    if (other) {
      problems.push({ file, ...(c.idAt ?? { line: 1, col: 1 }), severity: 'error', message: `duplicate id "${c.entry.id}" (also in ${other})` });
      return;
    }
    entries.set(c.entry.id, c.entry);
    fileOf.set(c.entry.id, file);
  });
  files.forEach((file, i) => {
    const c = checks[i];
    c?.entry?.related?.forEach((id, j) => {
      if (!entries.has(id)) problems.push({ file, ...(c.relatedAt[j] ?? { line: 1, col: 1 }), severity: 'error', message: `related "${id}" points to no entry` });
    });
  });
  const lexicon = await loadLexicon(root, await listYaml(root, 'lexicon'), problems);
  const communes = await loadCommunes(root, problems);
  const list = [...entries.values()];
  const report: KnowledgeReport = { entries: list, problems, files: files.length, entryFiles: fileOf };
  if (!hasErrors(problems)) {
    report.kb = { entries, list, files: fileOf, lexicon, communes, version: opts.version ?? 1, loadedAt: Date.now() };
  }
  return report;
}

/** Loads knowledge/ into an immutable KnowledgeBase. Throws KnowledgeLoadError on any error. */
export async function loadKnowledge(root: string, versionOrOpts: number | LoadOptions = 1): Promise<KnowledgeBase> {
  const opts = typeof versionOrOpts === 'number' ? { version: versionOrOpts } : versionOrOpts;
  const report = await checkKnowledge(root, opts);
  if (!report.kb) throw new KnowledgeLoadError(report.problems);
  return report.kb;
}
