import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeChannelKnowledge } from '../fakes/channel-kb.js';
import { startFakePlatform, until, type FakePlatform } from '../fakes/fake-platform.js';

const SECRET = 'outbox-restart-secret';

describe('the outbox survives a restart', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-outbox-restart-'));
  const knowledgeDir = makeChannelKnowledge();
  let fake: FakePlatform;
  let bot: TestApp | undefined;
  afterAll(async () => {
    await bot?.close();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends after a restart what the platform could not take before it, in order', async () => {
    fake = await startFakePlatform(() => ({ ok: true, result: { message_id: 'm', date: Date.now() } }));
    const env = { DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir, ZALO_BOT_TOKEN: '1234567890:restart', ZALO_WEBHOOK_SECRET: SECRET, ZALO_API_BASE: fake.url };
    fake.respond = () => ({ status: 503, body: { ok: false, error_code: 503, description: 'Service Unavailable' } }); // the platform is down
    bot = await startTestApp(env);
    await bot.services.outbound.send('zalo', 'restart-user', [{ type: 'text', text: 'Tin thứ nhất.' }, { type: 'text', text: 'Tin thứ hai.' }]);
    const webhook = await bot.app.inject({
      method: 'POST', url: '/webhooks/zalo', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': SECRET },
      payload: { event_name: 'message.text.received', message: { message_id: 'before-restart', date: Date.now(), text: 'khai sinh', chat: { id: 'webhook-user', chat_type: 'PRIVATE' }, from: { id: 'webhook-user', display_name: 'Dân', is_bot: false } } },
    });
    expect(webhook.statusCode).toBe(200);
    await fake.waitFor((c) => c.body?.chat_id === 'restart-user'); // it tried, and failed
    expect(await until(async () => (await bot!.services.store.listOutbound({ status: 'pending' })).some((i) => i.userId === 'webhook-user'), 10_000)).toBe(true);
    await bot.close();
    bot = undefined;

    fake.respond = null; // the platform is back
    const delivered = () => fake.calls.filter((c) => c.status === 200 && (c.answer as { ok?: boolean }).ok);
    expect(delivered()).toEqual([]);
    bot = await startTestApp(env);
    const toUser = await fake.waitFor((c) => c.body?.chat_id === 'restart-user' && c.status === 200, 2, 15_000);
    expect(toUser.map((c) => c.body.text)).toEqual(['Tin thứ nhất.', 'Tin thứ hai.']);
    await fake.waitFor((c) => c.body?.chat_id === 'webhook-user' && c.status === 200, 1, 15_000);
    expect(await until(async () => (await bot!.services.store.listOutbound({ status: 'pending' })).length === 0, 10_000)).toBe(true);
  }, 60_000);
});
