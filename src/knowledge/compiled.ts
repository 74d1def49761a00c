import { buildMatcher, matcherFromIndex, type IndexedMatcher } from '../nlu/matcher.js';
import { cachedChecks, ENTRY_DIRS, loadKnowledge, seedKnowledgeCache } from './load.js';
import { readSnapshot, stampOf, statKnowledgeFiles, writeSnapshot } from './snapshot.js';
import type { KnowledgeBase } from './types.js';

export interface CompiledKnowledge {
  kb: KnowledgeBase;
  matcher: IndexedMatcher;
  /** True when the snapshot in DATA_DIR matched the files: nothing was parsed or indexed. */
  fromSnapshot: boolean;
  /** Stamp of the files it was made from (src/knowledge/snapshot.ts). */
  stamp: string;
  /** Writes the snapshot for the next start (nothing to do when it came from one). */
  saveSnapshot(): Promise<void>;
}

/**
 * The knowledge base and its matcher, from the snapshot in DATA_DIR when it matches the files
 * (a restart with unchanged knowledge), else parsed: only the files whose mtime or size changed
 * since the snapshot are read again. Throws KnowledgeLoadError when the files are invalid.
 */
export async function loadCompiledKnowledge(root: string, dataDir: string): Promise<CompiledKnowledge> {
  const stamp = stampOf(statKnowledgeFiles(root, [...ENTRY_DIRS, 'lexicon']));
  const snapshot = await readSnapshot(dataDir);
  if (snapshot) seedKnowledgeCache(root, snapshot.checks); // hot reloads parse only what changes
  if (snapshot?.stamp === stamp) {
    return { kb: { ...snapshot.kb, version: 1, loadedAt: Date.now() }, matcher: matcherFromIndex(snapshot.index), fromSnapshot: true, stamp, saveSnapshot: async () => {} };
  }
  const kb = await loadKnowledge(root);
  const matcher = buildMatcher(kb);
  const { entries, list, files, lexicon, communes } = kb;
  // a file edited between the stat above and its read leaves a stamp that no later start matches: parsed again then
  return { kb, matcher, fromSnapshot: false, stamp, saveSnapshot: () => writeSnapshot(dataDir, { stamp, checks: cachedChecks(root), kb: { entries, list, files, lexicon, communes }, index: matcher.index }) };
}
