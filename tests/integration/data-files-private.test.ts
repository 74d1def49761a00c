import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeChannelKnowledge } from '../fakes/channel-kb.js';

function everythingUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? [p, ...everythingUnder(p)] : [p];
  });
}

describe('data files are private to the bot user', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    if (t) rmSync(t.dataDir, { recursive: true, force: true });
  });

  it('creates data files 0600 and folders 0700, and tightens what an older version left readable', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-modes-'));
    mkdirSync(path.join(dataDir, 'cache', 'old'), { recursive: true, mode: 0o755 });
    writeFileSync(path.join(dataDir, 'cache', 'old', 'left-over.json'), '{}', { mode: 0o644 });
    t = await startTestApp({ DATA_DIR: dataDir, KNOWLEDGE_DIR: makeChannelKnowledge() });
    await t.chat('modes-1', 'làm giấy khai sinh cho con ở đâu');
    await t.services.inbox.accept({ channel: 'zalo', userId: 'modes-2', text: 'xin chào', messageId: 'modes-m1', time: Date.now() });
    await t.services.store.flush();
    const all = everythingUnder(dataDir);
    expect(all.some((p) => /sessions\.(json|journal)$/.test(p))).toBe(true); // sessions are on disk (journal first, snapshot at compaction)
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const p of all) {
      const st = statSync(p);
      expect({ p, mode: (st.mode & 0o777).toString(8) }).toEqual({ p, mode: st.isDirectory() ? '700' : '600' });
    }
  });
});
