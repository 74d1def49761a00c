import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { writeFileAtomically } from '../lib/atomic-write.js';
import { PRIVATE_FILE_MODE } from '../lib/private-files.js';
import type { TermIndex } from '../nlu/index.js';
import type { KnowledgeBase } from './types.js';
import type { EntryCheck } from './validate.js';

/**
 * The compiled knowledge of the last start, kept in DATA_DIR/cache so a restart with unchanged
 * files skips parsing 1,900 YAML files and building the matcher index: one v8-serialized file
 * holding every file's check, the knowledge base and its index. It is a cache (knowledge/ stays
 * the source): it is used only when its stamp equals the stamp of the files now (path, mtime and
 * size of every knowledge file) and of the code that compiled it; otherwise the files are parsed.
 */
export const SNAPSHOT_FILE = path.join('cache', 'knowledge-snapshot.v8');
const FORMAT = 1;

/** One knowledge file as the stamp sees it (path relative to the root, forward slashes). */
export interface FileStamp {
  rel: string;
  mtimeMs: number;
  size: number;
}

export interface SnapshotData {
  format: number;
  code: string;
  stamp: string;
  /** Every file's check with the mtime and size it was made for (seeds the reload cache). */
  checks: [rel: string, mtimeMs: number, size: number, check: EntryCheck][];
  kb: Omit<KnowledgeBase, 'version' | 'loadedAt'>;
  index: TermIndex;
}

/** YAML files under `root` that make the knowledge base (entries, lexicon, communes.yaml), with their stat. */
export function statKnowledgeFiles(root: string, dirs: readonly string[]): FileStamp[] {
  const out: FileStamp[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(path.join(root, dir), { recursive: true }) as string[];
    } catch {
      continue;
    }
    for (const n of names) {
      if (!/\.ya?ml$/.test(n) || path.basename(n).startsWith('.')) continue;
      const st = statSync(path.join(root, dir, n), { throwIfNoEntry: false });
      if (st?.isFile()) out.push({ rel: `${dir}/${n.split(path.sep).join('/')}`, mtimeMs: st.mtimeMs, size: st.size });
    }
  }
  const communes = statSync(path.join(root, 'communes.yaml'), { throwIfNoEntry: false });
  if (communes) out.push({ rel: 'communes.yaml', mtimeMs: communes.mtimeMs, size: communes.size });
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** Hash of the file list: any added, removed, edited or touched file changes it. */
export function stampOf(files: readonly FileStamp[]): string {
  const h = createHash('sha256');
  for (const f of files) h.update(`${f.rel}\0${f.mtimeMs}\0${f.size}\n`);
  return h.digest('hex');
}

let codeStamp: string | undefined;

/**
 * Hash of the code that turns files into a knowledge base and an index (src/knowledge, src/nlu,
 * compiled or not): a deploy that changes how entries are read or indexed never reuses a snapshot.
 */
export function codeStampOf(): string {
  if (codeStamp) return codeStamp;
  const h = createHash('sha256').update(`format ${FORMAT}`);
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, path.join(here, '..', 'nlu')]) {
    for (const name of (readdirSync(dir, { recursive: true }) as string[]).filter((n) => /\.(js|ts)$/.test(n)).sort()) {
      h.update(name).update(readFileSync(path.join(dir, name)));
    }
  }
  codeStamp = h.digest('hex');
  return codeStamp;
}

const SLAB_BYTES = 1024 * 1024;

/**
 * v8.deserialize with the typed arrays (the matcher's postings) copied into slabs of their own:
 * Node's deserializer makes them views on the file's bytes, which kept the whole ~27 MB file
 * alive as external memory for the life of the process.
 */
class OwnBytesDeserializer extends v8.DefaultDeserializer {
  private slab = new ArrayBuffer(0);
  private used = 0;

  _readHostObject(): ArrayBufferView {
    const view = (v8.DefaultDeserializer.prototype as unknown as { _readHostObject(this: v8.Deserializer): ArrayBufferView })._readHostObject.call(this);
    const bytes = view.byteLength;
    let at = Math.ceil(this.used / 8) * 8; // aligned for any element size
    if (at + bytes > this.slab.byteLength) {
      this.slab = new ArrayBuffer(Math.max(SLAB_BYTES, bytes));
      at = 0;
    }
    new Uint8Array(this.slab, at, bytes).set(new Uint8Array(view.buffer, view.byteOffset, bytes));
    this.used = at + bytes;
    const per = (view as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
    const Ctor = view.constructor as new (buffer: ArrayBuffer, byteOffset: number, length: number) => ArrayBufferView;
    return new Ctor(this.slab, at, bytes / per);
  }
}

/** The snapshot in DATA_DIR when its code stamp is this code's, else null (missing, old, damaged). */
export async function readSnapshot(dataDir: string): Promise<SnapshotData | null> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path.join(dataDir, SNAPSHOT_FILE));
  } catch {
    return null;
  }
  try {
    const reader = new OwnBytesDeserializer(bytes);
    reader.readHeader();
    const data = reader.readValue() as SnapshotData;
    return data && data.format === FORMAT && data.code === codeStampOf() ? data : null;
  } catch {
    return null; // damaged or written by another Node version: parse the files instead
  }
}

/** Writes the snapshot through a temp file and a rename; readers see the old one or the new one. */
export async function writeSnapshot(dataDir: string, data: Omit<SnapshotData, 'format' | 'code'>): Promise<void> {
  const bytes = v8.serialize({ format: FORMAT, code: codeStampOf(), ...data } satisfies SnapshotData);
  await writeFileAtomically(path.join(dataDir, SNAPSHOT_FILE), bytes, { mode: PRIVATE_FILE_MODE });
}
