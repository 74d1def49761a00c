import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/knowledge/types.js';
import { buildMatcher } from '../../src/nlu/matcher.js';
import { analyzeQuery } from '../../src/nlu/query.js';

/** Matcher rules at their edges, on fixture knowledge: synonyms, two actions, ages, ties, and what "words" holds. */
const entry = (id: string, title: string, extra: Partial<Entry> = {}): Entry => ({ id, title, kind: 'procedure', curated: true, domain: 'other', level: 'commune', ...extra }) as Entry;
const lexicon = {
  replacements: new Map<string, string>(),
  languageMarkers: new Map<string, 'tay' | 'dao'>(),
  synonyms: new Map([['bị mất', 'cấp lại'], ['không tìm thấy', 'cấp lại'], ['cưới', 'kết hôn'], ['bị rách', 'cấp đổi']]),
};
const build = () =>
  buildMatcher({
    list: [
      entry('lost', 'Trình báo bị mất giấy tờ'),
      entry('reissue', 'Cấp lại giấy tờ tùy thân'),
      entry('id-re', 'Cấp lại thẻ căn cước'),
      entry('id', 'Cấp thẻ căn cước'),
      entry('child', 'Cấp thẻ căn cước cho người dưới 14 tuổi'),
      entry('adult', 'Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên', { aliases: ['căn cước cho người già'] }),
      entry('birth', 'Đăng ký khai sinh'),
      entry('birth-again', 'Đăng ký lại khai sinh'),
      entry('copy', 'Cấp bản sao giấy khai sinh'),
      entry('marriage', 'Đăng ký kết hôn'),
    ],
    lexicon,
  });

describe('synonyms', () => {
  it('a synonym never lowers an entry the words as typed match better', () => {
    expect(build().match('bị mất giấy tờ').candidates.map((c) => c.id).slice(0, 2)).toEqual(['lost', 'reissue']);
  });

  it('an action said only through a synonym counts ("không tìm thấy" = cấp lại)', () => {
    const r = build().match('không tìm thấy thẻ căn cước');
    expect(r.candidates[0]!.id).toBe('id-re');
    expect(r.actions).toEqual(['reissue']);
  });

  it('one-word synonyms expand, and a longer phrase that does not match leaves the words alone', () => {
    const m = build();
    expect(analyzeQuery(m.index, 'cuoi vo').expanded?.map((w) => w.folded)).toEqual(['ket', 'hon', 'vo']);
    expect(analyzeQuery(m.index, 'the bi hong va bi mat').expanded?.map((w) => w.folded).join(' ')).toBe('the bi hong va cap lai');
    expect(build().match('cưới vợ').candidates[0]!.id).toBe('marriage');
  });
});

describe('two actions in one question', () => {
  it('"mất giấy khai sinh, xin lại bản sao": the copy and the re-registration both fit, so the bot asks', () => {
    const r = build().match('mất giấy khai sinh, xin lại bản sao');
    expect(r.actions).toEqual(['reissue', 'copy']);
    expect(r.candidates[0]!.id).toBe('copy');
    expect(r.actionConflict).toBe(true);
  });

  it('one action that the best entry performs is not undecided', () => {
    const r = build().match('xin bản sao giấy khai sinh');
    expect(r.candidates[0]!.id).toBe('copy');
    expect(r.actionConflict).toBeUndefined();
  });
});

describe('ages and ties', () => {
  it('with a stated age, the version for another age is not lifted next to the best', () => {
    const cs = build().match('can cuoc cho nguoi gia 70 tuoi').candidates;
    expect(cs[0]!.id).toBe('adult');
    expect(cs.find((c) => c.id === 'child')!.score!).toBeLessThan(cs[0]!.score! * 0.9);
  });

  it('two different procedures close in score are not a tie to ask about', () => {
    const r = build().match('khai sinh va ket hon');
    expect(r.candidates.slice(0, 2).map((c) => c.id).sort()).toEqual(['birth', 'marriage']);
    expect(r.actionConflict).toBeUndefined();
  });

  it('nothing matched: no conflict, no actions', () => {
    const r = build().match('qwerty zxcv');
    expect(r.actionConflict).toBeUndefined();
    expect(r.actions).toBeUndefined();
  });
});

describe('rank (for the benchmark and calibration)', () => {
  it('gives the ranked entries with their evidence, best first', () => {
    const m = build();
    const ranked = m.rank('cap lai the can cuoc');
    expect(m.index.entries[ranked[0]!.id]!.entry.id).toBe('id-re');
    expect(ranked[0]!.questionCoverage).toBeGreaterThan(0.9);
    expect(ranked.map((s) => s.score)).toEqual([...ranked.map((s) => s.score)].sort((a, b) => b - a));
  });
});

describe('the words of a long message, for the intent rules', () => {
  it('every word once, also when a clause starts with its request word', () => {
    const text = 'nhà em ở xa, ông mất hôm qua, vợ mới sinh cháu, muốn làm khai sinh';
    const words = build().match(text).words!;
    expect([...words].sort()).toEqual(text.replace(/,/g, ' ').split(/\s+/).map((w) => analyzeQuery(build().index, w).typed[0]).sort());
  });
});

describe('unknown words beside a one-letter word', () => {
  it('a known one-letter word ("y" of y tế) is no known content: an unknown word beside it keeps its weight', () => {
    const m = buildMatcher({ list: [entry('hi', 'Cấp thẻ bảo hiểm y tế')], lexicon });
    expect(analyzeQuery(m.index, 'y qwxz').words.map((w) => w.trust)).toEqual([1, 1]);
    expect(analyzeQuery(m.index, 'te qwxz').words.map((w) => w.trust)).toEqual([1, 0.1]);
  });
});

describe('a weak clause does not outweigh the whole message', () => {
  it('"… qua đời …, báo xã thế nào": the short asking clause alone matches nothing well, the whole message does', () => {
    const m = buildMatcher({
      list: [entry('death', 'Đăng ký khai tử', { aliases: ['báo tử khi người thân qua đời'] }), entry('report', 'Báo cáo tình hình kinh tế xã hội của xã')],
      lexicon,
    });
    expect(m.match('ông nội em qua đời hôm qua tại nhà riêng ở thôn, báo xã thế nào').candidates[0]!.id).toBe('death');
    expect(m.match('báo xã thế nào').candidates[0]!.id).toBe('report');
  });
});
