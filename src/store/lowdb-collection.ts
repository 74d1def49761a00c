import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { DataFile, TextFile } from 'lowdb/node';

export interface CollectionLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * One lowdb file holding one collection. Writes are coalesced: many changes within
 * `flushDelayMs` become one atomic write (lowdb's steno writes a temp file, then renames).
 * Keeping collections in separate files means a busy one never rewrites the others.
 */
export class LowCollection<T> {
  private db: Low<T>;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  /** A write that is queued but has not started: later callers join it. */
  private queued: Promise<void> | null = null;
  /** Number of file writes so far (the coalescing test reads it). */
  writes = 0;
  private lastWriteMs = 0;

  constructor(
    readonly file: string,
    private readonly empty: () => T,
    private readonly log: CollectionLogger,
    private readonly flushDelayMs = 25,
    /**
     * For a big map or list where each entry stands alone (sessions, events): serialise it a few thousand entries
     * at a time, letting requests run in between, instead of blocking for the whole file (~150 ms
     * at 100 k sessions). An entry changed meanwhile is caught by the next write. Never for files
     * whose parts must change together (the mailbox).
     */
    private readonly chunked = false,
  ) {
    // Compact JSON: files with 100 k sessions are rewritten often, and indentation costs ~30 %.
    this.db = new Low<T>(new DataFile<T>(file, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) }), empty());
  }

  get data(): T {
    return this.db.data;
  }

  /** Reads the file; a corrupt file is moved aside (kept) and the collection starts empty. */
  async open(): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    try {
      await this.db.read();
      if (this.db.data === null) this.db.data = this.empty();
      const data: unknown = this.db.data;
      // valid JSON of the wrong shape ({} where a list belongs, a number…) is as damaged as bad JSON
      if (typeof data !== 'object' || Array.isArray(data) !== Array.isArray(this.empty())) {
        throw new Error(`expected ${Array.isArray(this.empty()) ? 'a list' : 'an object'}, found ${Array.isArray(data) ? 'a list' : typeof data}`);
      }
    } catch (err) {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      await fs.rename(this.file, aside);
      this.log.error({ file: this.file, movedTo: aside, err }, 'STORE_CORRUPT: store file is corrupt; moved aside, starting empty');
      this.db.data = this.empty();
    }
  }

  /** Schedules a coalesced write (within `flushDelayMs`): for data a crash may lose the last moments of. */
  touch(): void {
    if (this.timer || this.queued) return;
    // A big file (100 k sessions) takes long to write: wait at least 3× as long as the last
    // write took, so rewriting never eats more than a quarter of the time.
    this.timer = setTimeout(() => {
      this.timer = null;
      this.commit().catch(() => undefined);
    }, Math.max(this.flushDelayMs, this.lastWriteMs * 3));
  }

  /**
   * Writes now and resolves once the data as of this call is on disk (renamed into place).
   * Callers arriving while a write is queued share it (group commit), so a burst of N durable
   * changes costs a handful of writes, not N.
   */
  commit(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.queued) {
      const write = this.flushing.then(() => {
        this.queued = null;
        this.writes += 1;
        const started = performance.now();
        return this.writeOnce().finally(() => (this.lastWriteMs = performance.now() - started));
      });
      this.queued = write;
      this.flushing = write.catch((err) => {
        this.log.error({ file: this.file, err }, 'STORE_WRITE_FAILED');
      });
    }
    return this.queued;
  }

  private async writeOnce(): Promise<void> {
    if (!this.chunked) return this.db.write();
    const text = await stringifyInChunks(this.db.data as Record<string, unknown> | unknown[]);
    await (this.textFile ??= new TextFile(this.file)).write(text);
  }

  private textFile: TextFile | undefined;

  /** Writes anything pending and waits for it. */
  async flush(): Promise<void> {
    if (this.timer) await this.commit().catch(() => undefined);
    await this.flushing;
  }
}

/**
 * JSON of a flat map or a list, built in slices with a turn of the event loop between them. A list
 * is copied first (references only), so entries pruned from its front meanwhile shift nothing.
 */
async function stringifyInChunks(data: Record<string, unknown> | unknown[], slice = 2000): Promise<string> {
  const list = Array.isArray(data) ? data.slice() : null;
  const keys = list ? [] : Object.keys(data);
  const n = list ? list.length : keys.length;
  const parts: string[] = [];
  for (let i = 0; i < n; i += slice) {
    if (i > 0) await new Promise((r) => setImmediate(r));
    for (let j = i; j < Math.min(i + slice, n); j++) {
      if (list) parts.push(JSON.stringify(list[j]) ?? 'null');
      else {
        const key = keys[j] ?? '';
        const value = (data as Record<string, unknown>)[key];
        if (value !== undefined) parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
      }
    }
  }
  return list ? `[${parts.join(',')}]` : `{${parts.join(',')}}`;
}
