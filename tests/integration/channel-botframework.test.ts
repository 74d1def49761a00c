import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, settled } from '../helpers/app.js';
import { makeChannelKnowledge } from '../fakes/channel-kb.js';
import { startFakePlatform, type FakePlatform, type RecordedCall } from '../fakes/fake-platform.js';
import { fixture } from '../fakes/fixtures.js';

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
