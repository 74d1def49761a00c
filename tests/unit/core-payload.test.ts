import { describe, expect, it } from 'vitest';
import { nextCandidate } from '../../src/core/followup.js';
import { outcomeOfPayload, splitPayload } from '../../src/core/payload.js';
import type { Outcome } from '../../src/domain/outcome.js';
import type { Entry } from '../../src/knowledge/types.js';

/** What a tapped button does: the payload a platform sends back, read into the bot's next move. */
const entry = (id: string, title: string, extra: Record<string, unknown> = {}): Entry => ({ id, title, kind: 'procedure', curated: true, domain: 'civil-status', ...extra }) as Entry;
const list = [
  entry('birth', 'Đăng ký khai sinh'),
  entry('marriage', 'Đăng ký kết hôn'),
  entry('death', 'Đăng ký khai tử'),
  entry('late-birth', 'Đăng ký khai sinh quá hạn', { curated: false }),
  entry('residence-id', 'Cấp căn cước', { domain: 'residence-id' }),
  entry('residence-temp', 'Đăng ký tạm trú', { domain: 'residence', border_area: true }),
  entry('residents', 'Hộ khẩu', { domain: 'residents' }),
  entry('border-pass', 'Giấy thông hành biên giới', { domain: 'travel', border_area: true, curated: false }),
  entry('extra-1', 'Thủ tục hộ tịch 1'),
  entry('extra-2', 'Thủ tục hộ tịch 2'),
];
const kb = { entries: new Map(list.map((e) => [e.id, e])), list };
const tap = (payload: string, state = {}) => outcomeOfPayload(payload, kb, state);
/** Ids of the entries a clarify outcome lists. */
const ids = (o: Outcome) => (o.kind === 'clarify' ? o.candidates.map((c) => c.id) : []);
const MENU = { kind: 'smalltalk', intent: 'menu' };

describe('splitPayload', () => {
  it('splits at the first colon only', () => {
    expect(splitPayload('field:birth:fee')).toEqual(['field', 'birth:fee']);
    expect(splitPayload('help')).toEqual(['help', undefined]);
    expect(splitPayload('entry:')).toEqual(['entry', '']);
  });
});

