import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeRepliesKnowledge } from '../helpers/replies-fixture.js';

type Part = { type: string; text?: string; buttons?: { title: string; payload: string }[]; url?: string };
const all = (messages: Part[]) => messages.map((m) => `${m.text ?? ''} ${(m.buttons ?? []).map((b) => `${b.title}=${b.payload}`).join(' ')}`).join('\n');
const payloads = (messages: Part[]) => messages.flatMap((m) => m.buttons ?? []).map((b) => b.payload);
const PICKER = [
  { title: 'Tiếng Việt', payload: 'lang:vi' },
  { title: 'Tày', payload: 'lang:tay' },
  { title: 'Dao', payload: 'lang:dao' },
  { title: 'English', payload: 'lang:en' },
];

describe('the user\'s language through /api/chat', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ KNOWLEDGE_DIR: makeRepliesKnowledge(), PUBLIC_BASE_URL: 'https://bot.example.vn' });
  });
  afterAll(async () => t?.close());
  const say = async (user: string, text: string, extra: Record<string, unknown> = {}) => (await t.chat(user, text, extra)).body.messages as Part[];

  it('offers the picker (each language in its own name) on a first greeting', async () => {
    const m = await say('pick-1', 'xin chào');
    expect(m.at(-1)!.buttons).toEqual(PICKER);
  });

  it('picks Tày, remembers it, and shows Tày strings only once reviewed (drafts fall back to Vietnamese)', async () => {
    await say('pick-2', 'xin chào');
    const picked = await say('pick-2', '', { payload: 'lang:tay' });
    expect(all(picked)).toMatch(/Đã chọn: Tày/);
    expect(all(picked)).not.toMatch(/Nỉ slèng bấu\?/); // shipped as draft: not shown to villagers
    expect(all(picked)).toMatch(/Xin chào/);
    expect(all(picked)).toMatch(/chưa được người bản ngữ kiểm tra/);
    const answer = await say('pick-2', 'lam giay khai sinh cho con o dau');
    expect(all(answer)).not.toContain('Chỉa (giấy tờ) cần mang');
    expect(all(answer)).toContain('Giấy tờ cần mang');
    expect(all(answer)).toContain('Đăng ký khai sinh');
    expect(all(answer)).toContain('khai sinh: test explanation');
    expect(answer.find((p) => p.type === 'image')!.url).toMatch(/^https:\/\/bot\.example\.vn\/media\/cards\/1\.001193\.tay\.png\?s=[\w-]{16}$/);
  });

  it('still answers a real question on the first message, with a small language button', async () => {
    const { body } = await t.chat('pick-3', 'lam giay khai sinh cho con o dau');
    expect(body.match).toMatchObject({ decision: 'answer', id: '1.001193' });
    expect(payloads(body.messages)).toContain('langpick');
    expect(payloads(body.messages)).toContain('feedback:up:1.001193');
  });

  it('changes language any time: typed "đổi ngôn ngữ", "language" and the langpick button open the picker', async () => {
    await say('pick-4', 'lam giay khai sinh cho con o dau', { lang: 'vi' });
    for (const [text, extra] of [['đổi ngôn ngữ', {}], ['language', {}], ['', { payload: 'langpick' }]] as const) {
      const m = await say('pick-4', text, extra);
      expect(m.at(-1)!.buttons).toEqual(PICKER);
    }
    const en = await say('pick-4', '', { payload: 'lang:en' });
    expect(all(en)).toMatch(/Language: English/);
    expect(all(en)).toMatch(/Papers to bring/); // the current topic again, in the new frame
    expect(all(await say('pick-4', 'mất bao lâu'))).toMatch(/Time: Trong ngày/);
  });

  it('asks a villager who picks Dao which Dao language, and keeps the variant', async () => {
    const picked = await say('dao-1', '', { payload: 'lang:dao' });
    expect(all(picked)).toMatch(/Đã chọn: Dao/);
    expect(payloads(picked)).toEqual(expect.arrayContaining(['lang:dao-iumien', 'lang:dao-kimmun']));
    const variant = await say('dao-1', '', { payload: 'lang:dao-kimmun' });
    expect(payloads(variant)).not.toContain('lang:dao-kimmun');
    expect((await t.services.store.getSession('api:dao-1'))).toMatchObject({ lang: 'dao', daoVariant: 'dao-kimmun' });
  });

  it('does not ask a Dao villager whose commune names its Dao language (dao_variant), and asks elsewhere', async () => {
    const dir = makeRepliesKnowledge();
    writeFileSync(path.join(dir, 'communes.yaml'), 'communes:\n  - { code: test-iumien, name: "xã Thử", dao_variant: dao-iumien }\n  - { code: tien-yen, name: "xã Tiên Yên" }\n');
    const app = await startTestApp({ KNOWLEDGE_DIR: dir });
    try {
      const now = Date.now();
      for (const [user, communeCode] of [['dao-commune', 'test-iumien'], ['dao-elsewhere', 'tien-yen']] as const) {
        await app.services.store.saveSession({ key: `api:${user}`, channel: 'api', userId: user, communeCode, turns: 1, createdAt: now, updatedAt: now });
      }
      const fromCommune = (await app.chat('dao-commune', '', { payload: 'lang:dao' })).body.messages as Part[];
      expect(payloads(fromCommune)).not.toContain('lang:dao-kimmun');
      const elsewhere = (await app.chat('dao-elsewhere', '', { payload: 'lang:dao' })).body.messages as Part[];
      expect(payloads(elsewhere)).toEqual(expect.arrayContaining(['lang:dao-iumien', 'lang:dao-kimmun']));
    } finally {
      await app.close();
    }
  });

  it('answers an unknown language code with the picker, not an error', async () => {
    const m = await say('pick-5', '', { payload: 'lang:fr' });
    expect(m.at(-1)!.buttons).toEqual(PICKER);
  });

  it('switches to a clearly Tày or English message, but never overrides a picked language', async () => {
    await say('det-1', 'xin chào');
    expect(all(await say('det-1', 'Nỉ slèng bấu? khai sinh'))).toMatch(/đoán bạn dùng Tày/);
    await say('det-2', 'hi', { lang: 'vi' });
    expect(all(await say('det-2', 'Nỉ slèng bấu? khai sinh'))).not.toMatch(/đoán bạn dùng/);
    await say('det-3', 'xin chào');
    expect(all(await say('det-3', 'where do I get a birth certificate please'))).toMatch(/It looks like you write English/);
  });

  it('reads the topic aloud on "đọc cho tôi nghe", and asks which one without a topic', async () => {
    expect(all(await say('voice-0', 'đọc cho tôi nghe', { lang: 'vi' }))).toMatch(/nghe đọc thủ tục nào/);
  });
});

