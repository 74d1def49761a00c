import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, settled } from '../helpers/app.js';
import { makeChannelKnowledge } from '../fakes/channel-kb.js';
import { startFakePlatform, type FakePlatform, type RecordedCall } from '../fakes/fake-platform.js';
import { fixture } from '../fakes/fixtures.js';
import { BF_APP, botFrameworkSigner } from '../../src/soak/fake-bf-auth.js';
import { startFakePlatforms, type FakePlatforms } from '../../src/soak/fake-platforms.js';

describe('Bot Framework channel (Emulator mode, fake connector on loopback)', () => {
  let connector: FakePlatform;
  let bot: TestApp;
  beforeAll(async () => {
    connector = await startFakePlatform(() => ({ id: `reply-${Date.now()}` }));
    bot = await startTestApp({ BOT_FRAMEWORK_EMULATOR: 'true', KNOWLEDGE_DIR: makeChannelKnowledge() });
  });
  afterAll(async () => {
    await bot?.close();
    await connector?.close();
  });

  const activity = (conversation: string, id: string, extra: Record<string, unknown> = {}) => ({
    ...fixture<Record<string, unknown>>('botframework/message.json'), serviceUrl: connector.url, id, conversation: { id: conversation }, ...extra,
  });
  const post = (body: unknown) => bot.app.inject({ method: 'POST', url: '/api/messages', headers: { 'content-type': 'application/json' }, payload: body as object });
  const inConversation = (id: string) => (c: RecordedCall) => c.method === 'POST' && c.path.startsWith(`/v3/conversations/${encodeURIComponent(id)}/activities`);

  it('answers a message activity and the reply reaches the connector of its serviceUrl', async () => {
    const res = await post(activity('conv-1', 'act-1'));
    expect(res.statusCode).toBe(200);
    const [call] = await connector.waitFor(inConversation('conv-1'));
    expect(call?.body.type).toBe('message');
    expect(call?.body.conversation.id).toBe('conv-1');
    await settled(bot.services); // every accepted message answered and sent
    expect(JSON.stringify(connector.calls.filter(inConversation('conv-1')).map((c) => c.body))).toMatch(/khai sinh/i);
  });

  it('takes a tapped card button (messageBack value.payload) as a payload', async () => {
    expect((await post(activity('conv-2', 'act-2', { text: 'Giấy tờ cần mang', value: { payload: 'field:1.001193:documents' } }))).statusCode).toBe(200);
    const [call] = await connector.waitFor(inConversation('conv-2'));
    expect(JSON.stringify(call?.body)).not.toMatch(/chưa hiểu/);
    // The text alone names no entry: only the payload field:1.001193:documents makes this the documents of that entry.
    const events = await bot.services.store.listEvents({});
    expect(events.filter((e) => e.channel === 'botframework').at(-1)).toMatchObject({ decision: 'followup', entryId: '1.001193' });
  });

  it('answers a replayed activity once, ignores other activity types, refuses bad input', async () => {
    const codes = await Promise.all(Array.from({ length: 30 }, () => post(activity('conv-3', 'act-3')).then((r) => r.statusCode)));
    expect(codes.every((c) => c === 200)).toBe(true);
    await connector.waitFor(inConversation('conv-3'));
    expect((await post(activity('conv-4', 'act-4', { type: 'conversationUpdate', text: undefined }))).statusCode).toBe(200);
    expect((await post({ hello: 'world' })).statusCode).toBe(400);
    expect((await post(activity('conv-5', 'act-5', { serviceUrl: 'https://attacker.example.com' }))).statusCode).toBe(403);
    await settled(bot.services); // every accepted message answered and sent
    const items = (await bot.services.store.listOutbound({ limit: 10_000 })).filter((i) => i.userId === 'emulator:conv-3');
    expect(connector.calls.filter(inConversation('conv-3')).length).toBe(items.length);
    expect(items.length).toBeLessThanOrEqual(4);
    expect(connector.calls.filter(inConversation('conv-4'))).toEqual([]);
    expect(connector.calls.filter(inConversation('conv-5'))).toEqual([]);
  });

  it('lets handoff message a Bot Framework user through the outbound registry', async () => {
    await bot.services.outbound.send('botframework', 'emulator:conv-1', [{ type: 'text', text: 'Cán bộ xã trả lời bạn.' }]);
    const calls = await connector.waitFor((c) => inConversation('conv-1')(c) && c.body.text === 'Cán bộ xã trả lời bạn.');
    expect(calls).toHaveLength(1);
  });
});

