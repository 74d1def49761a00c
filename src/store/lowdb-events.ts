import { promises as fs } from 'node:fs';
import { LowCollection, type CollectionLogger } from './lowdb-collection.js';
import { replayJournal } from './lowdb-journal.js';

/** New records are appended in batches this often (a crash may lose the last moments, as before). */
const APPEND_DELAY_MS = 1000;
/** The journal is folded into the snapshot once it is bigger than this and than the snapshot. */
const COMPACT_MIN_BYTES = 8 * 1024 * 1024;

/**
 * A bounded list of records (the lowdb events): a JSON list snapshot (`<name>.json`, written in
 * slices, temp file + rename) plus an append-only journal (`<name>.journal`, one record a line).
 * Rewriting the whole list after every batch made a string and a buffer as big as the file each
 * second (tens of MB at 100 k events) that the process kept as resident memory; appending costs
 * the size of the batch. The journal is folded into the snapshot at start, at close, and once it
 * is bigger than the snapshot. A line cut short by a crash is skipped; a crash between writing a
 * snapshot and emptying the journal may count the journal's records twice (never loses them).
 */
export class AppendLog<T> {
  private readonly snapshot: LowCollection<T[]>;
  private readonly journal: string;
  private lines: string[] = [];
  private bytes = 0;
  private snapshotBytes = 0;
  private handle: fs.FileHandle | null = null;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(file: string, private readonly max: number, private readonly slack: number, private readonly log: CollectionLogger) {
    this.snapshot = new LowCollection<T[]>(file, () => [], log, 25, true);
    this.journal = `${file.replace(/\.json$/, '')}.journal`;
  }

  /** The records, oldest first (read only: add with `push`). */
  get data(): readonly T[] {
    return this.snapshot.data;
  }

  async open(): Promise<void> {
    await this.snapshot.open();
    this.snapshotBytes = await fs.stat(this.snapshot.file).then((st) => st.size, () => 0);
    const hadJournal = await replayJournal(this.journal, (record) => this.snapshot.data.push(record as T), this.log);
    this.prune();
    if (hadJournal) await this.compact();
  }

  push(record: T): void {
    this.snapshot.data.push(record);
    this.lines.push(`${JSON.stringify(record)}\n`);
    this.prune();
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.append().catch(() => undefined);
    }, APPEND_DELAY_MS);
  }

  private prune(): void {
    const list = this.snapshot.data;
    if (list.length > this.max + this.slack) list.splice(0, list.length - this.max);
  }

  /** Appends what was pushed so far (one write); folds the journal when it has grown big. */
  append(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const write = this.chain.then(async () => {
      if (!this.lines.length) return;
      const text = this.lines.join('');
      this.lines = [];
      this.handle ??= await fs.open(this.journal, 'a', 0o600);
      await this.handle.write(text);
      this.bytes += Buffer.byteLength(text);
      if (this.bytes > Math.max(COMPACT_MIN_BYTES, this.snapshotBytes)) await this.compact();
    });
    this.chain = write.catch((err) => this.log.error({ file: this.journal, err }, 'STORE_WRITE_FAILED'));
    return write;
  }

  /** Writes the whole list as the new snapshot, then empties the journal. */
  private async compact(): Promise<void> {
    this.lines = []; // whatever was pushed so far is in the list the snapshot writes
    await this.snapshot.commit();
    this.snapshotBytes = (await fs.stat(this.snapshot.file)).size;
    await this.handle?.close();
    this.handle = null;
    await fs.writeFile(this.journal, '', { mode: 0o600 });
    this.bytes = 0;
  }

  async flush(): Promise<void> {
    await this.append().catch(() => undefined);
    await this.chain;
  }

  /** Appends what is pending, folds the journal into the snapshot, closes the file. */
  async close(): Promise<void> {
    await this.flush();
    const write = this.chain.then(() => (this.bytes ? this.compact() : undefined));
    this.chain = write.catch((err) => this.log.error({ file: this.journal, err }, 'STORE_WRITE_FAILED'));
    await this.chain;
    await this.handle?.close();
    this.handle = null;
  }
}
