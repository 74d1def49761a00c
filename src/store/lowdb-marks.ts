import { promises as fs } from 'node:fs';
import { writeFileAtomically } from '../lib/atomic-write.js';
import { readIfExists } from '../lib/read-if-exists.js';
import type { CollectionLogger } from './lowdb-collection.js';

/**
 * Processed message ids of the lowdb backend, as an append-only log (`key expiry` per line).
 * Dedupe marks live for days, so a busy bot holds 100 k of them: rewriting them as one JSON file
 * per accepted message would grow with traffic; appending a line costs the same at any size. The
 * log is compacted (expired marks dropped; temp file + rename) at start and whenever it holds
 * more dead lines than live ones. A line cut short by a crash is skipped on reading.
 */
export class MarkLog {
  private readonly marks = new Map<string, number>();
  private pending: string[] = [];
  private appending: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private linesInFile = 0;
  /** Kept open between appends (an open and a close per group cost more than the write); reopened after a compaction. */
  private handle: fs.FileHandle | null = null;
  private addsSincePrune = 0;

  constructor(readonly file: string, private readonly log: CollectionLogger) {}

  async open(now = Date.now()): Promise<void> {
    const text = (await readIfExists(this.file))?.toString('utf8') ?? '';
    let bad = 0;
    for (const line of text.split('\n')) {
      const m = /^(\S+) (\d+)$/.exec(line);
      if (!m) {
        if (line.trim()) bad += 1;
        continue;
      }
      const [, key = '', until] = m;
      if (Number(until) <= now) continue;
      try {
        this.marks.set(decodeURIComponent(key), Number(until));
      } catch {
        bad += 1; // a torn or hand-edited line: one mark lost, never the start-up
      }
    }
    if (bad) this.log.warn({ file: this.file, skippedLines: bad }, 'STORE_BAD_LINES: skipped unreadable lines of the dedupe log');
    await this.compact();
  }

  /** Expiry of a live mark, or undefined. */
  get(key: string, now: number): number | undefined {
    const exp = this.marks.get(key);
    return exp !== undefined && exp > now ? exp : undefined;
  }

  /** Sets a mark in memory; `commit` makes it durable. */
  set(key: string, expiresAt: number, now: number): void {
    this.marks.set(key, expiresAt);
    this.pending.push(`${encodeURIComponent(key)} ${expiresAt}\n`);
    if (++this.addsSincePrune >= 1000) {
      this.addsSincePrune = 0;
      for (const [k, exp] of this.marks) if (exp <= now) this.marks.delete(k);
    }
  }

  /** Appends every mark set so far; callers arriving together share one append. */
  commit(): Promise<void> {
    if (!this.queued) {
      const write = this.appending.then(async () => {
        this.queued = null;
        const lines = this.pending;
        this.pending = [];
        if (!lines.length) return;
        this.handle ??= await fs.open(this.file, 'a');
        await this.handle.write(lines.join(''));
        this.linesInFile += lines.length;
        if (this.linesInFile > 2 * this.marks.size + 10_000) await this.compact();
      });
      this.queued = write;
      this.appending = write.catch((err) => this.log.error({ file: this.file, err }, 'STORE_WRITE_FAILED'));
    }
    return this.queued;
  }

  async flush(): Promise<void> {
    await this.commit().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.appending;
    await this.handle?.close();
    this.handle = null;
  }

  private async compact(): Promise<void> {
    const now = Date.now();
    const lines: string[] = [];
    for (const [k, exp] of this.marks) {
      if (exp > now) lines.push(`${encodeURIComponent(k)} ${exp}\n`);
      else this.marks.delete(k);
    }
    await this.handle?.close();
    this.handle = null; // the file is replaced: appends go to the new one
    await writeFileAtomically(this.file, lines.join(''));
    this.linesInFile = lines.length;
  }
}
