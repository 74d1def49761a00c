import { beforeAll, describe, expect, it } from 'vitest';
import type { Lang, ReplyPart } from '../../src/domain/messages.js';
import type { Outcome } from '../../src/domain/outcome.js';
import type { Entry, KnowledgeBase } from '../../src/knowledge/types.js';
import { composeAnswer, composeOutcome, speechParts, type ComposeInput } from '../../src/replies/compose.js';
import type { Locales } from '../../src/replies/locales.js';
import { audioUrl } from '../../src/replies/media-urls.js';
import { speechHash, speechText } from '../../src/replies/speech.js';
import { loadRepliesFixture } from '../helpers/replies-fixture.js';

/**
 * What the bot says for each kind of decision, on the fixture entries: the words, the buttons and
 * what they do, and the match record the turn logs (decision, entry, rounded confidence).
 */
const BASE = 'https://bot.example.vn';
let locales: Locales;
let kb: KnowledgeBase;

beforeAll(async () => {
  ({ locales, kb } = await loadRepliesFixture());
});

function compose(outcome: Outcome, lang: Lang = 'vi', extra: Partial<ComposeInput> = {}) {
  return composeOutcome({ lang, entries: kb.entries, locales, publicBaseUrl: BASE, voiceAvailable: false, ...extra }, outcome);
}
const buttons = (p: ReplyPart | undefined) => (p?.type === 'buttons' ? p.buttons : []);
const textOf = (p: ReplyPart | undefined) => (p && 'text' in p ? p.text : '');
const MENU = ['topic:civil-status', 'topic:residence', 'topic:land', 'topic:border', 'handoff', 'langpick'];

describe('an answer', () => {
  it('is the entry\'s answer with the card; the match names the entry and the confidence to 3 decimals', () => {
    const { replies, match } = compose({ kind: 'answer', entryId: '1.001193', confidence: 0.87654, candidates: [], field: 'fee' });
    expect(replies).toEqual(composeAnswer(kb.entries.get('1.001193')!, 'vi', locales, { baseUrl: BASE, field: 'fee' }));
    expect(replies.some((p) => p.type === 'image')).toBe(true);
    expect(match).toEqual({ decision: 'answer', id: '1.001193', title: 'Đăng ký khai sinh', confidence: 0.877 });
  });

  it('an entry that is gone gives the menu with "I did not understand", and a fallback match', () => {
    for (const outcome of [{ kind: 'answer', entryId: 'gone', confidence: 1, candidates: [] }, { kind: 'followup', entryId: 'gone', field: 'fee' }, { kind: 'fallback', candidates: [] }] as Outcome[]) {
      const { replies, match } = compose(outcome);
      expect(replies).toHaveLength(1);
      expect(textOf(replies[0])).toBe(locales.t('vi', 'fallback.text'));
      expect(buttons(replies[0]).map((b) => b.payload)).toEqual(MENU);
      expect(match).toEqual({ decision: 'fallback', id: null, title: null, confidence: null });
    }
  });

  it('the 🔊 button on this entry reads it aloud; on another entry the answer is the usual one', () => {
    const spoken = compose({ kind: 'answer', entryId: '1.001193', confidence: 1, candidates: [] }, 'vi', { readAloudId: '1.001193', voiceAvailable: true });
    expect(spoken.replies.map((p) => p.type)).toEqual(['text', 'audio']);
    expect(spoken.match.id).toBe('1.001193');
    const other = compose({ kind: 'answer', entryId: '1.001193', confidence: 1, candidates: [] }, 'vi', { readAloudId: '1.000894', voiceAvailable: true });
    expect(other.replies.some((p) => p.type === 'audio')).toBe(false);
  });
});

