import { promises as fs } from 'node:fs';
import type { Session } from '../domain/session.js';
import { writeFileAtomically } from '../lib/atomic-write.js';
import { readIfExists } from '../lib/read-if-exists.js';
import type { CollectionLogger } from './lowdb-collection.js';

/** Sessions kept parsed in memory (most recently used); the rest stay on disk until asked for. */
export const SESSION_CACHE = 5_000;
/** Changes are appended in batches this often (like the other lowdb files: a crash may lose the last moments). */
const APPEND_DELAY_MS = 25;
/** The journal is folded into the snapshot once it is bigger than this and than the snapshot. */
const COMPACT_MIN_BYTES = 16 * 1024 * 1024;

/** Where the newest copy of a session is: the snapshot (0) or the journal (1), byte range. */
interface Where { file: 0 | 1; offset: number; length: number; updatedAt: number }

/**
 * The lowdb sessions, bounded in memory: a snapshot `sessions.json` (a JSON object, one session
 * per line, so it is both valid JSON and indexable by byte offset) plus an append-only
 * `sessions.journal` (one `{"k","s"}` or `{"k","d"}` line per change). Memory holds an index
 * (key → file, offset, length, updatedAt) and the SESSION_CACHE most recently used sessions; any
 * other session is read from disk (one positioned read) when its user writes again. A change is
 * appended within APPEND_DELAY_MS; a line cut short by a crash is skipped at start. The journal is
 * folded into a new snapshot (temp file + rename) at start, at close, and when it grows big.
 * A snapshot in any other JSON shape (an older version's single-line file) is read whole once.
 */
export class SessionLog {
  private readonly index = new Map<string, Where>();
  private readonly cache = new Map<string, Session>();
  /** Changed and not appended yet (a deleted session is null). */
  private dirty = new Map<string, Session | null>();
  private readonly journal: string;
  private snapFh: fs.FileHandle | null = null;
  private journalFh: fs.FileHandle | null = null;
  private journalBytes = 0;
  private snapshotBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(readonly file: string, private readonly log: CollectionLogger) {
    this.journal = `${file.replace(/\.json$/, '')}.journal`;
  }

  async open(): Promise<void> {
    const snap = await readIfExists(this.file);
    const loose = new Map<string, Session>(); // sessions read whole (older single-line snapshot)
    if (snap && snap.length && !this.indexSnapshot(snap)) {
      try {
        const data: unknown = JSON.parse(snap.toString('utf8'));
        if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error(`expected an object, found ${Array.isArray(data) ? 'a list' : typeof data}`);
        for (const [k, s] of Object.entries(data as Record<string, Session>)) loose.set(k, s);
      } catch (err) {
        const aside = `${this.file}.corrupt-${Date.now()}`;
        await fs.rename(this.file, aside);
        this.log.error({ file: this.file, movedTo: aside, err }, 'STORE_CORRUPT: store file is corrupt; moved aside, starting empty');
      }
      this.index.clear();
    }
    const journal = await readIfExists(this.journal);
    let bad = 0;
    if (journal) {
      let start = 0;
      while (start < journal.length) {
        let end = journal.indexOf(10, start);
        if (end < 0) end = journal.length;
        if (end > start) {
          try {
            const rec = JSON.parse(journal.subarray(start, end).toString('utf8')) as { k: string; s?: Session; d?: 1 };
            loose.delete(rec.k);
            if (rec.d) this.index.delete(rec.k);
            else this.index.set(rec.k, { file: 1, offset: start, length: end - start, updatedAt: rec.s?.updatedAt ?? 0 });
          } catch {
            bad += 1; // torn by a crash
          }
        }
        start = end + 1;
      }
    }
    if (bad) this.log.warn({ file: this.journal, skippedLines: bad }, 'STORE_BAD_LINES: skipped unreadable lines of the sessions journal');
    for (const [k, s] of loose) this.dirty.set(k, s);
    this.journalBytes = journal?.length ?? 0;
    if ([...this.index.values()].some((w) => w.file === 0)) this.snapFh = await fs.open(this.file, 'r');
    if (journal) this.journalFh = await fs.open(this.journal, 'a+', 0o600);
    await this.compact();
  }

