import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SNAPSHOT_FILE } from '../../src/knowledge/snapshot.js';
import { makeKnowledgeDir } from './handoff-fixture.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

describe('a restart starts from the compiled knowledge snapshot, and never from a stale one', () => {
  const dirs: string[] = [];
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  const restart = async (env: Record<string, string>) => {
    await t?.close();
    t = await startTestApp(env);
    await t.services.knowledgeAtStart?.saved; // snapshot and last good copy written after ready
    return t;
  };

  it('uses the snapshot while the files are unchanged, and serves an edited entry after a file changes', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-snapshot-'));
    const knowledgeDir = makeKnowledgeDir();
    dirs.push(dataDir, knowledgeDir);
    const env = { DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir, KNOWLEDGE_RELOAD: 'false', KNOWLEDGE_SNAPSHOT: 'true' };

    expect((await restart(env)).services.knowledgeAtStart?.fromSnapshot).toBe(false); // first start parses
    expect(existsSync(path.join(dataDir, SNAPSHOT_FILE))).toBe(true);
    const second = await restart(env);
    expect(second.services.knowledgeAtStart?.fromSnapshot).toBe(true);
    expect((await second.chat('s1', 'làm giấy khai sinh cho con ở đâu')).body.match).toMatchObject({ decision: 'answer', id: '1.001193' });
    expect(JSON.stringify((await second.chat('s2', 'làm giấy khai sinh')).body.messages)).not.toContain('cấp giấy chứng tử');

    // an editor renames the entry and adds a way of asking for it
    const file = path.join(knowledgeDir, 'procedures', 'civil-status', '1.001193.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: Thủ tục đăng ký khai sinh', 'title: Thủ tục đăng ký khai sinh và cấp giấy chứng tử').replace('keywords: [khai sinh, giấy khai sinh]', 'keywords: [khai sinh, giấy khai sinh, giấy chứng tử]'));
    const third = await restart(env);
    expect(third.services.knowledgeAtStart?.fromSnapshot).toBe(false); // the stamp changed: parsed again
    const edited = await third.chat('s3', 'đăng ký giấy chứng tử');
    expect(edited.body.match).toMatchObject({ decision: 'answer', id: '1.001193' });
    expect(JSON.stringify(edited.body.messages)).toContain('cấp giấy chứng tử'); // the new title is served

    const fourth = await restart(env); // and the new snapshot holds the edit
    expect(fourth.services.knowledgeAtStart?.fromSnapshot).toBe(true);
    const fromSnapshot = await fourth.chat('s4', 'đăng ký giấy chứng tử');
    expect(fromSnapshot.body.match).toMatchObject({ decision: 'answer', id: '1.001193' });
    expect(JSON.stringify(fromSnapshot.body.messages)).toContain('cấp giấy chứng tử');
  }, 60_000);

  it('a damaged snapshot is ignored: the files are parsed and the bot starts', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-snapshot-'));
    const knowledgeDir = makeKnowledgeDir();
    dirs.push(dataDir, knowledgeDir);
    const env = { DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir, KNOWLEDGE_RELOAD: 'false', KNOWLEDGE_SNAPSHOT: 'true' };
    await restart(env);
    writeFileSync(path.join(dataDir, SNAPSHOT_FILE), 'not a snapshot');
    const again = await restart(env);
    expect(again.services.knowledgeAtStart?.fromSnapshot).toBe(false);
    expect((await again.chat('d1', 'làm giấy khai sinh cho con ở đâu')).body.match).toMatchObject({ decision: 'answer', id: '1.001193' });
  }, 60_000);
});
