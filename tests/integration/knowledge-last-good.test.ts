import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeKnowledgeDir } from './handoff-fixture.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import type { KnowledgeReloader } from '../../src/knowledge/reload.js';

describe('a broken knowledge file at restart: the bot starts on the last good knowledge', () => {
  const dirs: string[] = [];
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('starts on the last good copy kept in DATA_DIR and /readyz names the rejected file', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-lastgood-'));
    const knowledgeDir = makeKnowledgeDir();
    dirs.push(dataDir, knowledgeDir);
    const env = { DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir, KNOWLEDGE_SNAPSHOT: 'true' };
    t = await startTestApp(env);
    await t.services.knowledgeAtStart?.saved;
    await t.close();
    t = undefined;

    writeFileSync(path.join(knowledgeDir, 'procedures', 'civil-status', '1.001193.yaml'), 'id: "1.001193"\nkind: procedure\ntitle: [unclosed\n');
    t = await startTestApp(env);
    const answer = await t.chat('after-broken-file', 'làm giấy khai sinh cho con ở đâu');
    expect(answer.body.match).toMatchObject({ decision: 'answer', id: '1.001193' });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(JSON.stringify(ready.json().rejectedAtStart.problems)).toContain('1.001193.yaml');
  });

  it('stops reporting the file rejected at start once it is fixed and hot-reloaded', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-lastgood-'));
    const knowledgeDir = makeKnowledgeDir();
    dirs.push(dataDir, knowledgeDir);
    const file = path.join(knowledgeDir, 'procedures', 'civil-status', '1.001193.yaml');
    const good = readFileSync(file, 'utf8');
    const env = { DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir, KNOWLEDGE_RELOAD: 'true', KNOWLEDGE_SNAPSHOT: 'true' };
    t = await startTestApp(env);
    await t.services.knowledgeAtStart?.saved;
    await t.close();

    writeFileSync(file, 'id: "1.001193"\nkind: procedure\ntitle: [unclosed\n');
    t = await startTestApp(env);
    expect((await t.app.inject('/readyz')).json().rejectedAtStart).not.toBeNull();
    writeFileSync(file, good.replace(/^summary: .*$/m, 'summary: Làm giấy khai sinh cho con mới sinh (fixed).'));
    expect(await (t.services.knowledgeReload as KnowledgeReloader).reloadNow()).toBe(true);
    const ready = (await t.app.inject('/readyz')).json();
    expect(ready).toMatchObject({ status: 'ready', rejectedAtStart: null, rejectedEdit: null });
    expect(t.services.knowledge.current().kb.entries.get('1.001193')?.summary).toContain('(fixed)');
  });

  it('with no good copy yet, refuses to start with KNOWLEDGE_INVALID', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-lastgood-'));
    const knowledgeDir = makeKnowledgeDir();
    dirs.push(dataDir, knowledgeDir);
    writeFileSync(path.join(knowledgeDir, 'procedures', 'civil-status', '1.001193.yaml'), 'id: "1.001193"\nkind: procedure\ntitle: [unclosed\n');
    await expect(startTestApp({ DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir, KNOWLEDGE_SNAPSHOT: 'true' })).rejects.toThrow(/KNOWLEDGE_INVALID/);
  });
});
