import { promises as fs } from 'node:fs';
import type { Session } from '../domain/session.js';
import { produceFileAtomically } from '../lib/atomic-write.js';
import { readIfExists } from '../lib/read-if-exists.js';
import type { CollectionLogger } from './lowdb-collection.js';
import { SessionIndex, type Where } from './lowdb-session-index.js';

/** Sessions kept parsed in memory (most recently used); the rest stay on disk until asked for. */
export const SESSION_CACHE = 5_000;
/** Changes are appended in batches this often (like the other lowdb files: a crash may lose the last moments). */
const APPEND_DELAY_MS = 25;
/** The journal is folded into the snapshot once it is bigger than this and than the snapshot. */
const COMPACT_MIN_BYTES = 16 * 1024 * 1024;
/** Files are read and written in pieces this big, never whole: a start or a compaction with 100 k sessions stays a few MB. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * The lowdb sessions, bounded in memory: a snapshot `sessions.json` (a JSON object, one session
 * per line, so it is both valid JSON and indexable by byte offset) plus an append-only
 * `sessions.journal` (one `{"k","s"}` or `{"k","d"}` line per change). Memory holds an index
 * (key → file, offset, length, updatedAt; flat, see SessionIndex) and the SESSION_CACHE most
 * recently used sessions; any other session is read from disk (one positioned read) when its user
 * writes again. A change is appended within APPEND_DELAY_MS; a line cut short by a crash is
 * skipped at start. The journal is folded into a new snapshot (temp file + rename) at start when
 * it holds anything, at close, and when it grows big; both files are read and written in
 * CHUNK_BYTES pieces. A snapshot in any other JSON shape (an older version's single-line file) is
 * read whole once.
 */