describe('a tapped button', () => {
  it('entry: answers that entry, keeping the other offered candidates for "cái khác"', () => {
    expect(tap('entry:birth')).toEqual({ kind: 'answer', entryId: 'birth', confidence: 1, candidates: [{ id: 'birth', title: 'Đăng ký khai sinh', confidence: 1 }] });
    expect(tap('  entry:marriage  ', { candidates: ['birth', 'marriage', 'gone', 'death'] })).toEqual({
      kind: 'answer',
      entryId: 'marriage',
      confidence: 1,
      candidates: [
        { id: 'birth', title: 'Đăng ký khai sinh', confidence: 0 },
        { id: 'marriage', title: 'Đăng ký kết hôn', confidence: 1 },
        { id: 'death', title: 'Đăng ký khai tử', confidence: 0 },
      ],
    });
    // an entry that was not among the offered ones starts a fresh list
    expect(tap('entry:death', { candidates: ['birth', 'marriage'] })).toMatchObject({ candidates: [{ id: 'death', confidence: 1 }] });
  });

  it('audio: answers that entry too (the answer carries its read-aloud link)', () => {
    expect(tap('audio:death')).toMatchObject({ kind: 'answer', entryId: 'death', confidence: 1 });
  });

  it('an entry the knowledge no longer has opens the menu instead of failing', () => {
    expect(tap('entry:gone')).toEqual(MENU);
    expect(tap('entry')).toEqual(MENU);
    expect(tap('audio:')).toEqual(MENU);
    expect(tap('more:gone')).toEqual(MENU);
  });

  it('more: follows up with the rest of the entry', () => {
    expect(tap('more:birth')).toEqual({ kind: 'followup', entryId: 'birth', field: 'more' });
  });

  it('field: follows up with that field of that entry; a bad field or entry opens the menu', () => {
    for (const field of ['documents', 'fee', 'duration', 'where', 'online', 'steps', 'legal_basis', 'more']) {
      expect(tap(`field:marriage:${field}`)).toEqual({ kind: 'followup', entryId: 'marriage', field });
    }
    expect(tap('field:marriage:colour')).toEqual(MENU);
    expect(tap('field:gone:fee')).toEqual(MENU);
    expect(tap('field:fee')).toEqual(MENU);
    expect(tap('field::fee')).toEqual(MENU);
    expect(tap('field')).toEqual(MENU);
  });

  it('next: offers the next remembered candidate, or asks to rephrase when none is left', () => {
    expect(tap('next', { topicId: 'birth', candidates: ['birth', 'death'] })).toMatchObject({ kind: 'answer', entryId: 'death' });
    expect(tap('next', { topicId: 'death', candidates: ['birth', 'death'] })).toEqual({ kind: 'smalltalk', intent: 'rephrase' });
  });

  it('none / handoff: a person is asked for, with the reason the case will show', () => {
    expect(tap('none')).toEqual({ kind: 'handoff', reason: 'none_of_these' });
    expect(tap('handoff')).toEqual({ kind: 'handoff', reason: 'asked' });
  });

  it('feedback: 👍/👎 on the entry that was answered', () => {
    expect(tap('feedback:up:birth')).toEqual({ kind: 'smalltalk', intent: 'feedback_up', entryId: 'birth' });
    expect(tap('feedback:down:birth')).toEqual({ kind: 'smalltalk', intent: 'feedback_down', entryId: 'birth' });
    expect(tap('feedback:down:gone')).toEqual({ kind: 'smalltalk', intent: 'feedback_down' });
    expect(tap('feedback:down')).toEqual({ kind: 'smalltalk', intent: 'feedback_down' });
    expect(tap('feedback')).toEqual({ kind: 'smalltalk', intent: 'feedback_up' });
  });

  it('help, and anything unknown, which opens the menu', () => {
    expect(tap('help')).toEqual({ kind: 'smalltalk', intent: 'help' });
    expect(tap('menu')).toEqual(MENU);
    expect(tap('whatever:x')).toEqual(MENU);
  });

  it('topic: lists up to 4 entries of the folder, hand-written ones first, prefix folders included', () => {
    expect(tap('topic:civil-status')).toEqual({
      kind: 'clarify',
      domain: 'civil-status',
      candidates: [
        { id: 'birth', title: 'Đăng ký khai sinh', confidence: 1 },
        { id: 'marriage', title: 'Đăng ký kết hôn', confidence: 1 },
        { id: 'death', title: 'Đăng ký khai tử', confidence: 1 },
        { id: 'extra-1', title: 'Thủ tục hộ tịch 1', confidence: 1 },
      ],
    });
    // `residence` lists `residence-id` too, but not `residents`
    expect(tap('topic:residence')).toMatchObject({ kind: 'clarify', domain: 'residence-id', candidates: [{ id: 'residence-id' }, { id: 'residence-temp' }] });
    expect(ids(tap('topic:residence'))).toEqual(['residence-id', 'residence-temp']);
  });

  it('topic:border lists the border-area entries of any folder; an empty or unknown topic opens the menu', () => {
    expect(tap('topic:border')).toMatchObject({ kind: 'clarify', domain: 'residence' });
    expect(ids(tap('topic:border'))).toEqual(['residence-temp', 'border-pass']);
    expect(tap('topic:')).toEqual(MENU);
    expect(tap('topic')).toEqual(MENU);
    expect(tap('topic:agriculture')).toEqual(MENU);
  });

  it('lists hand-written entries before imported ones even when fewer than 4', () => {
    const small = [entry('a', 'A', { curated: false, domain: 'x' }), entry('b', 'B', { domain: 'x' })];
    const out = outcomeOfPayload('topic:x', { entries: new Map(small.map((e) => [e.id, e])), list: small }, {});
    expect(ids(out)).toEqual(['b', 'a']);
  });
});

describe('"cái khác": the next candidate', () => {
  it('walks the remembered candidates from the current topic, skipping removed entries', () => {
    expect(nextCandidate(kb, { topicId: 'birth', candidates: ['birth', 'gone', 'marriage'] })).toEqual({
      kind: 'answer',
      entryId: 'marriage',
      confidence: 0,
      candidates: [
        { id: 'birth', title: 'Đăng ký khai sinh', confidence: 0 },
        { id: 'marriage', title: 'Đăng ký kết hôn', confidence: 0 },
      ],
    });
  });

  it('without a topic offers the first candidate', () => {
    expect(nextCandidate(kb, { candidates: ['death', 'birth'] })).toMatchObject({ entryId: 'death' });
  });

  it('nothing to offer: no candidates, the end of the list, or a topic not among them', () => {
    expect(nextCandidate(kb, {})).toBeUndefined();
    expect(nextCandidate(kb, { candidates: ['gone'] })).toBeUndefined();
    expect(nextCandidate(kb, { topicId: 'death', candidates: ['birth', 'death'] })).toBeUndefined();
    expect(nextCandidate(kb, { topicId: 'marriage', candidates: ['birth', 'death'] })).toBeUndefined();
  });
});