describe('GET /api/chat/inbox: messages sent outside a turn', () => {
  it('keeps what the api sender got per user and hands it over once, with the same bearer rule', async () => {
    const t = await startTestApp({ KNOWLEDGE_DIR: makeRepliesKnowledge(), CHAT_API_TOKEN: 'test-token-123' });
    try {
      await t.services.outbound.send('api', 'web-1', [{ type: 'text', text: '👤 Chị Demo: Bạn mang căn cước nhé.' }]);
      const auth = { authorization: 'Bearer test-token-123' };
      expect((await t.app.inject({ url: '/api/chat/inbox?user=web-1' })).statusCode).toBe(401);
      expect((await t.app.inject({ url: '/api/chat/inbox', headers: auth })).statusCode).toBe(400);
      const first = await t.app.inject({ url: '/api/chat/inbox?user=web-1', headers: auth });
      expect(first.json()).toEqual({ messages: [{ type: 'text', text: '👤 Chị Demo: Bạn mang căn cước nhé.' }] });
      expect((await t.app.inject({ url: '/api/chat/inbox?user=web-1', headers: auth })).json()).toEqual({ messages: [] });
      expect((await t.app.inject({ url: '/api/chat/inbox?user=web-2', headers: auth })).json()).toEqual({ messages: [] });
    } finally {
      await t.close();
    }
  });
});