  /** Indexes a snapshot written by this class (one entry a line); false for any other shape. */
  private indexSnapshot(buf: Buffer): boolean {
    if (buf[0] !== 123 || buf[1] !== 10) return false; // "{\n"
    let start = 2;
    while (start < buf.length) {
      let end = buf.indexOf(10, start);
      if (end < 0) end = buf.length;
      let stop = end;
      if (buf[stop - 1] === 44) stop -= 1; // the comma between entries
      if (stop > start) {
        if (buf[start] === 125 && stop === start + 1) return true; // the closing "}"
        try {
          const entry = JSON.parse(`{${buf.subarray(start, stop).toString('utf8')}}`) as Record<string, Session>;
          const [k, s] = Object.entries(entry)[0]!;
          this.index.set(k, { file: 0, offset: start, length: stop - start, updatedAt: s.updatedAt ?? 0 });
        } catch {
          return false;
        }
      }
      start = end + 1;
    }
    return false; // no closing brace: not a whole file
  }

  async get(key: string): Promise<Session | undefined> {
    if (this.dirty.has(key)) {
      const s = this.dirty.get(key);
      return s ? structuredClone(s) : undefined;
    }
    const hot = this.cache.get(key);
    if (hot) {
      this.cache.delete(key); // most recently used last
      this.cache.set(key, hot);
      return structuredClone(hot);
    }
    if (!this.index.has(key)) return undefined;
    await this.chain; // an append or a compaction may move the record: read after it
    if (this.dirty.has(key) || this.cache.has(key)) return this.get(key);
    const where = this.index.get(key);
    if (!where) return undefined;
    const s = await this.read(where);
    if (this.index.get(key) === where && !this.dirty.has(key)) this.remember(key, s);
    return structuredClone(s);
  }

  private async read(where: Where): Promise<Session> {
    const fh = where.file === 0 ? this.snapFh : this.journalFh;
    const buf = Buffer.alloc(where.length);
    await fh!.read(buf, 0, where.length, where.offset);
    const text = buf.toString('utf8');
    return where.file === 0 ? (Object.values(JSON.parse(`{${text}}`))[0] as Session) : (JSON.parse(text) as { s: Session }).s;
  }

  private remember(key: string, s: Session): void {
    this.cache.delete(key);
    this.cache.set(key, s);
    if (this.cache.size > SESSION_CACHE) this.cache.delete(this.cache.keys().next().value!);
  }

  save(session: Session): void {
    const s = structuredClone(session);
    this.dirty.set(session.key, s);
    this.remember(session.key, s);
    this.schedule();
  }

  delete(key: string): void {
    this.dirty.set(key, null);
    this.cache.delete(key);
    this.schedule();
  }

