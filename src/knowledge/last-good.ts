import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../domain/logger.js';
import { loadKnowledge } from './load.js';
import { KnowledgeLoadError } from './problems.js';
import type { KnowledgeBase } from './types.js';

/** What start-up refused from the knowledge folder, shown by /readyz while the last good copy serves. */
export interface RejectedKnowledge {
  at: string;
  problems: string[];
}

const LAST_GOOD = 'knowledge-last-good';

/**
 * Loads the knowledge folder; when it is valid, keeps a copy of it in DATA_DIR (in the background).
 * When it is not, starts on that last good copy instead of refusing to start, and says what was
 * rejected. With no good copy yet, start-up fails with KNOWLEDGE_INVALID as before.
 */
export async function loadKnowledgeOrLastGood(knowledgeDir: string, dataDir: string, log: Logger): Promise<{ kb: KnowledgeBase; rejected: RejectedKnowledge | null; saved: Promise<void> }> {
  const copy = path.join(dataDir, LAST_GOOD);
  try {
    const kb = await loadKnowledge(knowledgeDir);
    const saved = saveLastGood(knowledgeDir, copy).catch((err: unknown) => log.warn({ err }, 'KNOWLEDGE_LAST_GOOD_NOT_SAVED'));
    return { kb, rejected: null, saved };
  } catch (err) {
    if (!(err instanceof KnowledgeLoadError) || !existsSync(copy)) throw err;
    const problems = err.problems.filter((p) => p.severity === 'error').map((p) => `${p.file}: ${p.message}`);
    log.error({ knowledgeDir, lastGood: copy, problems: problems.slice(0, 20) }, 'KNOWLEDGE_INVALID: starting on the last good knowledge; fix the files named here');
    return { kb: await loadKnowledge(copy), rejected: { at: new Date().toISOString(), problems }, saved: Promise.resolve() };
  }
}

/** Copies the folder next to the old copy, then swaps them with renames: a crash leaves one whole copy. */
async function saveLastGood(from: string, to: string): Promise<void> {
  const next = `${to}.next`;
  const old = `${to}.old`;
  await fs.rm(next, { recursive: true, force: true });
  await fs.cp(from, next, { recursive: true, filter: (src) => !path.basename(src).startsWith('.') });
  await fs.rm(old, { recursive: true, force: true });
  if (existsSync(to)) await fs.rename(to, old);
  await fs.rename(next, to);
  await fs.rm(old, { recursive: true, force: true });
}
