import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
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
  try {
    return { mode: 'watch', ...watchFolders(root, onChange) };
  } catch {
    return startPolling(root, onChange, pollMs);
  }
}

/**
 * One plain fs.watch per folder of the tree. Not `recursive: true`: on Linux, Node's recursive
 * watcher watches each file's inode, so a file replaced by a rename (an editor's atomic save,
 * rsync, git checkout) was never reported, nor any edit to it afterwards. A folder's own watch
 * reports every name written or renamed into it. Folders that appear later are watched too.
 */
function watchFolders(root: string, onChange: (file?: string | null) => void): { close(): void } {
  const watchers = new Map<string, FSWatcher>();
  const watchFolder = (dir: string) => {
    watchers.get(dir)?.close(); // a folder removed and made again needs a new watch
    const watcher = watch(dir, { persistent: false }, (_event, name) => {
      if (!name) return onChange(null);
      const full = path.join(dir, name.toString());
      if (isFolder(full)) watchTree(full);
      onChange(path.relative(root, full));
    });
    watcher.on('error', () => {
      watcher.close();
      if (watchers.get(dir) === watcher) watchers.delete(dir);
    });
    watchers.set(dir, watcher);
  };
  const watchTree = (dir: string) => {
    try {
      watchFolder(dir);
      for (const d of readdirSync(dir, { withFileTypes: true })) {
        if (d.isDirectory() && !d.name.startsWith('.')) watchTree(path.join(dir, d.name));
      }
    } catch (err) {
      if (dir === root) throw err; // no watch at all: the caller polls instead
    }
  };
  watchTree(root);
  return {
    close: () => {
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** Fallback: a cheap fingerprint (count, newest mtime, total size) of the YAML files, every pollMs. */
function startPolling(root: string, onChange: () => void, pollMs: number): { mode: 'poll'; close(): void } {
  let last = '';
  const tick = async () => {
    const { promises: fs } = await import('node:fs');
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
