import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BotProcess } from '../helpers/process.js';
import { startBotProcess } from '../helpers/process.js';
import { makeChannelKnowledge } from '../fakes/channel-kb.js';
import { startFakePlatform, until, type FakePlatform } from '../fakes/fake-platform.js';

const SECRETS = {
  ZALO_BOT_TOKEN: '5550001111:zaloTokenThatMustNotLeak',
  ZALO_WEBHOOK_SECRET: 'zaloWebhookSecretNotInLogs',
  ZALO_OA_APP_ID: '3628192837465019283',
  ZALO_OA_SECRET: 'oaSecretKeyNotInLogs',
  ZALO_OA_ACCESS_TOKEN: 'oaAccessTokenNotInLogs',
  ZALO_OA_REFRESH_TOKEN: 'oaRefreshTokenNotInLogs',
  MESSENGER_APP_SECRET: 'fbAppSecretNotInLogs',
  MESSENGER_VERIFY_TOKEN: 'fbVerifyTokenNotInLogs',
  MESSENGER_PAGE_ACCESS_TOKEN: 'fbPageTokenNotInLogs',
};

describe('secrets stay out of the logs, and channels that are off say how to turn them on', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-secrets-'));
  let fake: FakePlatform;
  let bot: BotProcess | undefined;
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs at debug level without a token, secret or signature, even when every platform call fails', async () => {
    // every platform call fails: 401/500 for the Bot API and Graph, -216 then a refused refresh for the OA
    fake = await startFakePlatform(() => ({}));
    fake.respond = (c) => {
      if (c.path.includes('/sendMessage')) return { status: 500, body: { ok: false, error_code: 500, description: 'boom' } };
      if (c.path.endsWith('/me/messages')) return { status: 400, body: { error: { code: 190, message: 'Invalid OAuth access token.' } } };
      if (c.path === '/v4/oa/access_token') return { status: 200, body: { error: -14014, error_name: 'Invalid refresh token' } };
      if (c.path === '/v3.0/oa/message/cs') return { status: 200, body: { error: -216, message: 'Access token is invalid' } };
      return { status: 200, body: { id: '104857600123456' } };
    };
    bot = await startBotProcess({
      ...SECRETS, DATA_DIR: dataDir, KNOWLEDGE_DIR: makeChannelKnowledge(), LOG_LEVEL: 'debug',
      ZALO_API_BASE: fake.url, ZALO_OA_API_BASE: fake.url, ZALO_OA_OAUTH_BASE: fake.url, GRAPH_API_BASE: `${fake.url}/v25.0`,
    });
    const base = bot.baseUrl;
    const zalo = JSON.stringify({ event_name: 'message.text.received', message: { message_id: 'log-1', date: Date.now(), text: 'khai sinh', chat: { id: 'log-user', chat_type: 'PRIVATE' }, from: { id: 'log-user', display_name: 'Dân', is_bot: false } } });
    await fetch(`${base}/webhooks/zalo`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': SECRETS.ZALO_WEBHOOK_SECRET }, body: zalo });
    await fetch(`${base}/webhooks/zalo`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': 'wrong' }, body: zalo });
    await fetch(`${base}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=${SECRETS.MESSENGER_VERIFY_TOKEN}&hub.challenge=42`);
    const fb = JSON.stringify({ object: 'page', entry: [{ id: '104857600123456', time: 1, messaging: [{ sender: { id: 'psid-log' }, recipient: { id: '104857600123456' }, timestamp: 1, message: { mid: 'm_log', text: 'khai sinh' } }] }] });
    await fetch(`${base}/webhooks/messenger`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRETS.MESSENGER_APP_SECRET).update(fb).digest('hex')}` }, body: fb });
    const oa = JSON.stringify({ app_id: SECRETS.ZALO_OA_APP_ID, event_name: 'user_send_text', timestamp: String(Date.now()), sender: { id: 'oa-log' }, recipient: { id: '1' }, message: { msg_id: 'oa-log-1', text: 'khai sinh' } });
    await fetch(`${base}/webhooks/zalo-oa`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${createHash('sha256').update(`${SECRETS.ZALO_OA_APP_ID}${oa}1766619597466${SECRETS.ZALO_OA_SECRET}`).digest('hex')}` }, body: oa });
    expect(await until(() => /OUTBOX_RETRY/.test(bot!.output()) && /OUTBOX_FAILED[\s\S]*OUTBOX_FAILED/.test(bot!.output()), 15_000)).toBe(true);
    const out = bot.output();
    for (const [name, value] of Object.entries(SECRETS)) {
      if (name === 'ZALO_OA_APP_ID') continue; // an id, not a secret
      expect(out.includes(value), `${name} appears in the log`).toBe(false);
    }
    expect(out).toContain('Bot Framework channel off: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD');
    expect(out).not.toMatch(/Zalo Bot channel off|Messenger channel off|Zalo OA channel off/);
  }, 60_000);
});