describe('reading aloud', () => {
  it('a Vietnamese answer: the title line and an MP3 (with its AAC twin for Zalo) of the entry\'s words', () => {
    const e = kb.entries.get('1.001193')!;
    const hash = speechHash(speechText(e));
    expect(speechParts(e, 'vi', locales, BASE, true)).toEqual([
      { type: 'text', text: '🔊 Nghe: Đăng ký khai sinh' },
      { type: 'audio', url: audioUrl(BASE, hash, 'mp3'), voiceUrl: audioUrl(BASE, hash, 'aac'), title: 'Đăng ký khai sinh' },
    ]);
  });

  it('in another language, the title as that reader sees it and a note that the voice is Vietnamese', () => {
    const e = { ...kb.entries.get('1.001193')!, en: { title: 'Birth registration' } } as Entry;
    const [text, audio] = speechParts(e, 'en', locales, BASE, true);
    expect(textOf(text)).toBe('🔊 Listen: Birth registration\nRead aloud in Vietnamese.');
    expect(audio).toMatchObject({ type: 'audio', title: 'Birth registration' });
  });

  it('without a voice: says so and offers a person', () => {
    expect(speechParts(kb.entries.get('1.001193')!, 'vi', locales, BASE, false)).toEqual([
      { type: 'buttons', text: locales.t('vi', 'audio.unavailable'), buttons: [{ title: '🙋 Gặp người hỗ trợ', payload: 'handoff' }] },
    ]);
  });
});

describe('a choice between entries', () => {
  it('up to four entries by their short names, then "none of these"; the match is the best one', () => {
    const candidates = [
      { id: '1.000894', title: 'Thủ tục đăng ký kết hôn', confidence: 0.61234 },
      { id: '1.001193', title: 'Đăng ký khai sinh', confidence: 0.5 },
      { id: 'test-thuong-tru', title: 'Đăng ký thường trú', confidence: 0.4 },
      { id: 'gone-1', title: 'Thủ tục cấp đổi giấy phép lái xe hạng A1 cho người dân tộc thiểu số ở xã', confidence: 0.3 },
      { id: 'gone-2', title: 'Đăng ký tạm trú', confidence: 0.2 },
    ];
    const { replies, match } = compose({ kind: 'clarify', candidates });
    expect(replies).toHaveLength(1);
    expect(textOf(replies[0])).toBe('Bạn muốn hỏi việc nào?');
    const b = buttons(replies[0]);
    expect(b.map((x) => x.payload)).toEqual(['entry:1.000894', 'entry:1.001193', 'entry:test-thuong-tru', 'entry:gone-1', 'none']);
    // labels say what sets each entry apart (src/nlu/choices.ts), never "Thủ tục …"
    const labels = b.slice(0, 4).map((x) => x.title);
    expect(new Set(labels).size).toBe(4);
    for (const l of labels) expect(l).not.toMatch(/^thủ tục/i);
    expect(labels[1]).toMatch(/khai sinh/i);
    // an entry no longer in the knowledge base is labelled from the title it was offered with
    expect(labels[3]).toMatch(/^Cấp đổi/);
    expect(b[4]).toEqual({ title: 'Không phải', payload: 'none' });
    expect(match).toEqual({ decision: 'clarify', id: '1.000894', title: 'Thủ tục đăng ký kết hôn', confidence: 0.612 });
  });

  it('labels are in the reader\'s language; a topic list asks to pick a procedure', () => {
    const entries = new Map(kb.entries);
    entries.set('1.001193', { ...kb.entries.get('1.001193')!, en: { title: 'Birth registration' } } as Entry);
    const { replies } = composeOutcome(
      { lang: 'en', entries, locales, publicBaseUrl: BASE, voiceAvailable: false },
      { kind: 'clarify', domain: 'civil-status', candidates: [{ id: '1.001193', title: 'Đăng ký khai sinh', confidence: 1 }] },
    );
    expect(textOf(replies[0])).toBe(locales.t('en', 'clarify.topic'));
    expect(buttons(replies[0])[0]).toEqual({ title: 'Birth registration', payload: 'entry:1.001193' });
  });

  it('no candidates: only "none of these", and an empty match', () => {
    const { replies, match } = compose({ kind: 'clarify', candidates: [] });
    expect(buttons(replies[0])).toEqual([{ title: 'Không phải', payload: 'none' }]);
    expect(match).toEqual({ decision: 'clarify', id: null, title: null, confidence: null });
  });
});

