import { promises as fs } from 'node:fs';
import path from 'node:path';
import { internStrings } from '../lib/intern-strings.js';
import { siblingModule, startWorker } from '../lib/worker-start.js';
import { buildMatcher, matcherFromIndex, type IndexedMatcher } from '../nlu/matcher.js';
import { cachedChecks, ENTRY_DIRS, loadKnowledge, seedKnowledgeCache } from './load.js';
import { readSnapshot, SNAPSHOT_FILE, stampOf, statKnowledgeFiles, writeSnapshot } from './snapshot.js';
import type { KnowledgeBase } from './types.js';

export interface CompiledKnowledge {
  kb: KnowledgeBase;
  matcher: IndexedMatcher;
  /** True when the snapshot in DATA_DIR matched the files: nothing was parsed or indexed. */
  fromSnapshot: boolean;
  /** Stamp of the files it was made from (src/knowledge/snapshot.ts). */
  stamp: string;
  /**
   * Writes the snapshot for the next start, in a worker thread at the lowest priority (serializing
   * ~30 MB would stall the event loop); nothing to do when the start came from one. `stop()` ends it.
   */
  saveSnapshot(stop: { onStop?: () => void }): Promise<void>;
}

/**
 * The knowledge base and its matcher, from the snapshot in DATA_DIR when it matches the files
 * (a restart with unchanged knowledge), else parsed: only the files whose mtime or size changed
 * since the snapshot are read again. Throws KnowledgeLoadError when the files are invalid.
 */
export async function loadCompiledKnowledge(root: string, dataDir: string): Promise<CompiledKnowledge> {
  const stamp = stampOf(statKnowledgeFiles(root, [...ENTRY_DIRS, 'lexicon']));
  const snapshot = await readSnapshot(dataDir);
  if (snapshot) {
    internStrings([snapshot.kb, snapshot.checks]); // one copy of each repeated text (see internStrings)
    seedKnowledgeCache(root, snapshot.checks); // hot reloads parse only what changes
  }
  if (snapshot?.stamp === stamp) {
    return { kb: { ...snapshot.kb, version: 1, loadedAt: Date.now() }, matcher: matcherFromIndex(snapshot.index), fromSnapshot: true, stamp, saveSnapshot: async () => {} };
  }
  const kb = await loadKnowledge(root);
  internStrings(kb);
  return { kb, matcher: buildMatcher(kb), fromSnapshot: false, stamp, saveSnapshot: (stop) => snapshotInWorker(root, dataDir, stop) };
}

/**
 * What the snapshot worker does (src/knowledge/snapshot-worker.ts): stamp the files, parse what
 * changed since the previous snapshot, index, write. A file edited between the stat and its read
 * leaves a stamp that no later start matches, so that start parses again: never a stale snapshot.
 */
export async function compileSnapshot(root: string, dataDir: string): Promise<void> {
  const stamp = stampOf(statKnowledgeFiles(root, [...ENTRY_DIRS, 'lexicon']));
  const previous = await readSnapshot(dataDir);
  if (previous?.stamp === stamp) return;
  if (previous) seedKnowledgeCache(root, previous.checks);
  const kb = await loadKnowledge(root);
  const { entries, list, files, lexicon, communes } = kb;
  await writeSnapshot(dataDir, { stamp, checks: cachedChecks(root), kb: { entries, list, files, lexicon, communes }, index: buildMatcher(kb).index });
}

function snapshotInWorker(root: string, dataDir: string, stop: { onStop?: () => void }): Promise<void> {
  const worker = startWorker(siblingModule(import.meta.url, 'snapshot-worker'), { workerData: { root, dataDir } });
  let stopped = false;
  stop.onStop = () => {
    stopped = true;
    void worker.terminate();
  };
  return new Promise<void>((resolve, reject) => {
    let failure: Error | undefined;
    worker.on('message', (m: { ok: boolean; error?: string }) => {
      if (!m.ok) failure = new Error(`KNOWLEDGE_SNAPSHOT_FAILED: ${m.error ?? 'unknown'}`);
    });
    worker.on('error', (err) => (failure = err));
    worker.on('exit', () => {
      if (stopped) void removeTempFiles(dataDir).then(() => resolve());
      else if (failure) reject(failure);
      else resolve();
    });
  });
}

/** A worker stopped while writing leaves its temp file (src/lib/atomic-write.ts names it .<name>.<pid>.<hex>.tmp). */
async function removeTempFiles(dataDir: string): Promise<void> {
  const dir = path.dirname(path.join(dataDir, SNAPSHOT_FILE));
  const prefix = `.${path.basename(SNAPSHOT_FILE)}.${process.pid}.`;
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) await fs.rm(path.join(dir, name), { force: true });
  }
}
