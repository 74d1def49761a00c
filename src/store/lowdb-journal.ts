import { promises as fs } from 'node:fs';
import { readIfExists } from '../lib/read-if-exists.js';
import { LowCollection, type CollectionLogger } from './lowdb-collection.js';

/** The journal is folded into the snapshot once it is this big (and at every start). */
const COMPACT_BYTES = 4 * 1024 * 1024;

/**
 * A JSON snapshot (`<name>.json`, written atomically) plus an append-only journal
 * (`<name>.journal`, one JSON record a line). A change is applied in memory, `record`ed, and is
 * durable once `commit` resolves: callers arriving together share ONE append and ONE fsync (group
 * commit), and the cost of a change does not grow with the size of the data, unlike rewriting the
 * whole file. At start the journal is replayed over the snapshot (a line cut short by a crash is
 * skipped: its commit never resolved); the owner then folds it into a new snapshot. Records must be
 * idempotent (absolute values, not increments): a crash between writing a snapshot and emptying
 * the journal replays records the snapshot already holds.
 */
export class JournaledFile<T> {
  private readonly snapshot: LowCollection<T>;
  private readonly journal: string;
  private lines: string[] = [];
  private chain: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private bytes = 0;
  private handle: fs.FileHandle | null = null;
  /** Group commits so far (tests read it). */
  writes = 0;

  constructor(file: string, empty: () => T, private readonly apply: (data: T, record: unknown) => void, private readonly log: CollectionLogger) {
    this.snapshot = new LowCollection(file, empty, log);
    this.journal = `${file.replace(/\.json$/, '')}.journal`;
  }

  get data(): T {
    return this.snapshot.data;
  }

  async open(): Promise<void> {
    await this.snapshot.open();
    await replayJournal(this.journal, (record) => this.apply(this.snapshot.data, record), this.log);
  }

  /** Folds the journal into a new snapshot (the owner calls it once after open, having tidied `data`). */
  fold(): Promise<void> {
    const write = this.chain.then(() => this.compact());
    this.chain = write.catch((err) => this.log.error({ file: this.journal, err }, 'STORE_WRITE_FAILED'));
    return write;
  }

  /** Adds a change (already applied to `data`) to the next commit. */
  record(record: unknown): void {
    this.lines.push(`${JSON.stringify(record)}\n`);
  }

  /** Resolves once every change recorded so far is on disk (appended and fsync'ed). */
  commit(): Promise<void> {
    if (!this.queued) {
      const write = this.chain.then(async () => {
        this.queued = null;
        const lines = this.lines;
        this.lines = [];
        if (!lines.length) return;
        this.writes += 1;
        if (this.bytes > COMPACT_BYTES) return this.compact(); // the snapshot holds these changes too
        const text = lines.join('');
        this.handle ??= await fs.open(this.journal, 'a');
        await this.handle.write(text);
        await this.handle.datasync();
        this.bytes += Buffer.byteLength(text);
      });
      this.queued = write;
      this.chain = write.catch((err) => this.log.error({ file: this.journal, err }, 'STORE_WRITE_FAILED'));
    }
    return this.queued;
  }

  async flush(): Promise<void> {
    await this.commit().catch(() => undefined);
    await this.chain;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle?.close();
    this.handle = null;
  }

  /** Writes the whole data as the new snapshot, then empties the journal. */
  private async compact(): Promise<void> {
    this.lines = []; // whatever is recorded so far is in the data the snapshot writes
    await this.snapshot.commit();
    await this.handle?.close();
    this.handle = null;
    await fs.writeFile(this.journal, '');
    this.bytes = 0;
  }
}

/**
 * Applies each JSON line of a journal, oldest first. A line cut short by a crash (its write never
 * acknowledged) is skipped, and the skipped lines are reported in one warning. Resolves whether
 * the journal held anything, so the owner knows a fold into its snapshot is due.
 */
export async function replayJournal(file: string, apply: (record: unknown) => void, log: CollectionLogger): Promise<boolean> {
  const text = (await readIfExists(file))?.toString('utf8') ?? '';
  let bad = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      apply(JSON.parse(line));
    } catch {
      bad += 1;
    }
  }
  if (bad) log.warn({ file, skippedLines: bad }, 'STORE_BAD_LINES: skipped unreadable lines of the journal');
  return text.length > 0;
}