describe('Bot Framework channel with credentials', () => {
  it('refuses an activity without a valid token', async () => {
    const bot = await startTestApp({ MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001', MICROSOFT_APP_PASSWORD: 'not-a-real-secret', KNOWLEDGE_DIR: makeChannelKnowledge() });
    try {
      const res = await bot.app.inject({ method: 'POST', url: '/api/messages', headers: { 'content-type': 'application/json' }, payload: { ...fixture<Record<string, unknown>>('botframework/message.json'), channelId: 'webchat', serviceUrl: 'https://webchat.botframework.com/' } });
      expect(res.statusCode).toBe(401);
      expect(await bot.services.store.listOutbound({})).toEqual([]);
    } finally {
      await bot.close();
    }
  });
});

describe('Bot Framework channel with credentials and a channel\'s own signing keys (BOT_FRAMEWORK_OPENID_METADATA_URL, _TOKEN_ISSUER, _LOGIN_URL)', () => {
  let channel: FakePlatforms;
  let bot: TestApp;
  beforeAll(async () => {
    channel = await startFakePlatforms(); // OpenID metadata, signing keys, login service and connector on loopback
    bot = await startTestApp({
      MICROSOFT_APP_ID: BF_APP.id, MICROSOFT_APP_PASSWORD: BF_APP.password, KNOWLEDGE_DIR: makeChannelKnowledge(),
      BOT_FRAMEWORK_OPENID_METADATA_URL: channel.botFramework.openIdMetadataUrl, BOT_FRAMEWORK_TOKEN_ISSUER: channel.botFramework.issuer, BOT_FRAMEWORK_LOGIN_URL: channel.botFramework.loginUrl,
    });
  });
  afterAll(async () => {
    await bot?.close();
    await channel?.close();
  });

  const activity = (conversation: string) => ({ ...fixture<Record<string, unknown>>('botframework/message.json'), serviceUrl: channel.url, id: `${conversation}-1`, conversation: { id: conversation } });
  const post = (body: unknown, token: string) => bot.app.inject({ method: 'POST', url: '/api/messages', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, payload: body as object });
  const sentTo = (conversation: string) => channel.sends.filter((s) => s.channel === 'botframework' && s.userId === `emulator:${conversation}`);

  it('takes an activity signed by the channel and replies with an access token from the login service', async () => {
    const res = await post(activity('signed-1'), channel.botFramework.signer.sign(channel.url));
    expect(res.statusCode).toBe(200);
    await settled(bot.services);
    expect(JSON.stringify(sentTo('signed-1').map((s) => s.body))).toMatch(/khai sinh/i);
    expect(channel.botFramework.tokensIssued()).toBeGreaterThanOrEqual(1);
    expect(channel.botFramework.unauthorizedReplies()).toBe(0);
  });

  it('refuses 401 a token signed by another key (same kid), for another audience or another serviceUrl, and keeps nothing', async () => {
    const forger = botFrameworkSigner(channel.botFramework.issuer, channel.botFramework.signer.kid);
    expect((await post(activity('forged-1'), forger.sign(channel.url))).statusCode).toBe(401);
    expect((await post(activity('forged-2'), channel.botFramework.signer.sign(channel.url, { audience: 'another-bot' }))).statusCode).toBe(401);
    expect((await post(activity('forged-3'), channel.botFramework.signer.sign('https://elsewhere.example.com'))).statusCode).toBe(401);
    expect((await post(activity('forged-4'), channel.botFramework.signer.sign(channel.url, { issuer: 'https://api.botframework.com' }))).statusCode).toBe(401);
    await settled(bot.services);
    const outbound = await bot.services.store.listOutbound({ limit: 10_000 });
    expect(outbound.filter((i) => i.userId.startsWith('emulator:forged-'))).toEqual([]);
    expect(channel.sends.filter((s) => s.userId.startsWith('emulator:forged-'))).toEqual([]);
  });
});
