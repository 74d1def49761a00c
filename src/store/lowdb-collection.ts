import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';

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

  constructor(
    readonly file: string,
    private readonly empty: () => T,
    private readonly log: CollectionLogger,
    private readonly flushDelayMs = 25,
  ) {
    this.db = new Low<T>(new JSONFile<T>(file), empty());
  }

  get data(): T {
    return this.db.data;
  }

  /** Reads the file; a corrupt file is moved aside (kept) and the collection starts empty. */
  async open(): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    try {
      await this.db.read();
      if (this.db.data === null || typeof this.db.data !== 'object') this.db.data = this.empty();
    } catch (err) {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      await fs.rename(this.file, aside);
      this.log.error({ file: this.file, movedTo: aside, err: String(err) }, 'STORE_CORRUPT: store file is corrupt; moved aside, starting empty');
      this.db.data = this.empty();
    }
  }

  /** Schedules a coalesced write. */
  touch(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flushing = this.flushing.then(() => this.db.write()).catch((err) => {
        this.log.error({ file: this.file, err: String(err) }, 'STORE_WRITE_FAILED');
      });
    }, this.flushDelayMs);
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.flushing = this.flushing.then(() => this.db.write());
    }
    await this.flushing;
  }
}
