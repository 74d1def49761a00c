import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { KnowledgeBase } from '../knowledge/types.js';
import { AUDIO_EXT, findEspeak, SPEECH_RATE, speechHash, speechText, systemEspeakWav } from '../replies/speech.js';
import type { MediaPool } from './media-pool.js';

/**
 * Speech files named by the hash of what they say. The hash is looked up among the current
 * knowledge base's entries (so only bot-written text is ever spoken, never arbitrary input), and
 * the MP3 is made once into DATA_DIR/cache/audio: spoken by the system espeak-ng when installed
 * (its own process), else by the WebAssembly build, and encoded, in the media worker pool.
 */
export class AudioStore {
  private index: { version: number; loadedAt: number; byHash: Map<string, string> } | null = null;
  private readonly pending = new Map<string, Promise<string>>();

  constructor(private readonly dir: string, private readonly pool: MediaPool) {}

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

  /** Path of the cached file for a hash, or null when it was never made. */
  async cached(hash: string): Promise<string | null> {
    const file = path.join(this.dir, `${hash}.${AUDIO_EXT}`);
    return (await fs.stat(file).then(() => true, () => false)) ? file : null;
  }

  /** Path of the MP3 for this hash, making it the first time (one job per hash at once). */
  async file(hash: string, text: string): Promise<string> {
    const done = await this.cached(hash);
    if (done) return done;
    let job = this.pending.get(hash);
    if (!job) {
      job = this.make(hash, text).finally(() => this.pending.delete(hash));
      this.pending.set(hash, job);
    }
    return job;
  }

  private async make(hash: string, text: string): Promise<string> {
    const bin = findEspeak();
    const wav = bin ? await systemEspeakWav(bin, text) : undefined;
    const result = await this.pool.run({ kind: 'speech', text, rate: SPEECH_RATE, wav }, { transfer: wav ? [wav.buffer as ArrayBuffer] : [] });
    if (result.kind !== 'speech') throw new Error('MEDIA_WORKER_MISMATCH');
    const file = path.join(this.dir, `${hash}.${AUDIO_EXT}`);
    await fs.mkdir(this.dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(tmp, result.mp3);
    await fs.rename(tmp, file);
    return file;
  }
}
