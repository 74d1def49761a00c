import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import type { Entry } from '../../src/knowledge/types.js';
import { buildMatcher } from '../../src/nlu/matcher.js';

const entry = (id: string, title: string, extra: Partial<Entry> = {}): Entry => ({ id, title, kind: 'procedure', curated: true, domain: 'civil-status', ...extra }) as Entry;
const list = [
  entry('birth', 'Đăng ký khai sinh', { aliases: ['làm giấy khai sinh'] }),
  entry('marriage', 'Đăng ký kết hôn', { aliases: ['lấy vợ', 'lấy chồng'] }),
  entry('death', 'Đăng ký khai tử'),
];
const kb = { entries: new Map(list.map((e) => [e.id, e])), list, lexicon: { replacements: new Map([['ko', 'không']]), languageMarkers: new Map() } };
const matcher = buildMatcher(kb);
const run = (text: string, state = {}) => decide(text, kb, matcher, state).outcome;

describe('decide (pure: text + state + knowledge → outcome)', () => {
  it('gives the same decision for the same input', () => {
    expect(run('lam giay khai sinh')).toEqual(run('lam giay khai sinh'));
  });

  it('answers a field question about a named entry and says which field was asked', () => {
    expect(run('ket hon mat bao lau')).toMatchObject({ kind: 'answer', entryId: 'marriage', field: 'duration' });
  });

  it('follows up on the topic, but not on one a reload removed', () => {
    expect(run('mất bao nhiêu tiền', { topicId: 'birth' })).toEqual({ kind: 'followup', entryId: 'birth', field: 'fee' });
    expect(run('mất bao nhiêu tiền', { topicId: 'gone' })).toEqual({ kind: 'smalltalk', intent: 'rephrase' });
  });

  it('"cái khác" walks the remembered candidates and stops at the end', () => {
    const state = { topicId: 'birth', candidates: ['birth', 'death'] };
    expect(run('cái khác', state)).toMatchObject({ kind: 'answer', entryId: 'death' });
    expect(run('cái khác', { ...state, topicId: 'death' })).toEqual({ kind: 'smalltalk', intent: 'rephrase' });
  });

  it('marks a message with a secret as sensitive', () => {
    expect(decide('otp 123456', kb, matcher).sensitive).toBe(true);
    expect(decide('khai sinh', kb, matcher).sensitive).toBe(false);
  });
});
