import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { KnowledgeBase } from '../knowledge/types.js';
import { writeFileAtomically } from '../lib/atomic-write.js';
import { findEspeak, SPEECH_RATE, speechHash, speechText, systemEspeakWav } from '../replies/speech.js';
import type { MediaPool } from './media-pool.js';
import type { SpeechFormat } from './media-worker.js';

export interface AudioStoreOptions {
  /** Bound of the files in the folder, in bytes (default 200 MB). */
  maxBytes?: number;
}

/**
 * Speech files named by the hash of what they say and their format (`<hash>.mp3`, `<hash>.aac`).
 * The hash is looked up among the current knowledge base's entries (so only bot-written text is
 * ever spoken, never arbitrary input), and each file is made once into DATA_DIR/cache/audio:
 * spoken by the system espeak-ng when installed (its own process), else by the WebAssembly build,
 * and encoded, in the media worker pool. The folder is kept under its bound, least recently used
 * first (a served file's mtime is its last use).
 */
export class AudioStore {
  private index: { version: number; loadedAt: number; byHash: Map<string, string> } | null = null;
  private readonly pending = new Map<string, Promise<string>>();
  private pruning: Promise<void> | null = null;
  private readonly maxBytes: number;

  constructor(private readonly dir: string, private readonly pool: MediaPool, opts: AudioStoreOptions = {}) {
    this.maxBytes = opts.maxBytes ?? 200 * 1024 * 1024;
  }

  /** The text an audio hash stands for in this knowledge base, or null. */
  textFor(kb: KnowledgeBase, hash: string): string | null {
    if (!this.index || this.index.version !== kb.version || this.index.loadedAt !== kb.loadedAt) {
      const byHash = new Map<string, string>();
      for (const e of kb.list) {
        const text = speechText(e);
        byHash.set(speechHash(text), text);
      }
      this.index = { version: kb.version, loadedAt: kb.loadedAt, byHash };
    }
    return this.index.byHash.get(hash) ?? null;
  }

  /** Path of the cached file for a hash, or null when it was never made; a hit counts as a use. */
  async cached(hash: string, format: SpeechFormat = 'mp3'): Promise<string | null> {
    const file = path.join(this.dir, `${hash}.${format}`);
    const now = new Date();
    return (await fs.utimes(file, now, now).then(() => true, () => false)) ? file : null;
  }

  /** Path of the file for this hash and format, making it the first time (one job per file at once). */
  async file(hash: string, text: string, format: SpeechFormat = 'mp3'): Promise<string> {
    const done = await this.cached(hash, format);
    if (done) return done;
    const key = `${hash}.${format}`;
    let job = this.pending.get(key);
    if (!job) {
      job = this.make(hash, text, format).finally(() => this.pending.delete(key));
      this.pending.set(key, job);
    }
    return job;
  }

  private async make(hash: string, text: string, format: SpeechFormat): Promise<string> {
    const bin = findEspeak();
    const wav = bin ? await systemEspeakWav(bin, text) : undefined;
    const result = await this.pool.run({ kind: 'speech', text, rate: SPEECH_RATE, wav, format }, { transfer: wav ? [wav.buffer as ArrayBuffer] : [] });
    if (result.kind !== 'speech') throw new Error('MEDIA_WORKER_MISMATCH');
    const file = path.join(this.dir, `${hash}.${format}`);
    await writeFileAtomically(file, result.audio);
    void this.prune();
    return file;
  }

  /** Deletes the least recently used files until the folder is within its bound. */
  prune(): Promise<void> {
    this.pruning ??= this.pruneNow().finally(() => (this.pruning = null));
    return this.pruning;
  }

  private async pruneNow(): Promise<void> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const files = (await Promise.all(names.filter((n) => /\.(mp3|aac)$/.test(n)).map(async (name) => {
      const st = await fs.stat(path.join(this.dir, name)).catch(() => null);
      return st ? { name, used: st.mtimeMs, size: st.size } : null;
    }))).filter((f) => f !== null);
    files.sort((a, b) => b.used - a.used);
    let bytes = 0;
    for (const f of files) {
      bytes += f.size;
      if (bytes > this.maxBytes) await fs.rm(path.join(this.dir, f.name), { force: true });
    }
  }
}
