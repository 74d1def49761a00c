import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOa } from '../../src/channels/zalo-oa/render.js';
import { OaTokenKeeper } from '../../src/channels/zalo-oa/token-keeper.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { startTestApp, type TestApp, settled } from '../helpers/app.js';
import { makeChannelKnowledge } from '../fakes/channel-kb.js';
import { startFakePlatform, until, type FakePlatform, type RecordedCall } from '../fakes/fake-platform.js';
import { fixture } from '../fakes/fixtures.js';
import { expectAnsweredOnce } from '../fakes/replay.js';

const APP_ID = '3628192837465019283';
const OA_SECRET = 'oa-secret-key-for-tests';
const APP_SECRET = 'zalo-app-secret-for-tests';
const FIRST_TOKEN = 'first-access-token-from-env';
const FIRST_REFRESH = 'first-refresh-token-from-env';

const mac = (raw: string, appId = APP_ID, ts = JSON.parse(raw).timestamp) => `mac=${createHash('sha256').update(`${appId}${raw}${ts}${OA_SECRET}`).digest('hex')}`;
const isSend = (user: string) => (c: RecordedCall) => c.path === '/v3.0/oa/message/cs' && c.body?.recipient?.user_id === user;

describe('Zalo Official Account channel', () => {
  let fake: FakePlatform;
  let bot: TestApp;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-oa-'));
  const knowledgeDir = makeChannelKnowledge();
  let refreshes = 0;
  const env = () => ({
    DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir, ZALO_OA_APP_ID: APP_ID, ZALO_OA_SECRET: OA_SECRET, ZALO_OA_APP_SECRET: APP_SECRET,
    ZALO_OA_ACCESS_TOKEN: FIRST_TOKEN, ZALO_OA_REFRESH_TOKEN: FIRST_REFRESH, ZALO_OA_API_BASE: fake.url, ZALO_OA_OAUTH_BASE: fake.url,
  });
  beforeAll(async () => {
    fake = await startFakePlatform((c) => {
      if (c.path === '/v4/oa/access_token') {
        refreshes += 1;
        return { access_token: `rotated-access-${refreshes}`, refresh_token: `rotated-refresh-${refreshes}`, expires_in: '90000' };
      }
      return { error: 0, message: 'Success', data: { message_id: `oa-out-${Date.now()}`, user_id: c.body?.recipient?.user_id } };
    });
    bot = await startTestApp(env());
  });
  afterAll(async () => {
    await bot?.close();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (body: unknown, signature?: string) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return bot.app.inject({ method: 'POST', url: '/webhooks/zalo-oa', headers: { 'content-type': 'application/json', 'x-zevent-signature': signature ?? mac(raw) }, payload: raw });
  };
  const textFrom = (user: string, msgId: string, text: string) => {
    const f = fixture('zalo-oa/user-send-text.json');
    f.sender.id = user;
    f.message = { msg_id: msgId, text };
    return f;
  };

  it('answers a signed user_send_text through the consultation endpoint with the access_token header', async () => {
    expect((await post(fixture('zalo-oa/user-send-text.json'))).statusCode).toBe(200);
    const [call] = await fake.waitFor(isSend('2512523625412515'));
    expect(call?.headers.access_token).toBe(FIRST_TOKEN);
    await settled(bot.services); // every accepted message answered and sent
    expect(JSON.stringify(fake.calls.filter(isSend('2512523625412515')).map((c) => c.body.message))).toMatch(/khai sinh/i);
  });

  it('offers choices as oa.query.hide buttons whose hidden payload comes back as a tap', () => {
    const out = renderOa([{ type: 'buttons', text: 'Bạn cần gì?', buttons: [{ title: 'Giấy tờ cần mang', payload: 'field:1.001193:documents' }] }], { userId: 'u', lang: 'vi', t: () => 'Gõ số' }, 'https://x');
    expect(out[0]?.message).toEqual({ text: 'Bạn cần gì?', attachment: { type: 'template', payload: { buttons: [{ title: 'Giấy tờ cần mang', type: 'oa.query.hide', payload: '#field:1.001193:documents' }] } } });
  });

  it('treats a tapped button payload as a payload, and an image as "please type"', async () => {
    expect((await post(textFrom('oa-tapper', 'tap-1', '#field:1.001193:documents'))).statusCode).toBe(200);
    expect((await post(fixture('zalo-oa/user-send-image.json'))).statusCode).toBe(200);
    const [tap] = await fake.waitFor(isSend('oa-tapper'));
    expect(JSON.stringify(tap?.body.message)).not.toMatch(/chưa hiểu/);
    const [img] = await fake.waitFor(isSend('2512523625412599'));
    expect(img?.body.message.text).toMatch(/nhắn chữ giúp tôi/);
  });

  it('refuses a wrong signature, stays quiet for follows and another app, answers a replay once', async () => {
    const forged = textFrom('oa-forged', 'forged-1', 'khai sinh');
    expect((await post(forged, mac(JSON.stringify(forged)).replace(/.$/, (c) => (c === '0' ? '1' : '0')))).statusCode).toBe(401);
    expect((await post(forged, 'mac=')).statusCode).toBe(401);
    const other = { ...textFrom('oa-other-app', 'other-1', 'khai sinh'), app_id: '999' };
    expect((await post(other, mac(JSON.stringify(other), '999'))).statusCode).toBe(200);
    expect((await post(fixture('zalo-oa/follow.json'))).statusCode).toBe(200);
    const raw = JSON.stringify(textFrom('oa-bad', 'bad-1', 'khai sinh'));
    expect((await post(raw.slice(0, -3), mac(raw))).statusCode).toBe(400);
    const replay = textFrom('oa-replay', 'replay-1', 'làm căn cước ở đâu');
    await expectAnsweredOnce(bot, fake, 'oa-replay', isSend('oa-replay'), () => post(replay).then((r) => r.statusCode));
    for (const u of ['oa-forged', 'oa-other-app', 'oa-bad', '2512523625412600']) expect(fake.calls.filter(isSend(u))).toEqual([]);
  });

  it('on -216 refreshes the token once, persists the rotated pair before using it, and keeps it after a restart', async () => {
    fake.respond = (c) => (c.path === '/v3.0/oa/message/cs' && c.headers.access_token === FIRST_TOKEN ? { status: 200, body: { error: -216, message: 'Access token is invalid' } } : undefined);
    expect((await post(textFrom('oa-expired', 'exp-1', 'khai sinh'))).statusCode).toBe(200);
    const [sent] = await fake.waitFor((c) => isSend('oa-expired')(c) && c.headers.access_token === 'rotated-access-1');
    expect(sent).toBeTruthy();
    const [oauth] = await fake.waitFor((c) => c.path === '/v4/oa/access_token');
    expect(oauth?.headers.secret_key).toBe(APP_SECRET);
    expect(oauth?.body).toMatchObject({ refresh_token: FIRST_REFRESH, app_id: APP_ID, grant_type: 'refresh_token' });
    expect(refreshes).toBe(1);
    const saved = JSON.parse((await bot.services.store.getSetting!('zalo-oa.tokens'))!);
    expect(saved).toMatchObject({ accessToken: 'rotated-access-1', refreshToken: 'rotated-refresh-1' });

    await bot.close();
    bot = await startTestApp(env()); // same DATA_DIR; env still holds the spent first tokens
    expect((await post(textFrom('oa-after-restart', 'after-1', 'khai sinh'))).statusCode).toBe(200);
    const [again] = await fake.waitFor(isSend('oa-after-restart'));
    expect(again?.headers.access_token).toBe('rotated-access-1');
    expect(refreshes).toBe(1);
    fake.respond = null;
  });

  it('refreshes an hour before expiry, once for many callers, and saves the pair before handing it out', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-oa-keeper-'));
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
    const store = new LowdbStore(dir, quiet);
    await store.init();
    try {
      const before = refreshes;
      const keeper = new OaTokenKeeper({ store, dataDir: dir, log: quiet, appId: APP_ID, appSecret: APP_SECRET, oauthBase: fake.url, initial: { accessToken: 'old-access', refreshToken: 'old-refresh', expiresAt: Date.now() + 30 * 60_000 } });
      const tokens = await Promise.all([keeper.accessToken(), keeper.accessToken(), keeper.accessToken()]);
      expect(refreshes).toBe(before + 1);
      expect(new Set(tokens)).toEqual(new Set([`rotated-access-${before + 1}`]));
      expect(JSON.parse((await store.getSetting('zalo-oa.tokens'))!)).toMatchObject({ accessToken: tokens[0], refreshToken: `rotated-refresh-${before + 1}` });
      expect(await keeper.accessToken()).toBe(tokens[0]); // fresh for 25 h now: no new refresh
      expect(refreshes).toBe(before + 1);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a message the OA refuses for good (-230, outside the window) as failed', async () => {
    fake.respond = (c) => (isSend('oa-window')(c) ? { status: 200, body: { error: -230, message: 'User has not interacted with the OA in the past 7 days' } } : undefined);
    expect((await post(textFrom('oa-window', 'win-1', 'khai sinh'))).statusCode).toBe(200);
    expect(await until(async () => (await bot.services.store.listOutbound({ status: 'failed' })).some((i) => i.userId === 'oa-window'), 10_000)).toBe(true);
    const failed = (await bot.services.store.listOutbound({ status: 'failed' })).find((i) => i.userId === 'oa-window')!;
    expect(failed.lastError).toMatch(/-230/);
    expect(failed.lastError).not.toMatch(/rotated-access|first-access/);
    fake.respond = null;
  });
});
