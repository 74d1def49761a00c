import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMessenger } from '../../src/channels/messenger/render.js';
import { startTestApp, type TestApp, settled } from '../helpers/app.js';
import { makeChannelKnowledge } from '../fakes/channel-kb.js';
import { startFakePlatform, until, type FakePlatform, type RecordedCall } from '../fakes/fake-platform.js';
import { fixture } from '../fakes/fixtures.js';
import { expectAnsweredOnce } from '../fakes/replay.js';

const APP_SECRET = 'messenger-app-secret-for-tests';
const VERIFY = 'verify-token-typed-in-dashboard';
const PAGE_TOKEN = 'EAAGpageTokenForTestsOnly123';
const PAGE = '104857600123456';

const sign = (raw: string, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
const allText = (calls: RecordedCall[]) => calls.map((c) => JSON.stringify(c.body.message)).join('\n');

describe('Messenger channel', () => {
  let fake: FakePlatform;
  let bot: TestApp;
  beforeAll(async () => {
    fake = await startFakePlatform((c) => (c.method === 'GET' ? { id: PAGE, name: 'Trung tâm PVHCC (test)' } : { recipient_id: c.body?.recipient?.id, message_id: `m_out_${Date.now()}` }));
    bot = await startTestApp({
      MESSENGER_APP_SECRET: APP_SECRET, MESSENGER_VERIFY_TOKEN: VERIFY, MESSENGER_PAGE_ACCESS_TOKEN: PAGE_TOKEN,
      GRAPH_API_BASE: `${fake.url}/v25.0`, KNOWLEDGE_DIR: makeChannelKnowledge(), PUBLIC_BASE_URL: 'https://bot.example.vn',
    });
    await fake.waitFor((c) => c.method === 'GET' && c.path === '/v25.0/me');
  });
  afterAll(async () => {
    await bot?.close();
    await fake?.close();
  });

  const post = (body: unknown, headers?: Record<string, string>) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return bot.app.inject({ method: 'POST', url: '/webhooks/messenger', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw), ...headers }, payload: raw });
  };
  const to = (psid: string) => (c: RecordedCall) => c.method === 'POST' && c.body?.recipient?.id === psid;
  const withUser = (name: string, psid: string, mid: string) => {
    const f = fixture(`messenger/${name}`);
    const item = f.entry[0].messaging[0];
    item.sender.id = psid;
    if (item.message) item.message.mid = mid;
    if (item.postback) item.postback.mid = mid;
    return f;
  };

  it('answers the verify handshake only with the right token', async () => {
    const ok = await bot.app.inject({ method: 'GET', url: `/webhooks/messenger?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    const bad = await bot.app.inject({ method: 'GET', url: '/webhooks/messenger?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1' });
    expect(bad.statusCode).toBe(403);
  });

  it('answers a signed text message through the Send API, to that user, with the page token', async () => {
    expect((await post(fixture('messenger/text.json'))).statusCode).toBe(200);
    const [call] = await fake.waitFor(to('6543210987654321'));
    expect(call?.path).toBe('/v25.0/me/messages');
    expect(call?.query.get('access_token')).toBe(PAGE_TOKEN);
    expect(call?.body.messaging_type).toBe('RESPONSE');
    await settled(bot.services); // every accepted message answered and sent
    expect(allText(fake.calls.filter(to('6543210987654321')))).toMatch(/khai sinh/i);
  });

  it('verifies the raw bytes: escaped unicode as Meta sends it passes, a re-serialised signature does not', async () => {
    const raw = JSON.stringify(withUser('text.json', 'psid-escaped', 'm_escaped_1')).replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect((await post(raw)).statusCode).toBe(200);
    await fake.waitFor(to('psid-escaped'));
    const raw2 = raw.replace('m_escaped_1', 'm_escaped_2').replace('psid-escaped', 'psid-reserialised');
    const res = await post(raw2, { 'x-hub-signature-256': sign(JSON.stringify(JSON.parse(raw2))) });
    expect(res.statusCode).toBe(401);
  });

  it('handles quick replies and postbacks by their payload', async () => {
    expect((await post(withUser('quick-reply.json', 'psid-quick', 'm_q_1'))).statusCode).toBe(200);
    expect((await post(withUser('postback.json', 'psid-postback', 'm_p_1'))).statusCode).toBe(200);
    await fake.waitFor(to('psid-quick'));
    await fake.waitFor(to('psid-postback'));
    // The text alone ("Giấy tờ cần mang", no topic yet) names no entry: only the payload
    // field:1.001193:documents turns it into the documents of that entry.
    for (const psid of ['psid-quick', 'psid-postback']) {
      const [event] = await bot.services.store.listEvents({ userKey: `messenger:${psid}` });
      expect(event).toMatchObject({ decision: 'followup', entryId: '1.001193' });
      expect(allText(fake.calls.filter(to(psid)))).not.toMatch(/chưa hiểu/);
    }
  });

  it('ignores echoes and reads, and answers an image with a kind "please type" reply', async () => {
    expect((await post(fixture('messenger/echo-and-image.json'))).statusCode).toBe(200);
    const [img] = await fake.waitFor(to('1111222233334444'));
    expect(JSON.stringify(img?.body.message)).toMatch(/nhắn chữ giúp tôi/);
    await settled(bot.services); // every accepted message answered and sent
    expect(fake.calls.filter(to('1111222233334444'))).toHaveLength(1);
    expect(fake.calls.filter(to(PAGE))).toEqual([]);
  });

  it('answers every message of a batched delivery, and leaves standby events to the app that owns the thread', async () => {
    const one = (psid: string, mid: string) => ({ sender: { id: psid }, recipient: { id: PAGE }, timestamp: 1, message: { mid, text: 'khai sinh' } });
    const batch = { object: 'page', entry: [
      { id: PAGE, time: 1, messaging: [one('psid-batch-1', 'm_b1'), one('psid-batch-2', 'm_b2')] },
      { id: PAGE, time: 2, messaging: [one('psid-batch-3', 'm_b3')] },
      { id: PAGE, time: 3, standby: [one('psid-standby', 'm_standby')] },
    ] };
    expect((await post(batch)).statusCode).toBe(200);
    for (const u of ['psid-batch-1', 'psid-batch-2', 'psid-batch-3']) await fake.waitFor(to(u));
    await settled(bot.services); // every accepted message answered and sent
    expect(fake.calls.filter(to('psid-standby'))).toEqual([]);
  });

  it('refuses forged or unsigned deliveries and stays quiet for another page', async () => {
    const forged = withUser('text.json', 'psid-forged', 'm_forged');
    const raw = JSON.stringify(forged);
    expect((await post(raw, { 'x-hub-signature-256': sign(raw, 'wrong-secret') })).statusCode).toBe(401);
    expect((await bot.app.inject({ method: 'POST', url: '/webhooks/messenger', headers: { 'content-type': 'application/json' }, payload: raw })).statusCode).toBe(401);
    const other = withUser('text.json', 'psid-other-page', 'm_other');
    other.entry[0].id = '999999999999';
    other.entry[0].messaging[0].recipient.id = '999999999999';
    expect((await post(other)).statusCode).toBe(200);
    await settled(bot.services); // every accepted message answered and sent
    expect(fake.calls.filter(to('psid-forged'))).toEqual([]);
    expect(fake.calls.filter(to('psid-other-page'))).toEqual([]);
  });

  it('answers malformed bodies with 4xx, and a message delivered 100 times once', async () => {
    const raw = JSON.stringify(withUser('text.json', 'psid-bad', 'm_bad'));
    expect((await post(raw.slice(0, -5))).statusCode).toBe(400);
    expect((await bot.app.inject({ method: 'POST', url: '/webhooks/messenger', headers: { 'content-type': 'text/plain', 'x-hub-signature-256': sign(raw) }, payload: raw })).statusCode).toBe(415);
    expect((await post({ object: 'page', entry: [{ id: PAGE, messaging: [{ sender: { id: 'psid-bad' }, recipient: { id: PAGE }, message: { mid: 'm_big', text: 'x'.repeat(1024 * 1024) } }] }] })).statusCode).toBe(413);
    expect((await post({ object: 'instagram', entry: [] })).statusCode).toBe(400);
    const replay = withUser('text.json', 'psid-replay', 'm_replay');
    await expectAnsweredOnce(bot, fake, 'psid-replay', to('psid-replay'), () => post(replay).then((r) => r.statusCode));
    expect(fake.calls.filter(to('psid-bad'))).toEqual([]);
  });

  it('sends a person\'s reply outside 24 h with the HUMAN_AGENT tag', async () => {
    await bot.services.outbound.send('messenger', 'psid-late', [{ type: 'text', text: 'Chào bạn, tôi là cán bộ xã.' }], { tag: 'human_agent' });
    const [call] = await fake.waitFor(to('psid-late'));
    expect(call?.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Chào bạn, tôi là cán bộ xã.' } });
  });

  it('renders within the Send API limits', () => {
    const ctx = { userId: 'u', lang: 'vi' as const, t: () => 'Gõ số để chọn.' };
    const long = Array.from({ length: 120 }, (_, i) => `Câu số ${i} nói về giấy tờ cần mang khi đăng ký.`).join(' ');
    const texts = renderMessenger([{ type: 'text', text: long }], ctx, 'https://x');
    expect(texts.length).toBeGreaterThan(1);
    for (const t of texts) {
      expect((t.message.text as string).length).toBeLessThanOrEqual(2000);
      expect(t.message.text as string).toMatch(/\.$/);
    }
    const three = renderMessenger([{ type: 'buttons', text: 'Chọn', buttons: [1, 2, 3].map((i) => ({ title: `Mục ${i}`, payload: `entry:${i}` })) }], ctx, 'https://x');
    expect((three[0]?.message as any)?.attachment.payload.buttons).toHaveLength(3);
    const many = renderMessenger([{ type: 'buttons', text: 'Chọn', buttons: Array.from({ length: 20 }, (_, i) => ({ title: `Thủ tục số ${i + 1} rất dài về đất đai`, payload: `entry:${i}` })) }], ctx, 'https://x');
    const last = many.at(-1)!.message as any;
    expect(last.quick_replies.length).toBeLessThanOrEqual(13);
    for (const q of last.quick_replies) expect([...q.title].length).toBeLessThanOrEqual(20);
    expect(many.map((m) => m.message.text).join('\n')).toMatch(/^20\. Thủ tục số 20/m);
    const img = renderMessenger([{ type: 'image', url: '/media/card/1.png', alt: 'thẻ' }], ctx, 'https://bot.example.vn');
    expect(img[0]?.message).toEqual({ attachment: { type: 'image', payload: { url: 'https://bot.example.vn/media/card/1.png', is_reusable: true } } });
  });
});