describe('follow-ups, hand-off and small talk', () => {
  it('a follow-up answers the field and records the entry with full confidence', () => {
    const { replies, match } = compose({ kind: 'followup', entryId: '1.001193', field: 'fee' });
    expect(replies.map(textOf).join('\n')).toContain('Miễn phí');
    expect(match).toEqual({ decision: 'followup', id: '1.001193', title: 'Đăng ký khai sinh', confidence: 1 });
  });

  it('hand-off: why a person is asked, then that they were told, with a button to cancel', () => {
    for (const reason of ['asked', 'fallbacks', 'thumbs_down', 'none_of_these'] as const) {
      const { replies, match } = compose({ kind: 'handoff', reason });
      expect(replies).toEqual([
        { type: 'text', text: locales.t('vi', `handoff.intro.${reason}`) },
        { type: 'buttons', text: locales.t('vi', 'handoff.opened'), buttons: [{ title: 'Hủy, hỏi máy', payload: 'cancel_handoff' }] },
      ]);
      expect(match).toEqual({ decision: 'handoff', id: null, title: null, confidence: null });
    }
  });

  it('greeting, help and the like: their sentence over the main menu', () => {
    for (const intent of ['greeting', 'thanks', 'menu', 'help', 'out_of_scope', 'empty', 'rephrase'] as const) {
      const { replies, match } = compose({ kind: 'smalltalk', intent });
      expect(replies).toHaveLength(1);
      expect(textOf(replies[0])).toBe(locales.t('vi', `smalltalk.${intent}`));
      expect(buttons(replies[0]).map((b) => b.payload)).toEqual(MENU);
      expect(match).toEqual({ decision: 'smalltalk', id: null, title: null, confidence: null });
    }
    expect(buttons(compose({ kind: 'smalltalk', intent: 'greeting' }).replies[0]).map((b) => b.title)).toEqual(['Hộ tịch', 'Cư trú, căn cước', 'Đất đai', 'Biên giới', 'Gặp người hỗ trợ', '🌐 Ngôn ngữ']);
  });

  it('bye and thanks for a good answer: a sentence only', () => {
    for (const intent of ['bye', 'feedback_up'] as const) {
      expect(compose({ kind: 'smalltalk', intent }).replies).toEqual([{ type: 'text', text: locales.t('vi', `smalltalk.${intent}`) }]);
    }
  });

  it('a bad answer, or a message the bot cannot read: a person first, then the language picker', () => {
    for (const intent of ['feedback_down', 'unsupported_audio', 'unsupported_image', 'unsupported_attachment'] as const) {
      const { replies } = compose({ kind: 'smalltalk', intent });
      expect(replies).toEqual([{ type: 'buttons', text: locales.t('vi', `smalltalk.${intent}`), buttons: [{ title: '🙋 Gặp người hỗ trợ', payload: 'handoff' }, { title: '🌐 Ngôn ngữ', payload: 'langpick' }] }]);
    }
  });

  it('a secret in a message: the warning, then the menu', () => {
    const { replies } = compose({ kind: 'smalltalk', intent: 'safety' });
    expect(textOf(replies[0])).toBe(locales.t('vi', 'smalltalk.safety'));
    expect(textOf(replies[1])).toBe('Bạn chọn việc cần làm:');
    expect(buttons(replies[1]).map((b) => b.payload)).toEqual(MENU);
  });

  it('the language picker, with its prompt in the reader\'s language', () => {
    const { replies } = compose({ kind: 'smalltalk', intent: 'language' }, 'en');
    expect(textOf(replies[0])).toBe('Choose the language you want to use:');
    expect(buttons(replies[0]).map((b) => b.payload)).toEqual(['lang:vi', 'lang:tay', 'lang:dao', 'lang:en']);
  });

  it('small talk about an entry records that entry; an unknown one is not recorded', () => {
    expect(compose({ kind: 'smalltalk', intent: 'thanks', entryId: '1.001193' }).match).toEqual({ decision: 'smalltalk', id: '1.001193', title: 'Đăng ký khai sinh', confidence: null });
    expect(compose({ kind: 'smalltalk', intent: 'thanks', entryId: 'gone' }).match).toEqual({ decision: 'smalltalk', id: null, title: null, confidence: null });
  });
});
