import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../domain/logger.js';
import type { Matcher } from '../nlu/matcher.js';
import { loadCompiledKnowledge } from './compiled.js';
import { loadKnowledge } from './load.js';
import { KnowledgeLoadError } from './problems.js';
import type { KnowledgeBase } from './types.js';

/** What start-up refused from the knowledge folder, shown by /readyz while the last good copy serves. */
export interface RejectedKnowledge {
  at: string;
  problems: string[];
}

const LAST_GOOD = 'knowledge-last-good';
/** Stamp of the knowledge files the last good copy was made from: an unchanged folder is not copied again. */
const LAST_GOOD_STAMP = 'knowledge-last-good.stamp';
/** The copy and the snapshot are written this long after the app is ready (saveLater), so start-up never waits on them. */
const SAVE_AFTER_MS = 1000;

/** The app closed while the copy was being written: the half copy is removed, the previous copy stays. */
class SaveStopped extends Error {}

/**
 * Loads the knowledge folder (from the compiled snapshot in DATA_DIR when the files did not
 * change: src/knowledge/compiled.ts); when it is valid, keeps a copy of it in DATA_DIR, in the
 * background and only when the files changed since the copy. When it is not valid, starts on that
 * last good copy instead of refusing to start, and says what was rejected. With no good copy yet,
 * start-up fails with KNOWLEDGE_INVALID as before.
 */
export async function loadKnowledgeOrLastGood(
  knowledgeDir: string,
  dataDir: string,
  log: Logger,
): Promise<{ kb: KnowledgeBase; matcher?: Matcher; fromSnapshot: boolean; rejected: RejectedKnowledge | null; saved: Promise<void>; saveLater: () => void; stopSaving: () => Promise<void> }> {
  const copy = path.join(dataDir, LAST_GOOD);
  try {
    const compiled = await loadCompiledKnowledge(knowledgeDir, dataDir);
    const stop: { now: boolean; onStop?: () => void } = { now: false };
    let timer: NodeJS.Timeout | undefined;
    let wake = () => {};
    const saved = new Promise<void>((resolve) => (wake = resolve))
      .then(async () => {
        if (stop.now) return;
        await compiled.saveSnapshot(stop).catch((err: unknown) => log.warn({ err }, 'KNOWLEDGE_SNAPSHOT_NOT_SAVED'));
        if (stop.now) return;
        const stampFile = path.join(dataDir, LAST_GOOD_STAMP);
        if (existsSync(copy) && (await fs.readFile(stampFile, 'utf8').catch(() => '')) === compiled.stamp) return;
        await saveLastGood(knowledgeDir, copy, stop);
        await fs.writeFile(stampFile, compiled.stamp, { mode: 0o600 });
      })
      .catch((err: unknown) => {
        if (!(err instanceof SaveStopped)) log.warn({ err }, 'KNOWLEDGE_LAST_GOOD_NOT_SAVED');
      });
    const stopSaving = async () => {
      stop.now = true;
      stop.onStop?.(); // ends the snapshot worker
      clearTimeout(timer);
      wake(); // a close before the delay: nothing is written
      await saved;
    };
    const saveLater = () => {
      if (!stop.now && !timer) timer = setTimeout(wake, SAVE_AFTER_MS);
    };
    return { kb: compiled.kb, matcher: compiled.matcher, fromSnapshot: compiled.fromSnapshot, rejected: null, saved, saveLater, stopSaving };
  } catch (err) {
    if (!(err instanceof KnowledgeLoadError) || !existsSync(copy)) throw err;
    const problems = err.problems.filter((p) => p.severity === 'error').map((p) => `${p.file}: ${p.message}`);
    log.error({ knowledgeDir, lastGood: copy, problems: problems.slice(0, 20) }, 'KNOWLEDGE_INVALID: starting on the last good knowledge; fix the files named here');
    return { kb: await loadKnowledge(copy), fromSnapshot: false, rejected: { at: new Date().toISOString(), problems }, saved: Promise.resolve(), saveLater: () => {}, stopSaving: async () => {} };
  }
}

/** Copies the folder next to the old copy, then swaps them with renames: a crash leaves one whole copy. */
async function saveLastGood(from: string, to: string, stop: { now: boolean }): Promise<void> {
  const next = `${to}.next`;
  const old = `${to}.old`;
  await fs.rm(next, { recursive: true, force: true });
  try {
    await copyPrivately(from, next, stop);
  } catch (err) {
    await fs.rm(next, { recursive: true, force: true });
    throw err;
  }
  await fs.rm(old, { recursive: true, force: true });
  if (existsSync(to)) await fs.rename(to, old);
  await fs.rename(next, to);
  await fs.rm(old, { recursive: true, force: true });
}

/**
 * Copies a folder (dot files left out) with owner-only modes from the first byte: DATA_DIR is
 * private (src/lib/private-files.ts), and fs.cp would keep the knowledge files' own 0644.
 */
async function copyPrivately(from: string, to: string, stop: { now: boolean }): Promise<void> {
  await fs.mkdir(to, { recursive: true, mode: 0o700 });
  for (const item of await fs.readdir(from, { withFileTypes: true })) {
    if (stop.now) throw new SaveStopped();
    if (item.name.startsWith('.')) continue;
    const src = path.join(from, item.name);
    const dst = path.join(to, item.name);
    if (item.isDirectory()) await copyPrivately(src, dst, stop);
    else if (item.isFile()) await fs.writeFile(dst, await fs.readFile(src), { mode: 0o600 });
  }
}
