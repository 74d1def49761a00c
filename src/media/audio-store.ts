import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { KnowledgeBase } from '../knowledge/types.js';
import { speechHash, speechText, synthesize } from '../replies/speech.js';

/**
 * Speech files named by the hash of what they say. The hash is looked up among the current
 * knowledge base's entries (so only bot-written text is ever spoken, never arbitrary input), and
 * the file is synthesised once into DATA_DIR/cache/audio.
 */
export class AudioStore {
  private index: { version: number; loadedAt: number; byHash: Map<string, string> } | null = null;
  private readonly pending = new Map<string, Promise<string>>();

  constructor(private readonly dir: string) {}

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

  /** Path of the WAV for this hash, synthesising it the first time (one synthesis per hash at once). */
  async file(hash: string, text: string): Promise<string> {
    const file = path.join(this.dir, `${hash}.wav`);
    if (await fs.stat(file).then(() => true, () => false)) return file;
    let job = this.pending.get(hash);
    if (!job) {
      job = synthesize(text, file).then(() => file).finally(() => this.pending.delete(hash));
      this.pending.set(hash, job);
    }
    return job;
  }
}
