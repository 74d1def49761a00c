import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import YAML, { isSeq } from 'yaml';
import { KnowledgeLoadError, loadKnowledge } from '../knowledge/load.js';
import { writeFileAtomically } from '../lib/atomic-write.js';
import { fold } from '../nlu/normalize.js';
import type { AppServices } from '../services.js';
import type { KnowledgeChange } from '../store/types.js';
import { fileForEntry, validateEditedEntry, type EntryProblem } from './entry-validate.js';
import { lineDiff } from './line-diff.js';

/** The file changed since the editor loaded it (HTTP 409). */
export class StaleEditError extends Error {
  constructor(readonly currentHash: string | null) {
    super('This entry changed since you opened it. Reload it, then make your change again.');
  }
}

/** The content is refused (HTTP 400); nothing was written. */
export class InvalidEntryError extends Error {
  constructor(readonly problems: EntryProblem[]) {
    super(problems.filter((p) => p.severity === 'error').map((p) => p.reason).join('; '));
  }
}

export const hashText = (text: string | null): string | null => (text === null ? null : createHash('sha256').update(text).digest('hex').slice(0, 16));

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Writes next to the target then renames, so the loader never reads half a file. */
async function writeAtomic(file: string, text: string | null): Promise<void> {
  if (text === null) return fs.rm(file, { force: true });
  await writeFileAtomically(file, text);
}

/** Saves, reverts and extends entries: validated, atomic, recorded in the history, hot-reloaded. */
export class KnowledgeEditor {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly services: AppServices) {}

  private get root(): string {
    return this.services.config.knowledgeDir;
  }

  /** One change at a time, so the stale check and the write cannot interleave. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.catch(() => undefined).then(fn);
    this.queue = run;
    return run;
  }

  /** The file text and its hash, as the editor loads it. */
  async read(id: string): Promise<{ file: string; text: string; hash: string } | null> {
    const rel = this.services.knowledge.current().kb.files.get(id);
    if (!rel) return null;
    const text = await readOrNull(path.join(this.root, rel));
    return text === null ? null : { file: rel, text, hash: hashText(text) as string };
  }

  /** Saves an entry (existing id, or new when `baseHash` is null). */
  save(id: string | null, text: string, baseHash: string | null, user: string): Promise<KnowledgeChange> {
    return this.serial(async () => {
      await this.services.syncPublishedFiles?.(); // an edit made on another instance counts for the stale check
      const files = this.services.knowledge.current().kb.files;
      const check = validateEditedEntry(text, { expectId: id ?? undefined, file: id === null ? undefined : files.get(id) });
      if (!check.entry) throw new InvalidEntryError(check.problems);
      const existing = files.get(check.entry.id);
      if (id === null && existing) throw new InvalidEntryError([{ field: 'id', reason: `an entry with id "${check.entry.id}" already exists (${existing})`, line: 1, col: 1, severity: 'error' }]);
      const rel = existing ?? fileForEntry(check.entry);
      const before = await readOrNull(path.join(this.root, rel));
      if (hashText(before) !== baseHash) throw new StaleEditError(hashText(before));
      return this.apply(rel, before, text, user, check.entry.id);
    });
  }

  /** Puts back the text from before a recorded change, if nobody changed the file since. */
  revert(changeId: string, user: string): Promise<KnowledgeChange | null> {
    return this.serial(async () => {
      await this.services.syncPublishedFiles?.();
      const change = await this.services.store.getKnowledgeChange(changeId);
      if (!change) return null;
      const current = await readOrNull(path.join(this.root, change.file));
      if (hashText(current) !== hashText(change.after)) throw new StaleEditError(hashText(current));
      return this.apply(change.file, current, change.before, user, change.entryId);
    });
  }

  /** Adds a villager's question to an entry's examples; resolves the change, or null if it was there. */
  async addExample(id: string, question: string, user: string): Promise<KnowledgeChange | null> {
    const loaded = await this.read(id);
    if (!loaded) throw new InvalidEntryError([{ field: 'entryId', reason: `no entry with id "${id}"`, line: 1, col: 1, severity: 'error' }]);
    const doc = YAML.parseDocument(loaded.text);
    const examples = doc.get('examples');
    const folded = fold(question);
    if (isSeq(examples) && examples.items.some((x) => fold(String((x as { value?: unknown }).value ?? x)) === folded)) return null;
    if (isSeq(examples)) examples.add(doc.createNode(question.trim()));
    else doc.set('examples', doc.createNode([question.trim()]));
    return this.save(id, doc.toString({ lineWidth: 0, flowCollectionPadding: false }), loaded.hash, user);
  }

  private async apply(rel: string, before: string | null, after: string | null, user: string, entryId?: string): Promise<KnowledgeChange> {
    const file = path.resolve(this.root, rel);
    if (!file.startsWith(path.resolve(this.root) + path.sep)) throw new InvalidEntryError([{ field: 'id', reason: `"${rel}" is outside the knowledge folder`, line: 1, col: 1, severity: 'error' }]);
    await writeAtomic(file, after);
    try {
      await this.reload();
    } catch (err) {
      await writeAtomic(file, before);
      if (err instanceof KnowledgeLoadError) {
        throw new InvalidEntryError(err.problems.filter((p) => p.severity === 'error').map((p) => ({ field: '', reason: `${p.file}: ${p.message}`, line: p.line, col: p.col, severity: 'error' as const })));
      }
      throw err;
    }
    const change: KnowledgeChange = { id: randomUUID(), at: Date.now(), user, file: rel, entryId, before, after, diff: lineDiff(before, after) };
    try {
      await this.services.store.recordKnowledgeChange(change); // with PostgreSQL this publishes it to every instance
    } catch (err) {
      // not recorded, not published: this instance must not serve what no other instance has
      await writeAtomic(file, before);
      await this.reload().catch(() => undefined);
      throw err;
    }
    this.services.log.info({ user, file: rel, entryId }, 'ADMIN_KNOWLEDGE_CHANGED');
    return change;
  }

  /** Reloads the whole knowledge base and swaps it in atomically. */
  async reload(): Promise<void> {
    const holder = this.services.knowledge;
    await holder.swap(await loadKnowledge(this.root, holder.current().kb.version + 1));
  }
}
