import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LANGS, type Lang, type ReplyPart } from '../../src/domain/messages.js';
import type { Outcome, SmalltalkIntent } from '../../src/domain/outcome.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { composeAnswer, composeOutcome, type ComposeInput } from '../../src/replies/compose.js';
import { FALLBACK_ICON, iconFor } from '../../src/replies/icons.js';
import { createLocales, loadLocales, type Locales } from '../../src/replies/locales.js';
import { speechAvailable } from '../../src/replies/speech.js';
import { cardUrl } from '../../src/replies/media-urls.js';
import { makeRepliesKnowledge } from '../helpers/replies-fixture.js';
import { expectWithinLimits } from '../helpers/reply-limits.js';

const BASE = 'https://bot.example.vn';
const warnings: object[] = [];
let locales: Locales;
let kb: KnowledgeBase;

beforeAll(async () => {
  locales = await loadLocales(path.resolve('locales'), { warn: (o) => warnings.push(o) });
  kb = await loadKnowledge(makeRepliesKnowledge());
});

function ctxFor(lang: Lang, readAloudId?: string, voiceAvailable = false): ComposeInput {
  return { lang, entries: kb.entries, locales, publicBaseUrl: BASE, readAloudId, voiceAvailable };
}

const texts = (parts: ReplyPart[]) => parts.map((p) => ('text' in p ? p.text : '') + ('buttons' in p ? p.buttons.map((b) => b.title).join(' ') : '')).join('\n');

describe('composeAnswer', () => {
  it('gives a short first bubble (name, sentence, top papers, fee, time, where); steps, papers and the link behind buttons', () => {
    const parts = composeAnswer(kb.entries.get('1.001193')!, 'vi', locales, { baseUrl: BASE });
    expectWithinLimits(parts);
    const first = (parts[0] as { text: string }).text;
    expect(first.length).toBeLessThanOrEqual(350);
    expect(first).toMatch(/^📋 Đăng ký khai sinh\nLàm giấy khai sinh cho con mới sinh\.\n/);
    expect(first).toContain('Giấy chứng sinh (1 bản chính)');
    expect(first).toContain('💰 Lệ phí: Miễn phí');
    expect(first).toContain('⏱️ Thời gian: Trong ngày');
    expect(first).toContain('📍 Nộp ở đâu: Bộ phận một cửa');
    expect(texts(parts)).not.toMatch(/^\d\. /m); // steps are one tap away, not in the answer
    expect(parts).toContainEqual({ type: 'image', url: cardUrl(BASE, '1.001193', 'vi'), alt: 'Thẻ hướng dẫn: Đăng ký khai sinh' });
    expect(cardUrl(BASE, '1.001193', 'vi')).toMatch(new RegExp(`^${BASE}/media/cards/1\\.001193\\.vi\\.png\\?s=[\\w-]{16}$`));
    const [next, feedback] = parts.filter((p): p is Extract<ReplyPart, { type: 'buttons' }> => p.type === 'buttons');
    expect(next!.buttons.map((b) => b.payload)).toEqual(['field:1.001193:steps', 'field:1.001193:documents', 'field:1.001193:online']);
    expect(feedback!.buttons.map((b) => b.payload)).toEqual(['more:1.001193', 'audio:1.001193', 'feedback:up:1.001193', 'feedback:down:1.001193', 'handoff']);
  });

  it('says plainly which facts are not known and offers a person, never inventing them', () => {
    const parts = composeAnswer(kb.entries.get('test-thuong-tru')!, 'vi', locales, { baseUrl: BASE });
    expectWithinLimits(parts);
    expect(texts(parts)).toMatch(/Chưa có thông tin về: giấy tờ cần mang, lệ phí, thời gian, nộp ở đâu/);
    expect(texts(parts)).toContain('Gặp người hỗ trợ');
  });

  it('gives an entry with only a name, an agency and a link what it has, names the rest as not known, and never the stub', () => {
    const parts = composeAnswer(kb.entries.get('1.000894')!, 'vi', locales, { baseUrl: BASE });
    expectWithinLimits(parts);
    const all = texts(parts);
    expect(all).toContain('Thủ tục đăng ký kết hôn');
    expect(all).toContain('📍 Nộp ở đâu: Ủy ban nhân dân cấp xã (cấp xã)');
    expect(all).toMatch(/Chưa có thông tin về: giấy tờ cần mang, lệ phí, thời gian\./);
    expect(all).not.toMatch(/chưa có hướng dẫn chi tiết/);
    expect(JSON.stringify(parts)).toContain('"payload":"field:1.000894:online"');
    expect(JSON.stringify(parts)).toContain('"payload":"handoff"');
  });

  it('uses the Tày frame with the Vietnamese procedure terms and the glossary, once the strings are reviewed', () => {
    const tay = locales.files.get('tay')!;
    const reviewed = createLocales(new Map([...locales.files, ['tay', { ...tay, review: Object.fromEntries(Object.keys(tay.strings).map((k) => [k, 'reviewed' as const])) }]]), { warn: () => undefined });
    expect(texts(composeAnswer(kb.entries.get('1.001193')!, 'tay', locales, { baseUrl: BASE }))).not.toContain('Chỉa'); // drafts stay hidden
    const parts = composeAnswer(kb.entries.get('1.001193')!, 'tay', reviewed, { baseUrl: BASE });
    expectWithinLimits(parts);
    const all = texts(parts);
    expect(all).toContain('Chỉa (giấy tờ) cần mang');
    expect(all).toContain('Đăng ký khai sinh');
    expect(all).toContain('khai sinh: test explanation');
    expect(all).toContain('👍 Chử');
  });

  it.each(LANGS)('keeps every limit in %s', (lang) => {
    for (const e of kb.list) expectWithinLimits(composeAnswer(e, lang, locales, { baseUrl: BASE }));
  });
});

