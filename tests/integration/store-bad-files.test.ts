import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeKnowledgeDir, startHandoffWorld, type HandoffWorld } from './handoff-fixture.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeChannelKnowledge } from '../fakes/channel-kb.js';

describe('bad store files and restarts: nothing lost, never ready while turns fail', () => {
  const dirs: string[] = [];
  let t: TestApp | undefined;
  let w: HandoffWorld | undefined;
  // a small knowledge folder: these tests are about the store files, not the catalogue
  const knowledgeDir = makeChannelKnowledge();
  afterAll(() => rmSync(knowledgeDir, { recursive: true, force: true }));
  const freshDir = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'qnbot-bad-'));
    dirs.push(d);
    return d;
  };
  afterEach(async () => {
    await t?.close();
    await w?.close();
    t = undefined;
    w = undefined;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('a corrupt meta.json never resets the case counter: new cases never overwrite old ones', async () => {
    const dataDir = freshDir();
    const knowledgeDir = makeKnowledgeDir();
    dirs.push(knowledgeDir);
    w = await startHandoffWorld({ DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir });
    await w.app.chat('case-one', 'gặp người hỗ trợ');
    await w.app.chat('case-two', 'gặp người hỗ trợ');
    await w.app.services.store.flush();
    await w.close();
    w = undefined;
    writeFileSync(path.join(dataDir, 'meta.json'), '{"caseCounter": 0');
    w = await startHandoffWorld({ DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir });
    await w.app.chat('case-three', 'gặp người hỗ trợ');
    const cases = await w.app.services.store.listCases({});
    const byId = Object.fromEntries(cases.map((c) => [c.id, c.userId]));
    expect(byId).toMatchObject({ 1: 'case-one', 2: 'case-two', 3: 'case-three' });
  });

  it('one bad line in processed.log is skipped: the bot starts and answers', async () => {
    const dataDir = freshDir();
    t = await startTestApp({ DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir });
    await t.services.inbox.accept({ channel: 'zalo', userId: 'u1', text: 'xin chào', messageId: 'good-1', time: Date.now() });
    await t.services.store.flush();
    await t.close();
    t = undefined;
    const log = readdirSync(dataDir).find((f) => f.startsWith('processed'))!;
    appendFileSync(path.join(dataDir, log), `%E0%A4%A ${Date.now() + 3_600_000}\nnot a mark at all\n`);
    t = await startTestApp({ DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir });
    expect((await t.chat('after-bad-line', 'xin chào')).status).toBe(200);
    expect(await t.services.inbox.accept({ channel: 'zalo', userId: 'u1', text: 'xin chào', messageId: 'good-1', time: Date.now() })).toBe(false);
  });

  it.each(['events', 'sessions', 'cases', 'feedback', 'meta'])('%s.json of the wrong shape is moved aside; chats work and /readyz is honest', async (name) => {
    const dataDir = freshDir();
    const wrong = name === 'events' || name === 'feedback' ? '{}' : '[]';
    writeFileSync(path.join(dataDir, `${name}.json`), wrong);
    t = await startTestApp({ DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir });
    expect((await t.chat('after-bad-file', 'làm giấy khai sinh cho con ở đâu')).status).toBe(200);
    expect((await t.chat('after-bad-file', 'gặp người hỗ trợ')).status).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect(readdirSync(dataDir).some((f) => f.startsWith(`${name}.json.corrupt-`))).toBe(true);
    expect(readFileSync(path.join(dataDir, readdirSync(dataDir).find((f) => f.startsWith(`${name}.json.corrupt-`))!), 'utf8')).toBe(wrong);
  });

  it('/readyz is not ready while turns fail', async () => {
    t = await startTestApp({ KNOWLEDGE_DIR: knowledgeDir });
    const broken = new Error('disk on fire');
    const original = t.services.store.getSession.bind(t.services.store);
    t.services.store.getSession = async () => {
      throw broken;
    };
    expect((await t.chat('doomed', 'xin chào')).status).toBe(500);
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.body).toContain('disk on fire');
    t.services.store.getSession = original;
    expect((await t.chat('doomed', 'xin chào')).status).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});
