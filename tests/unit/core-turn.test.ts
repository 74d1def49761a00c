import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { TurnDeps } from '../../src/core/context.js';
import { cleanText, createTurnHandler, MAX_QUEUED_PER_USER, MAX_TEXT } from '../../src/core/turn.js';
import type { Inbound, ReplyPart } from '../../src/domain/messages.js';
import type { HandoffReason } from '../../src/domain/outcome.js';
import { OutboundRegistry } from '../../src/domain/outbound.js';
import { KnowledgeHolder } from '../../src/knowledge/holder.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { loadLocales, type Locales } from '../../src/replies/locales.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/types.js';
import { makeRepliesKnowledge } from '../helpers/replies-fixture.js';

/**
 * Whole turns through the real pipeline (src/core/turn.ts and its steps), in-process: a real lowdb
 * store on a temporary DATA_DIR, the reply-test knowledge, the real locale files. Handoff is
 * represented by what the turn hands it (`openCase` with a reason), the boundary the pipeline owns.
 */
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined, fatal: () => undefined, child: () => silent } as unknown as TurnDeps['log'];
const BIRTH = '1.001193';
let dataDir: string;
let store: Store;
let locales: Locales;
let deps: TurnDeps;
let cases: { user: string; reason: HandoffReason }[];
let handle: ReturnType<typeof createTurnHandler>;
let clock = 1_700_000_000_000;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-turn-'));
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, KNOWLEDGE_DIR: makeRepliesKnowledge(), PUBLIC_BASE_URL: 'https://bot.example.vn', KNOWLEDGE_RELOAD: 'false' });
  store = await openStore(config, silent);
  locales = await loadLocales(config.localesDir, silent);
  const knowledge = new KnowledgeHolder(await loadKnowledge(config.knowledgeDir));
  deps = {
    config, store, knowledge, locales, log: silent, outbound: new OutboundRegistry(), voiceInstalled: () => false,
    openCase: async (ctx, reason) => {
      cases.push({ user: ctx.inbound.userId, reason });
      return { kind: 'opened', reason, caseId: String(cases.length), next: { ask: 'wait', minutes: 30 } };
    },
  };
  handle = createTurnHandler(deps);
});
afterAll(async () => {
  await store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => {
  cases = [];
});

let userSeq = 0;
const newUser = () => `u${++userSeq}`;
const say = (userId: string, text: string, extra: Partial<Inbound> = {}) => {
  clock += 1000;
  return handle({ channel: 'test', userId, text, time: clock, ...extra });
};
const tap = (userId: string, payload: string) => say(userId, '', { payload });
const allText = (parts: ReplyPart[]) => parts.map((p) => ('text' in p ? p.text : 'title' in p ? p.title : '')).join('\n');
const buttonsOf = (parts: ReplyPart[]) => parts.flatMap((p) => (p.type === 'buttons' ? p.buttons : []));
const t = (key: string, params?: Record<string, string | number>) => locales.t('vi', key, params);
/** A first turn, so later turns are not a user's first message (which also offers the language picker). */
async function known(): Promise<string> {
  const u = newUser();
  await say(u, 'xin chào');
  return u;
}

describe('a turn', () => {
  it('answers a question, says which entry matched and remembers it as the topic for a follow-up', async () => {
    const u = await known();
    const r = await say(u, 'làm giấy khai sinh cho con');
    expect(r.match).toMatchObject({ decision: 'answer', id: BIRTH, title: 'Đăng ký khai sinh' });
    expect(allText(r.messages)).toContain('Đăng ký khai sinh');
    const session = await store.getSession(`test:${u}`);
    expect(session).toMatchObject({ topicId: BIRTH, turns: 2, lastQuestion: 'làm giấy khai sinh cho con', fallbackStreak: 0 });
    expect(session?.pendingChoices?.map((b) => b.payload)).toContain('handoff');
    const follow = await say(u, 'mất bao lâu');
    expect(follow.match).toMatchObject({ decision: 'followup', id: BIRTH });
    expect(allText(follow.messages)).toContain('Trong ngày');
  });

  it('records one statistics event per turn with the decision and entry', async () => {
    const u = await known();
    await say(u, 'làm giấy khai sinh cho con');
    const events = await store.listEvents({ userKey: `test:${u}` });
    expect(events).toHaveLength(2);
    expect(events.find((e) => e.text === 'làm giấy khai sinh cho con')).toMatchObject({ channel: 'test', lang: 'vi', decision: 'answer', entryId: BIRTH });
  });

  it('a tapped button is read by its payload', async () => {
    const u = await known();
    const r = await tap(u, `field:${BIRTH}:fee`);
    expect(r.match).toMatchObject({ decision: 'followup', id: BIRTH });
    expect(allText(r.messages)).toContain('Miễn phí');
  });

  it('a digit picks the choice offered last turn (platforms without buttons)', async () => {
    const u = await known();
    const first = await say(u, 'làm giấy khai sinh cho con');
    const choices = buttonsOf(first.messages.filter((p) => p.type === 'buttons').slice(-1));
    const fee = choices.findIndex((b) => b.payload === `feedback:up:${BIRTH}`);
    expect(fee).toBeGreaterThan(-1);
    const r = await say(u, `${fee + 1}.`);
    expect(r.match.decision).toBe('smalltalk');
    const feedback = await store.listFeedback({});
    expect(feedback.find((f) => f.userKey === `test:${u}`)).toMatchObject({ entryId: BIRTH, kind: 'up', useful: true });
    // a number with no choice behind it picks nothing
    await say(u, '99');
    expect((await store.listFeedback({})).filter((f) => f.userKey === `test:${u}`)).toHaveLength(1);
  });

  it('drops a secret before anything keeps it, and warns', async () => {
    const u = await known();
    const r = await say(u, 'mã otp của tôi là 123456');
    expect(allText(r.messages)).toContain(t('smalltalk.safety'));
    const events = await store.listEvents({ userKey: `test:${u}` });
    expect(events.map((e) => e.text)).not.toContain('mã otp của tôi là 123456');
    expect(JSON.stringify(await store.getSession(`test:${u}`))).not.toContain('123456');
    const spaced = await say(u, 'số thẻ 1234\u0007 5678\u0000 9012 3456');
    expect(allText(spaced.messages)).toContain(t('smalltalk.safety'));
  });

  it('"gặp người hỗ trợ" typed opens a case, asked for', async () => {
    const u = await known();
    await say(u, 'tôi muốn gặp người hỗ trợ');
    expect(cases).toEqual([{ user: u, reason: 'asked' }]);
  });

  it('a second fallback in a row hands over to a person', async () => {
    const u = await known();
    const one = await say(u, 'xyzzy plugh quux');
    expect(one.match.decision).toBe('fallback');
    expect(cases).toEqual([]);
    await say(u, 'frobnicate wibble');
    expect(cases).toEqual([{ user: u, reason: 'fallbacks' }]);
  });

  it('👎 on an answer opens a case and keeps the feedback with the question it judges', async () => {
    const u = await known();
    await say(u, 'làm giấy khai sinh cho con');
    await tap(u, `feedback:down:${BIRTH}`);
    expect(cases).toEqual([{ user: u, reason: 'thumbs_down' }]);
    const mine = (await store.listFeedback({})).filter((f) => f.userKey === `test:${u}`);
    expect(mine).toEqual([expect.objectContaining({ entryId: BIRTH, entryTitle: 'Đăng ký khai sinh', kind: 'down', useful: false, question: 'làm giấy khai sinh cho con', decision: 'answer' })]);
  });

  it('"none of these" on a clarification records which offer was wrong and asks for a person', async () => {
    const u = await known();
    await tap(u, 'topic:civil-status');
    await tap(u, 'none');
    expect(cases).toEqual([{ user: u, reason: 'none_of_these' }]);
    const mine = (await store.listFeedback({})).filter((f) => f.userKey === `test:${u}`);
    expect(mine).toEqual([expect.objectContaining({ kind: 'not_this', useful: false, decision: 'clarify' })]);
    expect(mine[0]?.entryId).toBeTruthy();
  });

  it('a photo without text is named as a photo', async () => {
    const u = await known();
    const r = await say(u, '', { attachment: 'image' });
    expect(allText(r.messages)).toContain(t('smalltalk.unsupported_image'));
    const v = await say(u, '', { attachment: 'audio' });
    expect(allText(v.messages)).toContain(t('smalltalk.unsupported_audio'));
    const f = await say(u, '', { attachment: 'file' });
    expect(allText(f.messages)).toContain(t('smalltalk.unsupported_attachment'));
  });

  it('"đọc cho tôi nghe" reads the topic aloud, or asks which one without a topic', async () => {
    const u = await known();
    const none = await say(u, 'đọc cho tôi nghe');
    expect(allText(none.messages)).toBe(t('audio.no_topic'));
    await say(u, 'làm giấy khai sinh cho con');
    const r = await say(u, 'đọc cho tôi nghe');
    expect(r.match).toMatchObject({ decision: 'answer', id: BIRTH });
    expect(allText(r.messages)).toContain(t('audio.unavailable'));
  });
});

describe('language', () => {
  it('a first greeting gets the language picker; a later one does not', async () => {
    const u = newUser();
    const first = await say(u, 'xin chào');
    expect(buttonsOf(first.messages).map((b) => b.payload)).toEqual(expect.arrayContaining(['lang:vi', 'lang:tay', 'lang:dao', 'lang:en']));
    expect(allText(first.messages)).toContain(t('lang.first'));
    const second = await say(u, 'xin chào');
    expect(buttonsOf(second.messages).some((b) => b.payload.startsWith('lang:'))).toBe(false);
  });

  it('a first real question is answered, with a 🌐 button added', async () => {
    const u = newUser();
    const r = await say(u, 'làm giấy khai sinh cho con');
    expect(r.match.id).toBe(BIRTH);
    const buttons = buttonsOf(r.messages);
    expect(buttons.filter((b) => b.payload === 'langpick')).toHaveLength(1);
  });

  it('picking a language confirms it, keeps it and re-shows the topic in it', async () => {
    const u = await known();
    await say(u, 'làm giấy khai sinh cho con');
    const r = await tap(u, 'lang:en');
    expect(allText(r.messages)).toContain(locales.t('en', 'lang.set', { name: locales.languageName('en') }));
    expect(r.match).toMatchObject({ decision: 'answer', id: BIRTH });
    expect(await store.getSession(`test:${u}`)).toMatchObject({ lang: 'en', langChosen: true });
    const next = await say(u, 'xin chào');
    expect(allText(next.messages)).toContain(locales.t('en', 'smalltalk.greeting'));
  });

  it('typed "tiếng Tày" picks Tày and says it is partly translated; "đổi ngôn ngữ" shows the picker', async () => {
    const u = await known();
    const r = await say(u, 'tiếng Tày');
    expect(allText(r.messages)).toContain(locales.t('tay', 'lang.partial'));
    expect((await store.getSession(`test:${u}`))?.lang).toBe('tay');
    const picker = await say(u, 'đổi ngôn ngữ');
    expect(buttonsOf(picker.messages).map((b) => b.payload)).toContain('lang:vi');
    const bad = await tap(u, 'lang:xx');
    expect(buttonsOf(bad.messages).map((b) => b.payload)).toContain('lang:vi');
  });

  it('Dao asks which Dao language; the answer is kept', async () => {
    const u = await known();
    const r = await tap(u, 'lang:dao');
    const variants = r.messages.find((p) => p.type === 'buttons' && p.text === locales.t('dao', 'lang.dao_variant'));
    expect(buttonsOf(variants ? [variants] : []).map((b) => b.payload)).toEqual(['lang:dao-iumien', 'lang:dao-kimmun']);
    await tap(u, 'lang:dao-kimmun');
    expect(await store.getSession(`test:${u}`)).toMatchObject({ lang: 'dao', daoVariant: 'dao-kimmun' });
  });

  it('a language given with the message (web demo) is used and counts as chosen', async () => {
    const u = newUser();
    const r = await say(u, 'xin chào', { lang: 'en' });
    expect(allText(r.messages)).toContain(locales.t('en', 'smalltalk.greeting'));
    expect(await store.getSession(`test:${u}`)).toMatchObject({ lang: 'en', langChosen: true });
  });
});

describe('turns of one user', () => {
  it(`run one at a time, in order; more than ${MAX_QUEUED_PER_USER} waiting are refused with TURN_QUEUE_FULL`, async () => {
    const u = await known();
    const texts = Array.from({ length: MAX_QUEUED_PER_USER + 1 }, (_, i) => `câu ${i}`);
    const results = await Promise.allSettled(texts.map((x) => say(u, x)));
    expect(results.slice(0, MAX_QUEUED_PER_USER).every((r) => r.status === 'fulfilled')).toBe(true);
    const refused = results[MAX_QUEUED_PER_USER];
    expect(refused).toMatchObject({ status: 'rejected', reason: { statusCode: 429, code: 'TURN_QUEUE_FULL' } });
    const session = await store.getSession(`test:${u}`);
    expect(session?.turns).toBe(1 + MAX_QUEUED_PER_USER);
    expect(session?.lastQuestion).toBe(`câu ${MAX_QUEUED_PER_USER - 1}`);
    // another user is never held up by a flooding one, and the flooder can go on afterwards
    const other = newUser();
    const [, otherTurn] = await Promise.all([Promise.allSettled(texts.map((x) => say(u, x))), say(other, 'xin chào')]);
    expect(otherTurn.messages.length).toBeGreaterThan(0);
    expect((await say(u, 'xin chào')).messages.length).toBeGreaterThan(0);
  });
});

describe('cleanText', () => {
  it('turns control characters into spaces, keeps newlines and tabs, and cuts very long input', () => {
    expect(cleanText('a\u0000b\u0008c\u000bd\u001fe\u007ff\u009fg')).toBe('a b c d e f g');
    expect(cleanText('a\nb\tc')).toBe('a\nb\tc');
    expect(cleanText('x'.repeat(MAX_TEXT + 10))).toHaveLength(MAX_TEXT);
    expect(cleanText('Ha\u0300 No\u0302\u0323i')).toBe('Hà Nội');
  });
});

describe('what a turn keeps', () => {
  it('a long question is kept cut at 500 characters, in the session and the statistics', async () => {
    const u = await known();
    const long = `làm giấy khai sinh ${'rất '.repeat(200)}`.trim();
    await say(u, long);
    expect((await store.getSession(`test:${u}`))?.lastQuestion).toBe(long.slice(0, 500));
    const events = await store.listEvents({ userKey: `test:${u}` });
    expect(events.map((e) => e.text)).toContain(long.slice(0, 500));
  });

  it('every way of asking to hear it reads the topic aloud', async () => {
    const u = await known();
    await say(u, 'làm giấy khai sinh cho con');
    for (const text of ['đọc', 'đọc to', 'đọc cho bác nghe', 'đọc cho nghe', 'đọc lên', 'đọc giúp tôi', 'nghe đọc', 'cho mình nghe', 'đọc đi', 'read aloud', 'read it to me', 'listen']) {
      const r = await say(u, text);
      expect([text, r.match.id]).toEqual([text, BIRTH]);
    }
    expect((await say(u, 'đọc sách')).match.id).not.toBe(BIRTH);
  });

  it('keeps the last five messages of two hours in the session for a case to start with, never a secret', async () => {
    const u = await known();
    clock += 3 * 3_600_000; // the greeting is out of the window now
    for (const text of ['câu 1', 'câu 2', 'mã OTP của tôi là 483920', 'câu 3', 'câu 4', 'câu 5', 'câu 6']) await say(u, text);
    const recent = (await store.getSession(`test:${u}`))?.recent;
    expect(recent?.map((m) => m.text)).toEqual(['câu 2', 'câu 3', 'câu 4', 'câu 5', 'câu 6']);
    clock += 3 * 3_600_000;
    await say(u, 'câu 7');
    expect((await store.getSession(`test:${u}`))?.recent?.map((m) => m.text)).toEqual(['câu 7']);
  });

  it('words what handoff did after what came before it: a closed case\'s waiting messages, then the new case', async () => {
    const waiting = '👤 Chị Demo: Bạn mang căn cước nhé.';
    const turn = createTurnHandler({
      ...deps,
      interceptHandoff: async () => ({ kind: 'closed', pending: [waiting] }),
      openCase: async (_ctx, reason) => ({ kind: 'opened', reason, caseId: '7', next: { ask: 'wait', commune: { code: 'tien-yen', name: 'xã Tiên Yên' }, minutes: 30 } }),
    });
    clock += 1000;
    const r = await turn({ channel: 'test', userId: newUser(), text: 'gặp người hỗ trợ', time: clock });
    expect(r.messages.map((p) => ('text' in p ? p.text : ''))).toEqual([waiting, t('handoff.intro.asked'), t('handoff.waiting', { commune: 'xã Tiên Yên', minutes: 30 })]);
    expect(r.match.decision).toBe('handoff');
  });

  it('every way of asking for a person opens a case', async () => {
    for (const text of ['cho tôi gặp cán bộ', 'nói chuyện với người thật', 'liên hệ tổ công nghệ số', 'người hỗ trợ', 'human', 'agent', 'talk to a person']) {
      const u = await known();
      cases = [];
      await say(u, text);
      expect([text, cases]).toEqual([text, [{ user: u, reason: 'asked' }]]);
    }
  });

  it('a message clearly in Tày switches the reply language and says so, until the user picks one', async () => {
    const u = await known();
    const r = await say(u, 'slèng noọng khai sinh');
    expect(allText(r.messages)).toContain(locales.t('tay', 'lang.detected', { name: locales.languageName('tay') }));
    expect(await store.getSession(`test:${u}`)).toMatchObject({ lang: 'tay' });
    await tap(u, 'lang:vi');
    const again = await say(u, 'slèng noọng khai sinh');
    expect(allText(again.messages)).not.toContain(locales.t('tay', 'lang.detected', { name: locales.languageName('tay') }));
    expect((await store.getSession(`test:${u}`))?.lang).toBe('vi');
  });

  it('typed language names and picker words', async () => {
    const cases2: [string, string][] = [['tiếng Việt', 'vi'], ['Vietnamese', 'vi'], ['tiếng Anh', 'en'], ['English', 'en'], ['tiếng Dao', 'dao'], ['Iu Mien', 'dao']];
    for (const [text, lang] of cases2) {
      const u = await known();
      await say(u, text);
      expect([text, (await store.getSession(`test:${u}`))?.lang]).toEqual([text, lang]);
    }
    for (const text of ['ngôn ngữ', 'chọn ngôn ngữ', 'đổi tiếng', 'change language', 'lang']) {
      const u = await known();
      const r = await say(u, text);
      expect([text, buttonsOf(r.messages).map((b) => b.payload)]).toEqual([text, expect.arrayContaining(['lang:vi', 'lang:en'])]);
    }
  });
});

describe('secrets in any turn', () => {
  it('a tapped message whose text holds a secret: the text is dropped before any step reads it', async () => {
    const u = await known();
    clock += 1000;
    const inbound: Inbound = { channel: 'test', userId: u, text: 'mã otp 123456', payload: 'help', time: clock };
    const r = await handle(inbound);
    expect(inbound).toMatchObject({ text: undefined, sensitive: true });
    expect(allText(r.messages)).toContain(t('smalltalk.safety'));
    const events = await store.listEvents({ userKey: `test:${u}` });
    expect(JSON.stringify(events)).not.toContain('123456');
  });

  it('a first message in English gets no "partly translated" note; Dao with a known variant is not asked again', async () => {
    const u = await known();
    const en = await tap(u, 'lang:en');
    expect(allText(en.messages)).not.toContain(locales.t('en', 'lang.partial'));
    await tap(u, 'lang:dao-iumien');
    const dao = await tap(u, 'lang:dao');
    expect(buttonsOf(dao.messages).map((b) => b.payload)).not.toContain('lang:dao-kimmun');
  });
});