  /** Keys of sessions not updated since `before`. */
  staleKeys(before: number): string[] {
    const out: string[] = [];
    for (const [k, w] of this.index) if (w.updatedAt < before && !this.dirty.has(k)) out.push(k);
    for (const [k, s] of this.dirty) if (s && s.updatedAt < before) out.push(k);
    return out;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.append().catch(() => undefined);
    }, APPEND_DELAY_MS);
  }

  /** Appends every change so far (one write); folds the journal when it has grown big. */
  append(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const write = this.chain.then(async () => {
      if (!this.dirty.size) return;
      const batch = this.dirty;
      this.dirty = new Map();
      const parts: Buffer[] = [];
      const placed: [string, Where | null][] = [];
      let offset = this.journalBytes;
      for (const [k, s] of batch) {
        const line = Buffer.from(JSON.stringify(s ? { k, s } : { k, d: 1 }));
        parts.push(line, NEWLINE);
        placed.push([k, s ? { file: 1, offset, length: line.length, updatedAt: s.updatedAt ?? 0 } : null]);
        offset += line.length + 1;
      }
      try {
        this.journalFh ??= await fs.open(this.journal, 'a+', 0o600);
        await this.journalFh.write(Buffer.concat(parts), 0, offset - this.journalBytes, this.journalBytes);
      } catch (err) {
        for (const [k, s] of batch) if (!this.dirty.has(k)) this.dirty.set(k, s); // kept for the next try
        throw err;
      }
      this.journalBytes = offset;
      for (const [k, w] of placed) {
        if (w) this.index.set(k, w);
        else this.index.delete(k);
      }
      if (this.journalBytes > Math.max(COMPACT_MIN_BYTES, this.snapshotBytes)) await this.compactNow();
    });
    this.chain = write.catch((err) => this.log.error({ file: this.journal, err }, 'STORE_WRITE_FAILED'));
    return write;
  }

  /** Writes a new snapshot holding every session, then empties the journal. */
  compact(): Promise<void> {
    const write = this.chain.then(() => this.compactNow());
    this.chain = write.catch((err) => this.log.error({ file: this.file, err }, 'STORE_WRITE_FAILED'));
    return write;
  }

  private async compactNow(): Promise<void> {
    const pending = this.dirty; // changes from now on go to the next journal
    this.dirty = new Map();
    // the newest copy of each session: from the files (bytes copied, not parsed) or, if changed since, from memory
    const snap = this.snapFh ? await readAll(this.snapFh) : null;
    const journal = this.journalFh ? await readAll(this.journalFh, this.journalBytes) : null;
    const lines: Buffer[] = [Buffer.from('{\n')];
    const next = new Map<string, Where>();
    let offset = 2;
    let first = true;
    const push = (key: string, entry: Buffer, updatedAt: number) => {
      if (!first) {
        lines.push(COMMA_NEWLINE);
        offset += 2;
      }
      first = false;
      lines.push(entry);
      next.set(key, { file: 0, offset, length: entry.length, updatedAt });
      offset += entry.length;
    };
    let n = 0;
    for (const [k, w] of this.index) {
      if (pending.has(k)) continue;
      const src = w.file === 0 ? snap : journal;
      if (!src) continue;
      const raw = src.subarray(w.offset, w.offset + w.length);
      if (w.file === 0) push(k, Buffer.from(raw), w.updatedAt);
      else {
        const { s } = JSON.parse(raw.toString('utf8')) as { s: Session };
        push(k, Buffer.from(`${JSON.stringify(k)}:${JSON.stringify(s)}`), w.updatedAt);
      }
      if (++n % 2000 === 0) await new Promise((r) => setImmediate(r)); // requests run in between
    }
    for (const [k, s] of pending) if (s) push(k, Buffer.from(`${JSON.stringify(k)}:${JSON.stringify(s)}`), s.updatedAt ?? 0);
    lines.push(Buffer.from('\n}\n'));
    try {
      await writeFileAtomically(this.file, Buffer.concat(lines), { mode: 0o600 });
    } catch (err) {
      for (const [k, s] of pending) if (!this.dirty.has(k)) this.dirty.set(k, s); // kept for the next try
      throw err;
    }
    await this.snapFh?.close();
    this.snapFh = await fs.open(this.file, 'r');
    this.snapshotBytes = offset;
    this.index.clear();
    for (const [k, w] of next) this.index.set(k, w);
    await this.journalFh?.close();
    this.journalFh = null;
    await fs.writeFile(this.journal, '', { mode: 0o600 });
    this.journalBytes = 0;
  }

  async flush(): Promise<void> {
    await this.append().catch(() => undefined);
    await this.chain;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.compact().catch(() => undefined);
    await this.snapFh?.close();
    await this.journalFh?.close();
    this.snapFh = null;
    this.journalFh = null;
  }
}

const NEWLINE = Buffer.from('\n');
const COMMA_NEWLINE = Buffer.from(',\n');

async function readAll(fh: fs.FileHandle, length?: number): Promise<Buffer> {
  const size = length ?? (await fh.stat()).size;
  const buf = Buffer.alloc(size);
  let done = 0;
  while (done < size) {
    const { bytesRead } = await fh.read(buf, done, size - done, done);
    if (!bytesRead) break;
    done += bytesRead;
  }
  return buf;
}
