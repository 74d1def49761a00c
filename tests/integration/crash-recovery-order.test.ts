import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.js';
import { settled, startTestApp, type TestApp } from '../helpers/app.js';
import { makeChannelKnowledge } from '../fakes/channel-kb.js';

const USERS = 5;
const PER_USER = 50;
const SECRET = 'recovery-order-webhook-secret';

describe('crash recovery: everything left is answered, each user in order', () => {
  let fake: FakePlatform | undefined;
  let t: TestApp | undefined;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-recover-'));
  afterEach(async () => {
    await t?.close();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('queues every message a crash left before the port opens (not 100 per round) and answers each user oldest first', async () => {
    fake = await startFakePlatform(() => ({ ok: true, result: { message_id: 'out' } }));
    const env = { DATA_DIR: dataDir, KNOWLEDGE_DIR: makeChannelKnowledge(), ZALO_BOT_TOKEN: '1234567890:recover', ZALO_WEBHOOK_SECRET: SECRET, ZALO_API_BASE: fake.url };
    // accepted and acknowledged, never processed: what a kill -9 right after the 200s leaves
    t = await startTestApp(env);
    const t0 = Date.now() - 60_000;
    for (let i = 0; i < PER_USER; i++) {
      for (let u = 0; u < USERS; u++) {
        await t.services.inbox.accept({ channel: 'zalo', userId: `rec-${u}`, text: `khai sinh lần ${i}`, messageId: `rec-${u}-${i}`, time: t0 + i * 100 + u });
      }
    }
    await t.services.store.flush();
    await t.close();

    t = await startTestApp(env);
    expect(t.services.inbox.backlog).toBe(USERS * PER_USER);
    await settled(t.services, 120_000);
    for (let u = 0; u < USERS; u++) {
      const events = await t.services.store.listEvents({ userKey: `zalo:rec-${u}`, limit: 1000 });
      expect(events.map((e) => e.text)).toEqual(Array.from({ length: PER_USER }, (_, i) => `khai sinh lần ${i}`));
    }
  }, 180_000);
});
