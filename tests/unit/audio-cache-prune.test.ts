import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AudioStore } from '../../src/media/audio-store.js';
import type { MediaPool } from '../../src/media/media-pool.js';

describe('the read-aloud cache stays within its bound', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('deletes the least recently used files first, a served file counting as used', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-audio-'));
    dirs.push(dir);
    const names = ['a', 'b', 'c', 'd'].map((c) => `${c.repeat(24)}.mp3`);
    names.forEach((n, i) => {
      writeFileSync(path.join(dir, n), Buffer.alloc(100 * 1024));
      const at = new Date(Date.UTC(2026, 0, 1 + i)); // a oldest … d newest
      utimesSync(path.join(dir, n), at, at);
    });
    writeFileSync(path.join(dir, 'notes.txt'), 'not audio: left alone');
    const store = new AudioStore(dir, {} as MediaPool, { maxBytes: 250 * 1024 });
    expect(await store.cached('a'.repeat(24), 'mp3')).toBe(path.join(dir, `${'a'.repeat(24)}.mp3`)); // the oldest is played again
    await store.prune();
    expect(readdirSync(dir).sort()).toEqual([names[0], names[3], 'notes.txt'].sort());
  });
});