export class SessionLog {
  private index = new SessionIndex();
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
    const loose = new Map<string, Session>(); // sessions read whole (older single-line snapshot)
    if (!(await this.indexSnapshot())) {
      try {
        const data: unknown = JSON.parse((await fs.readFile(this.file)).toString('utf8'));
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
    if (this.index.anyInSnapshot()) this.snapFh = await fs.open(this.file, 'r');
    if (journal) this.journalFh = await fs.open(this.journal, 'a+', 0o600);
    // an empty journal over a snapshot in this shape: folding would write the same bytes again
    if (this.journalBytes > 0 || this.dirty.size > 0) await this.compact();
  }

  /**
   * Indexes a snapshot written by this class (one entry a line), reading it in pieces; true when
   * there is none or it is empty, false for any other shape (the index is then left empty).
   */
  private async indexSnapshot(): Promise<boolean> {
    let fh: fs.FileHandle;
    try {
      fh = await fs.open(this.file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
      throw err;
    }
    try {
      const size = (await fh.stat()).size;
      if (size === 0) return true;
      let closed = false;
      let first = true;
      const ok = await forEachLine(fh, size, (buf, start, end, at) => {
        if (first) {
          first = false;
          return end === start + 1 && buf[start] === 123; // "{" alone on the first line
        }
        if (closed) return true; // what follows the closing brace is ignored
        let stop = end;
        if (buf[stop - 1] === 44) stop -= 1; // the comma between entries
        if (stop === start) return true;
        if (buf[start] === 125 && stop === start + 1) return (closed = true); // the closing "}"
        try {
          const entry = JSON.parse(`{${buf.toString('utf8', start, stop)}}`) as Record<string, Session>;
          const [k, s] = Object.entries(entry)[0]!;
          this.index.set(k, { file: 0, offset: at, length: stop - start, updatedAt: s.updatedAt ?? 0 });
          return true;
        } catch {
          return false;
        }
      });
      if (ok && closed) return true;
      this.index.clear();
      return false;
    } finally {
      await fh.close();
    }
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
    if (this.index.get(key)?.seq === where.seq && !this.dirty.has(key)) this.remember(key, s);
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
    const out = this.index.keysUpdatedBefore(before).filter((k) => !this.dirty.has(k));
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
      const placed: [string, Omit<Where, 'seq'> | null][] = [];
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
    const snap = this.snapFh ? new WindowReader(this.snapFh) : null;
    const journal = this.journalFh ? new WindowReader(this.journalFh) : null;
    const next = new SessionIndex();
    let bytes = 0;
    try {
      await produceFileAtomically(this.file, async (tmp) => {
        const out = new ChunkWriter(await fs.open(tmp, 'w', 0o600));
        try {
          await out.put(OPEN);
          let first = true;
          const push = async (key: string, entry: Buffer | string, updatedAt: number) => {
            if (!first) await out.put(COMMA_NEWLINE);
            first = false;
            const length = await out.put(entry);
            next.set(key, { file: 0, offset: out.written - length, length, updatedAt });
          };
          let n = 0;
          for (const [k, w] of this.index.entries()) {
            if (pending.has(k)) continue;
            const src = w.file === 0 ? snap : journal;
            if (!src) continue;
            const raw = await src.slice(w.offset, w.length);
            if (w.file === 0) await push(k, raw, w.updatedAt);
            else {
              const { s } = JSON.parse(raw.toString('utf8')) as { s: Session };
              await push(k, `${JSON.stringify(k)}:${JSON.stringify(s)}`, w.updatedAt);
            }
            if (++n % 2000 === 0) await new Promise((r) => setImmediate(r)); // requests run in between
          }
          for (const [k, s] of pending) if (s) await push(k, `${JSON.stringify(k)}:${JSON.stringify(s)}`, s.updatedAt ?? 0);
          await out.put(CLOSE);
          await out.end();
          bytes = out.written;
        } finally {
          await out.close();
        }
      });
    } catch (err) {
      for (const [k, s] of pending) if (!this.dirty.has(k)) this.dirty.set(k, s); // kept for the next try
      throw err;
    }
    await this.snapFh?.close();
    this.snapFh = await fs.open(this.file, 'r');
    this.snapshotBytes = bytes;
    this.index = next;
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

const OPEN = Buffer.from('{\n');
const CLOSE = Buffer.from('\n}\n');

/**
 * Calls `line(buf, start, end, at)` for each line of the file's first `size` bytes (without its
 * newline; `at` is the file offset of buf[start]), reading CHUNK_BYTES at a time; stops at the
 * first false and returns it.
 */
async function forEachLine(fh: fs.FileHandle, size: number, line: (buf: Buffer, start: number, end: number, at: number) => boolean): Promise<boolean> {
  let buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let have = 0; // bytes in buf
  let bufAt = 0; // file offset of buf[0]
  while (bufAt + have < size) {
    if (have === buf.length) { // one line longer than the buffer
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, have);
      buf = bigger;
    }
    const { bytesRead } = await fh.read(buf, have, Math.min(buf.length - have, size - bufAt - have), bufAt + have);
    if (!bytesRead) break;
    have += bytesRead;
    const last = bufAt + have >= size;
    let start = 0;
    for (;;) {
      let end = buf.indexOf(10, start);
      if (end < 0 || end >= have) {
        if (!last) break;
        end = have;
      }
      if (end > start || end < have) if (!line(buf, start, end, bufAt + start)) return false;
      start = end + 1;
      if (start >= have) break;
    }
    if (start >= have) {
      bufAt += have;
      have = 0;
    } else {
      buf.copy(buf, 0, start, have);
      bufAt += start;
      have -= start;
    }
  }
  return true;
}

/** Byte ranges of a file through one reused CHUNK_BYTES window (ranges asked for in file order are one read per window). */
class WindowReader {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private at = 0;
  private have = 0;

  constructor(private readonly fh: fs.FileHandle) {}

  async slice(offset: number, length: number): Promise<Buffer> {
    if (offset < this.at || offset + length > this.at + this.have) {
      if (length > this.buf.length) this.buf = Buffer.allocUnsafe(length);
      this.at = offset;
      this.have = 0;
      while (this.have < length) {
        const { bytesRead } = await this.fh.read(this.buf, this.have, this.buf.length - this.have, offset + this.have);
        if (!bytesRead) throw new Error(`STORE_SHORT_READ: session record at ${offset} (+${length}) is past the end of the file`);
        this.have += bytesRead;
      }
    }
    return this.buf.subarray(offset - this.at, offset - this.at + length);
  }
}

/** Writes through one CHUNK_BYTES buffer; `written` counts every byte put so far. */
class ChunkWriter {
  private readonly buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private fileAt = 0;
  written = 0;

  constructor(private readonly fh: fs.FileHandle) {}

  /** Appends `data`; resolves to its length in bytes. */
  async put(data: Buffer | string): Promise<number> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    if (this.used + bytes.length > this.buf.length) await this.end();
    if (bytes.length > this.buf.length) await this.writeAll(bytes, bytes.length);
    else {
      bytes.copy(this.buf, this.used);
      this.used += bytes.length;
    }
    this.written += bytes.length;
    return bytes.length;
  }

  /** Writes what is buffered. */
  async end(): Promise<void> {
    await this.writeAll(this.buf, this.used);
    this.used = 0;
  }

  close(): Promise<void> {
    return this.fh.close();
  }

  private async writeAll(data: Buffer, length: number): Promise<void> {
    let done = 0;
    while (done < length) {
      const { bytesWritten } = await this.fh.write(data, done, length - done, this.fileAt + done);
      done += bytesWritten;
    }
    this.fileAt += length;
  }
}
