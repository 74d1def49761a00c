import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, settled } from '../helpers/app.js';
import { startFakePlatform, until, type FakePlatform, type RecordedCall } from '../fakes/fake-platform.js';
import { fixture } from '../fakes/fixtures.js';
import { expectAnsweredOnce } from '../fakes/replay.js';
import { makeChannelKnowledge } from '../fakes/channel-kb.js';
import { renderZalo } from '../../src/channels/zalo/render.js';

const TOKEN = '3512200466123456789:ZaloBotSecretPartForTests';
const SECRET = 'zalo-webhook-secret-for-tests';

describe('Zalo Bot API channel', () => {
  let fake: FakePlatform;
  let bot: TestApp;
  beforeAll(async () => {
    fake = await startFakePlatform(() => ({ ok: true, result: { message_id: 'out-1', date: Date.now() } }));
    bot = await startTestApp({ ZALO_BOT_TOKEN: TOKEN, ZALO_WEBHOOK_SECRET: SECRET, ZALO_API_BASE: fake.url, KNOWLEDGE_DIR: makeChannelKnowledge(), PUBLIC_BASE_URL: 'https://bot.example.vn' });
  });
  afterAll(async () => {
    await bot?.close();
    await fake?.close();
  });

  const post = (payload: unknown, headers: Record<string, string> = { 'x-bot-api-secret-token': SECRET }) =>
    bot.app.inject({ method: 'POST', url: '/webhooks/zalo', headers: { 'content-type': 'application/json', ...headers }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
  const to = (chatId: string) => (c: RecordedCall) => c.body?.chat_id === chatId;

  function textEvent(id: string, user: string, text: string) {
    const f = fixture('zalo-bot/text-wrapped.json');
    Object.assign(f.result.message, { message_id: id, text, chat: { id: user, chat_type: 'PRIVATE' }, from: { id: user, display_name: 'Dân', is_bot: false } });
    return f;
  }

  it('answers a documented text update quickly and the reply reaches sendMessage for that user', async () => {
    const started = Date.now();
    const res = await post(fixture('zalo-bot/text-wrapped.json'));
    expect(res.statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000); // acknowledged before the turn runs
    const [call] = await fake.waitFor(to('e4ea2cd5189df1c3a88c'));
    expect(call?.path).toBe(`/bot${TOKEN}/sendMessage`);
    expect(call?.body.text.length).toBeGreaterThan(0);
    expect(call?.body.text.length).toBeLessThanOrEqual(2000);
    expect(call?.body.text).toMatch(/khai sinh/i);
  });

  it('gives a kind "please type" reply to an image sent in the bare body shape, and to a sticker', async () => {
    expect((await post(fixture('zalo-bot/image-bare.json'))).statusCode).toBe(200);
    const [img] = await fake.waitFor(to('7a1c0b2d3e4f5a6b7c8d'));
    expect(img?.body.text).toMatch(/nhắn chữ giúp tôi/);
    expect((await post(fixture('zalo-bot/sticker-bare.json'))).statusCode).toBe(200);
    const [st] = await fake.waitFor(to('9f8e7d6c5b4a39281706'));
    expect(st?.body.text).toMatch(/nhắn chữ giúp tôi/);
  });

  it('shows choices as numbered text, and a digit picks one', async () => {
    expect((await post(textEvent('menu-1', 'menu-user', 'xin chào'))).statusCode).toBe(200);
    const first = await fake.waitFor(to('menu-user'));
    await settled(bot.services); // every accepted message answered and sent
    const numbered = fake.calls.filter(to('menu-user')).map((c) => c.body.text).join('\n');
    expect(numbered).toMatch(/^1\. .+$/m);
    expect(numbered).toMatch(/Gõ số để chọn/);
    const before = fake.calls.filter(to('menu-user')).length;
    expect(first.length).toBeGreaterThan(0);
    expect((await post(textEvent('menu-2', 'menu-user', '1'))).statusCode).toBe(200);
    const after = await fake.waitFor(to('menu-user'), before + 1);
    expect(after.at(-1)!.body.text).not.toMatch(/chưa hiểu/);
  });

  it('numbers only the choices a digit can answer (the last ones), and splits long text at 2,000', () => {
    const ctx = { userId: 'u', lang: 'vi' as const, t: () => 'Gõ số để chọn (ví dụ: 1).' };
    const out = renderZalo([
      { type: 'buttons', text: 'Ngôn ngữ:', buttons: [{ title: 'Tiếng Việt', payload: 'lang:vi' }] },
      { type: 'text', text: 'Câu dài. '.repeat(400) },
      { type: 'buttons', text: 'Bạn cần gì?', buttons: [{ title: 'Giấy tờ', payload: 'field:1:documents' }, { title: 'Lệ phí', payload: 'field:1:fee' }] },
      { type: 'image', url: '/media/x.png', alt: 'Thẻ' },
    ], ctx, 'https://bot.example.vn');
    expect(out[0]?.params.text).toBe('Ngôn ngữ:\n\n• Tiếng Việt');
    const long = out.filter((o) => String(o.params.text ?? '').startsWith('Câu dài'));
    expect(long.length).toBe(2);
    for (const l of long) expect(String(l.params.text).length).toBeLessThanOrEqual(2000);
    expect(out.at(-2)!.params.text).toBe('Bạn cần gì?\n\n1. Giấy tờ\n2. Lệ phí\n\nGõ số để chọn (ví dụ: 1).');
    expect(out.at(-1)).toEqual({ method: 'sendPhoto', params: { chat_id: 'u', photo: 'https://bot.example.vn/media/x.png', caption: 'Thẻ' } });
  });

  it('refuses a wrong or missing secret with 401 and processes nothing', async () => {
    const forged = textEvent('forged-1', 'forged-user', 'khai sinh');
    expect((await post(forged, { 'x-bot-api-secret-token': 'not-the-secret' })).statusCode).toBe(401);
    expect((await post(forged, {})).statusCode).toBe(401);
    expect((await post(forged, { 'x-bot-api-secret-token': SECRET.slice(0, -1) })).statusCode).toBe(401);
    await settled(bot.services); // every accepted message answered and sent
    expect(fake.calls.filter(to('forged-user'))).toEqual([]);
  });

  it('answers malformed deliveries with 4xx or a quiet 200 and never crashes', async () => {
    const user = 'bad-input-user';
    const raw = JSON.stringify(textEvent('trunc-1', user, 'khai sinh'));
    expect((await post(raw.slice(0, raw.length - 7))).statusCode).toBe(400);
    const plain = await bot.app.inject({ method: 'POST', url: '/webhooks/zalo', headers: { 'content-type': 'text/plain', 'x-bot-api-secret-token': SECRET }, payload: raw });
    expect(plain.statusCode).toBe(415);
    const huge = textEvent('huge-1', user, 'a'.repeat(1024 * 1024));
    expect((await post(huge)).statusCode).toBe(413);
    expect((await post({ event_name: 'message.reaction.received', message: { message_id: 'r1', chat: { id: user } } })).statusCode).toBe(200);
    expect((await post({ event_name: 'something.new', whatever: true })).statusCode).toBe(200);
    expect((await post(fixture('zalo-bot/unsupported-no-message.json'))).statusCode).toBe(200);
    expect((await post([1, 2, 3])).statusCode).toBe(400);
    expect((await post({ hello: 'world' })).statusCode).toBe(400);
    await settled(bot.services); // every accepted message answered and sent
    expect(fake.calls.filter(to(user))).toEqual([]);
    expect((await bot.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('answers a message id delivered 100 times exactly once', async () => {
    const event = textEvent('replayed-1', 'replay-user', 'làm căn cước ở đâu');
    await expectAnsweredOnce(bot, fake, 'replay-user', to('replay-user'), () => post(event).then((r) => r.statusCode));
  });

  it('keeps a reply the platform refuses for good (4xx) as failed, with an error that holds no token', async () => {
    fake.respond = (c) => (c.body?.chat_id === 'blocked-user' ? { status: 403, body: { ok: false, error_code: 403, description: 'user blocked the bot' } } : undefined);
    try {
      expect((await post(textEvent('blocked-1', 'blocked-user', 'khai sinh'))).statusCode).toBe(200);
      expect(await until(async () => (await bot.services.store.listOutbound({ status: 'failed' })).some((i) => i.userId === 'blocked-user'), 10_000)).toBe(true);
      const failed = (await bot.services.store.listOutbound({ status: 'failed' })).find((i) => i.userId === 'blocked-user');
      expect(failed?.attempts).toBe(1);
      expect(failed?.lastError).toMatch(/403/);
      expect(failed?.lastError).not.toContain(TOKEN);
      expect(failed?.lastError).not.toContain('ZaloBotSecretPartForTests');
    } finally {
      fake.respond = null;
    }
  });
});
