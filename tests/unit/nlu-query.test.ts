import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/knowledge/types.js';
import { buildMatcher } from '../../src/nlu/matcher.js';
import { analyzeQuery, UNKNOWN_SYLLABLE_TRUST, UNKNOWN_TRUST } from '../../src/nlu/query.js';

/** How a typed question is read before matching: repairs, abbreviations, typo guesses, unknown words. */
const entry = (id: string, title: string): Entry => ({ id, title, kind: 'procedure', curated: true, domain: 'civil-status', level: 'commune' }) as Entry;
const list = [entry('birth', 'Đăng ký khai sinh'), entry('hi', 'Cấp đổi thẻ bảo hiểm y tế')];
const kb = {
  entries: new Map(list.map((e) => [e.id, e])),
  list,
  lexicon: {
    replacements: new Map([['ko', 'không'], ['bhyt', 'bảo hiểm y tế']]),
    synonyms: new Map([['bị rách', 'cấp đổi']]),
    outOfScope: ['thời tiết'],
    languageMarkers: new Map(),
  },
};
const { index } = buildMatcher(kb);
const read = (text: string) => analyzeQuery(index, text);
const folded = (ws: { folded: string }[] | undefined) => ws?.map((w) => w.folded).join(' ');
const trust = (text: string) => read(text).words.map((w) => [w.folded, w.trust]);

describe('analyzeQuery', () => {
  it('repairs telex residue and doubled letters of words nobody knows as typed', () => {
    expect(folded(read('khai sinhf').words)).toBe('khai sinh');
    expect(folded(read('kkhai ssinh').words)).toBe('khai sinh');
    expect(read('kkhai ssinh').typed).toEqual(['khai', 'sinh']);
    expect(trust('khai sinhf')).toEqual([['khai', 1], ['sinh', 1]]);
    expect(folded(read('dang ky').words)).toBe('dang ki');
  });

  it('guesses a one-letter typo with less trust, but never "corrects" a real syllable', () => {
    expect(trust('khai snh')).toEqual([['khai', 1], ['sinh', 0.7]]);
    expect(read('khai snh').typed).toEqual(['khai', 'snh']);
    expect(read('khai snh').unknown).toEqual([]);
    // "thịt" is a real Vietnamese syllable no entry uses: kept, a sign of another topic
    expect(trust('khai sinh thịt')).toEqual([['khai', 1], ['sinh', 1], ['thit', UNKNOWN_SYLLABLE_TRUST]]);
    expect(read('khai sinh thịt').unknown).toEqual(['thit']);
  });

  it('an unknown non-syllable next to known words barely counts; alone it keeps full weight', () => {
    expect(trust('khai sinh qwxz')).toEqual([['khai', 1], ['sinh', 1], ['qwxz', UNKNOWN_TRUST]]);
    expect(trust('qwxz')).toEqual([['qwxz', 1]]);
    expect(read('qwxz').unknown).toEqual(['qwxz']);
    // fillers and one-letter words are no known content
    expect(trust('a qwxz')).toEqual([['a', 1], ['qwxz', 1]]);
  });

  it('expands abbreviations before anything else and everyday phrases into official terms', () => {
    const q = read('bhyt bị rách');
    expect(q.typed).toEqual(['bao', 'hiem', 'y', 'te', 'bi', 'rach']);
    expect(folded(q.expanded)).toBe('bao hiem y te cap doi');
    expect(q.expanded?.slice(-2).map((w) => w.trust)).toEqual([0.9, 0.9]);
    expect(q.expanded?.[0]?.trust).toBe(1);
    expect(read('khai sinh').expanded).toBeUndefined();
  });

  it('notes out-of-scope phrases', () => {
    expect(read('thời tiết khai sinh').outOfScope).toEqual(['thoi tiet']);
    expect(read('khai sinh').outOfScope).toEqual([]);
  });
});