describe('composeOutcome renders every outcome kind', () => {
  const intents: SmalltalkIntent[] = ['greeting', 'thanks', 'bye', 'menu', 'help', 'language', 'out_of_scope', 'safety', 'feedback_up', 'feedback_down', 'unsupported_attachment', 'unsupported_audio', 'unsupported_image', 'empty', 'rephrase'];
  const fields = ['documents', 'fee', 'duration', 'where', 'online', 'steps', 'legal_basis', 'more'] as const;
  const outcomes: [string, Outcome][] = [
    ['answer', { kind: 'answer', entryId: '1.001193', confidence: 0.9, candidates: [] }],
    ['answer with field', { kind: 'answer', entryId: '1.001193', confidence: 0.9, candidates: [], field: 'fee' }],
    ['answer of an unknown id', { kind: 'answer', entryId: 'nope', confidence: 0.9, candidates: [] }],
    ['clarify', { kind: 'clarify', candidates: [{ id: '1.001193', title: 'Đăng ký khai sinh', confidence: 0.5 }, { id: '1.000894', title: 'Thủ tục đăng ký kết hôn', confidence: 0.4 }] }],
    ['topic list', { kind: 'clarify', domain: 'civil-status', candidates: [{ id: '1.001193', title: 'x', confidence: 1 }] }],
    ['fallback', { kind: 'fallback', candidates: [] }],
    ...(['asked', 'fallbacks', 'thumbs_down', 'none_of_these'] as const).map((reason): [string, Outcome] => [`handoff ${reason}`, { kind: 'handoff', reason }]),
    ...fields.flatMap((field): [string, Outcome][] => [
      [`followup ${field}`, { kind: 'followup', entryId: '1.001193', field }],
      [`followup ${field} (missing)`, { kind: 'followup', entryId: 'test-thuong-tru', field }],
    ]),
    ...intents.map((intent): [string, Outcome] => [`smalltalk ${intent}`, { kind: 'smalltalk', intent }]),
  ];

  it.each(LANGS.flatMap((lang) => outcomes.map(([name, o]) => [lang, name, o] as const)))('%s: %s', (lang, name, outcome) => {
    const { replies, match } = composeOutcome(ctxFor(lang), outcome);
    // "steps" and "more" are the user asking for details: every step, still in phone-sized texts.
    expectWithinLimits(replies, /more|steps/.test(name));
    expect(replies.length).toBeGreaterThan(0);
    expect(match.decision).toBeTruthy();
  });

  it('says an unknown field is unknown and offers a person', () => {
    const { replies } = composeOutcome(ctxFor('vi'), { kind: 'followup', entryId: 'test-thuong-tru', field: 'fee' });
    expect(texts(replies)).toMatch(/Lệ phí của thủ tục này: chưa có thông tin/);
    expect(JSON.stringify(replies)).toContain('"payload":"handoff"');
  });

  it('shows the language picker with each language in its own name', () => {
    const { replies } = composeOutcome(ctxFor('en'), { kind: 'smalltalk', intent: 'language' });
    const picker = replies[0] as Extract<ReplyPart, { type: 'buttons' }>;
    expect(picker.buttons).toEqual([
      { title: 'Tiếng Việt', payload: 'lang:vi' },
      { title: 'Tày', payload: 'lang:tay' },
      { title: 'Dao', payload: 'lang:dao' },
      { title: 'English', payload: 'lang:en' },
    ]);
  });

  it('answers the 🔊 button with a signed MP3 audio part when a voice is installed', () => {
    const { replies } = composeOutcome(ctxFor('tay', '1.001193', true), { kind: 'answer', entryId: '1.001193', confidence: 1, candidates: [] });
    const audio = replies.find((p) => p.type === 'audio');
    expect(audio?.url).toMatch(new RegExp(`^${BASE}/media/audio/[a-f0-9]{24}\\.mp3\\?s=[\\w-]{16}$`));
  });

  it('counts the WebAssembly voice (npm package espeak-ng) as installed', () => {
    expect(speechAvailable()).toBe(true);
  });

  it('says there is no voice when speech synthesis is missing', () => {
    const { replies } = composeOutcome(ctxFor('tay', '1.001193', false), { kind: 'answer', entryId: '1.001193', confidence: 1, candidates: [] });
    expect(replies.some((p) => p.type === 'audio')).toBe(false);
    expect(texts(replies)).toMatch(/chưa có giọng đọc/);
  });
});

describe('icons', () => {
  it('maps known names and falls back for unknown ones', () => {
    expect(iconFor('documents').emoji).toBe('📄');
    expect(iconFor('Id-Card').emoji).toBe('🪪');
    expect(iconFor('no-such-icon')).toBe(FALLBACK_ICON);
    expect(iconFor(undefined)).toBe(FALLBACK_ICON);
  });
});
