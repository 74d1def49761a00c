import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '../domain/logger.js';
import type { KnowledgeHolder } from './holder.js';
import { checkKnowledge } from './load.js';
import { formatProblem } from './problems.js';

/** What an admin page or /readyz can show about hot reload. */
export interface KnowledgeReloadStatus {
  /** null after a good reload (or none yet); otherwise the problems of the last failed one. */
  lastError(): { at: string; problems: string[] } | null;
  /** How the folder is watched: fs.watch events, or mtime polling where those are unavailable. */
  mode: 'watch' | 'poll';
}

export interface KnowledgeReloader extends KnowledgeReloadStatus {
  /** Reloads now (after pending edits settle); resolves true when a new knowledge base is serving. */
  reloadNow(): Promise<boolean>;
  stop(): Promise<void>;
}

export interface ReloadOptions {
  root: string;
  holder: KnowledgeHolder;
  log: Logger;
  /** Quiet time after the last change before reloading (editors write in bursts). */
  debounceMs?: number;
  /** Poll interval when fs.watch cannot watch recursively. */
  pollMs?: number;
}

/**
 * Watches the knowledge folder and swaps in a freshly validated knowledge base after each burst
 * of edits. A broken edit is logged with file:line and the last good knowledge keeps serving;
 * in-flight turns keep the snapshot they started with because the holder swaps one value.
 */
export function watchKnowledge(opts: ReloadOptions): KnowledgeReloader {
  const debounceMs = opts.debounceMs ?? 250;
  let lastError: { at: string; problems: string[] } | null = null;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<boolean> | undefined;
  let again = false;
  let stopped = false;

  const reload = async (): Promise<boolean> => {
    const report = await checkKnowledge(opts.root, { version: opts.holder.current().kb.version + 1 });
    if (!report.kb) {
      const problems = report.problems.filter((p) => p.severity === 'error').map(formatProblem);
      lastError = { at: new Date().toISOString(), problems };
      opts.log.warn({ problems: problems.slice(0, 20) }, `knowledge reload rejected, still serving version ${opts.holder.current().kb.version}: ${problems[0] ?? ''}`);
      return false;
    }
    if (stopped) return false;
    await opts.holder.swap(report.kb);
    lastError = null;
    opts.log.info({ version: report.kb.version, entries: report.kb.list.length }, 'knowledge reloaded');
    return true;
  };

  const run = (): Promise<boolean> => {
    if (running) {
      again = true;
      return running;
    }
    running = reload()
      .catch((err: unknown) => {
        lastError = { at: new Date().toISOString(), problems: [`reload failed: ${(err as Error).message}`] };
        opts.log.error({ err }, 'knowledge reload failed');
        return false;
      })
      .finally(() => {
        running = undefined;
        if (again && !stopped) {
          again = false;
          void run();
        }
      });
    return running;
  };

  const schedule = (file?: string | null) => {
    if (stopped || (file && /(^|[\\/])\.|\.tmp$|~$|\.swp$/.test(file))) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), debounceMs);
  };

  const source = startWatching(opts.root, schedule, opts.pollMs ?? 1000);
  return {
    mode: source.mode,
    lastError: () => lastError,
    async reloadNow() {
      clearTimeout(timer);
      if (running) await running;
      return run();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      source.close();
      if (running) await running;
    },
  };
}

function startWatching(root: string, onChange: (file?: string | null) => void, pollMs: number): { mode: 'watch' | 'poll'; close(): void } {
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(root, { recursive: true, persistent: false }, (_event, file) => onChange(file?.toString()));
    watcher.on('error', () => undefined);
    return { mode: 'watch', close: () => watcher?.close() };
  } catch {
    return startPolling(root, onChange, pollMs);
  }
}

/** Fallback: a cheap fingerprint (count, newest mtime, total size) of the YAML files, every pollMs. */
function startPolling(root: string, onChange: () => void, pollMs: number): { mode: 'poll'; close(): void } {
  let last = '';
  const tick = async () => {
    const { promises: fs } = await import('node:fs');
    const path = await import('node:path');
    const names = ((await fs.readdir(root, { recursive: true }).catch(() => [])) as string[]).filter((n) => /\.ya?ml$/.test(n));
    let newest = 0;
    let size = 0;
    for (const n of names) {
      const st = await fs.stat(path.join(root, n)).catch(() => undefined);
      if (st) (newest = Math.max(newest, st.mtimeMs)), (size += st.size);
    }
    const print = `${names.length}:${newest}:${size}`;
    if (last && print !== last) onChange();
    last = print;
  };
  void tick();
  const interval = setInterval(() => void tick(), pollMs);
  interval.unref();
  return { mode: 'poll', close: () => clearInterval(interval) };
}
