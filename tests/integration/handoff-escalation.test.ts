import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ESCALATION_CHECK_MS } from '../../src/handoff/feature.js';
import { makeKnowledgeDir, startHandoffWorld, type HandoffWorld } from './handoff-fixture.js';

const MINUTE = 60_000;

/**
 * Moves the fake clock on one escalation check at a time, waiting for each check's real I/O (the
 * teams.yaml stat, the store) to finish before the next tick, as it would in real time.
 */
async function passTime(world: HandoffWorld, ms: number): Promise<void> {
  const desk = world.app.services.handoff?.desk;
  if (!desk) throw new Error('the app was built without handoff');
  const check = desk.checkEscalations;
  let running: Promise<number> = Promise.resolve(0);
  desk.checkEscalations = (now) => {
    running = check.call(desk, now);
    return running;
  };
  try {
    for (let t = 0; t < ms; t += ESCALATION_CHECK_MS) {
      await vi.advanceTimersByTimeAsync(Math.min(ESCALATION_CHECK_MS, ms - t));
      await running;
      await new Promise((resolve) => setImmediate(resolve)); // the timer's own bookkeeping after the check
    }
  } finally {
    desk.checkEscalations = check;
  }
}

describe('handoff: escalation and restarts', () => {
  let w: HandoffWorld | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await w?.close();
    w = undefined;
  });

  it('an untaken case goes to the province admins after HANDOFF_ESCALATE_MINUTES, once', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    w = await startHandoffWorld({ HANDOFF_ESCALATE_MINUTES: '30' });
    await w.app.chat('v1', 'gặp người hỗ trợ');
    await w.app.chat('v1', '', { payload: 'commune:binh-lieu' });
    expect(w.platforms.last('zalo', 'demo-member-3')).toMatch(/Ca #1/);
    expect(w.platforms.to('zalo', 'demo-admin-1')).toHaveLength(0);
    const admin = () => w!.platforms.to('zalo', 'demo-admin-1');
    await passTime(w, 29 * MINUTE);
    expect(admin()).toHaveLength(0);
    await passTime(w, 3 * MINUTE);
    expect(admin()).toHaveLength(1);
    expect(admin()[0]).toMatch(/⏰ Ca #1 \(xã Bình Liêu\) chưa ai nhận sau 30 phút[\s\S]*\/nhan 1/);
    await passTime(w, 60 * MINUTE);
    expect(admin()).toHaveLength(1);
    expect((await w.app.services.store.getCase('1'))!.escalatedAt).toBeGreaterThan(0);
  });

  it('a taken case is not escalated', async () => {
    w = await startHandoffWorld({ HANDOFF_ESCALATE_MINUTES: '30' });
    await w.app.chat('v1', 'gặp người hỗ trợ');
    await w.app.chat('v1', '', { payload: 'commune:binh-lieu' });
    await w.say('zalo', 'demo-member-3', '/nhan 1');
    expect(await w.app.services.handoff!.desk.checkEscalations(Date.now() + 31 * MINUTE)).toBe(0);
    expect(w.platforms.to('zalo', 'demo-admin-1')).toHaveLength(0);
  });

  it('keeps cases across a restart on the same DATA_DIR: the bot stays quiet and the member can still reply', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-handoff-restart-'));
    const knowledgeDir = makeKnowledgeDir();
    const env = { DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir };
    try {
      const before = await startHandoffWorld(env, undefined, knowledgeDir);
      await before.app.chat('v1', 'gặp người hỗ trợ');
      await before.app.chat('v1', '', { payload: 'commune:tien-yen' });
      await before.say('zalo', 'demo-member-1', '/nhan 1');
      await before.close();

      w = await startHandoffWorld(env, undefined, knowledgeDir);
      const quiet = await w.app.chat('v1', 'còn đó không?');
      expect(quiet.body.messages).toEqual([]);
      expect(w.platforms.last('zalo', 'demo-member-1')).toMatch(/còn đó không/);
      expect((await w.say('zalo', 'demo-member-1', '/tl 1 Vẫn đây.'))[0]).toMatch(/Đã gửi/);
      expect(w.platforms.last('api', 'v1')).toMatch(/Vẫn đây/);
      expect((await w.say('zalo', 'demo-member-1', '/chuyen câu hỏi mới'))[0]).toMatch(/ca #2/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(knowledgeDir, { recursive: true, force: true });
    }
  });
});
