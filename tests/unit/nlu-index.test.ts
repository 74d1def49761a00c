import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/knowledge/types.js';
import { buildIndex, nearestWord } from '../../src/nlu/index.js';
import { compileLexicon } from '../../src/nlu/lexicon.js';
import { buildMatcher } from '../../src/nlu/matcher.js';

/** What of an entry the index reads, and that a rebuild sees every change. */
const entry = (id: string, title: string, extra: Partial<Entry> = {}): Entry => ({ id, title, kind: 'procedure', curated: true, domain: 'other', level: 'commune', ...extra }) as Entry;
const noLexicon = { replacements: new Map<string, string>(), languageMarkers: new Map<string, 'tay' | 'dao'>() };

describe('every field a villager might use finds the entry', () => {
  const list = [
    entry('birth', 'Đăng ký khai sinh', {
      summary: 'Thủ tục cho trẻ mới chào đời',
      aliases: ['làm giấy khai sinh'],
      keywords: ['giấy chứng sinh'],
      examples: ['con tôi vừa đẻ ở trạm y tế'],
      tay: { review: 'draft', title: 'Slư khai sinh', examples: ['lục nhỏ mới đẻ'] },
      dao: { review: 'draft', title: 'Zeiv sengx' },
      en: { review: 'draft', title: 'Birth registration', examples: ['register my newborn'] },
    } as Partial<Entry>),
    entry('other', 'Đăng ký kết hôn'),
  ];
  // Built inside each test, so the mutation run knows which tests read the index build.
  const build = () => buildMatcher({ list, lexicon: noLexicon });
  it.each(['tre moi chao doi', 'giay chung sinh', 'vua de o tram y te', 'slu', 'luc nho', 'zeiv sengx', 'birth registration', 'newborn'])('%s', (text) => {
    expect(build().match(text).candidates[0]?.id).toBe('birth');
  });

  it('a word in the title counts more than in an example or the summary', () => {
    const m = build();
    const w = m.index.entries[0]!.weights;
    expect(w.get('khai')).toBe(1);
    expect(w.get('chung sinh')).toBeLessThan(1);
    expect(w.get('tram')).toBeLessThan(w.get('chung sinh')!);
    expect(w.get('chao doi')).toBeLessThan(w.get('tram')!);
    expect(m.index.entries[0]!.marked.has('chào')).toBe(true);
  });
});

describe('a rebuild sees every change', () => {
  it('after a lexicon change, an unchanged entry is read again with the new abbreviations', () => {
    const e = entry('birth', 'Cấp lại gks');
    const before = buildIndex([e], compileLexicon(undefined));
    expect(before.vocabulary.has('gks')).toBe(true);
    const after = buildIndex([e], compileLexicon({ replacements: new Map([['gks', 'giấy khai sinh']]), languageMarkers: new Map() }));
    expect(after.vocabulary.has('giay')).toBe(true);
    expect(after.entries[0]!.weights.has('gks')).toBe(false);
    expect(after.entries[0]!.titleWords).toEqual(new Set(['cap', 'lai', 'giay', 'khai', 'sinh']));
  });

  it('the same entry and lexicon give the same index twice; names are weighed afresh each build', () => {
    const lex = compileLexicon(undefined);
    const list = [entry('a', 'Đăng ký khai sinh', { aliases: ['khai sinh'] }), entry('b', 'Đăng ký kết hôn')];
    const one = buildIndex(list, lex);
    const two = buildIndex(list, lex);
    expect(two.entries[0]!.weights).toEqual(one.entries[0]!.weights);
    expect(two.entries[0]!.names.map((n) => n.total)).toEqual(one.entries[0]!.names.map((n) => n.total));
    expect(one.entries[0]!.names).toHaveLength(2);
    expect(one.entries[0]!.names[0]!.total).toBeGreaterThan(one.entries[0]!.names[1]!.total);
    // a rare word of a name weighs more than a word every entry has
    expect(one.entries[0]!.names[0]!.weights.get('sinh')).toBeGreaterThan(one.entries[0]!.names[0]!.weights.get('dang')!);
  });

  it('knows how many entries use each word, and which spell it with which diacritics', () => {
    const index = buildIndex([entry('a', 'Đăng ký khai sinh'), entry('b', 'Đăng ký kết hôn'), entry('c', 'Cần căn cước')], compileLexicon(undefined));
    expect(index.vocabulary.get('dang')).toBe(2);
    expect(index.vocabulary.get('sinh')).toBe(1);
    expect([...index.markedIds.get('đăng')!]).toEqual([0, 1]);
    expect([...index.markedIds.get('căn')!]).toEqual([2]);
    expect(index.postings.get('dang ki')!.ids).toEqual(Int32Array.from([0, 1]));
    expect(index.entries[2]!.curated).toBe(true);
    expect(buildIndex([entry('d', 'x', { curated: false })], compileLexicon(undefined)).entries[0]!.curated).toBe(false);
  });
});

describe('typo repair picks one word, the same whatever the order of the entries', () => {
  it('on a tie in use, the alphabetically first word wins', () => {
    for (const titles of [['bang', 'banh'], ['banh', 'bang']]) {
      const index = buildIndex(titles.map((t, i) => entry(String(i), t)), compileLexicon(undefined));
      expect(nearestWord(index, 'bany')).toBe('bang');
    }
  });

  it('the most used word wins over a rarer one, whatever comes first', () => {
    for (const list of [[entry('a', 'banh'), entry('b', 'bang'), entry('c', 'bang mau')], [entry('b', 'bang'), entry('c', 'bang mau'), entry('a', 'banh')]]) {
      expect(nearestWord(buildIndex(list, compileLexicon(undefined)), 'bany')).toBe('bang');
    }
    for (const list of [[entry('a', 'banh'), entry('b', 'bang'), entry('c', 'banh mi')], [entry('b', 'bang'), entry('a', 'banh'), entry('c', 'banh mi')]]) {
      expect(nearestWord(buildIndex(list, compileLexicon(undefined)), 'bany')).toBe('banh');
    }
  });

  it('words with digits or under three letters are never proposed through deletions', () => {
    const index = buildIndex([entry('a', 'a12b cd khai')], compileLexicon(undefined));
    expect([...index.deletions.values()].flat()).toEqual(['khai', 'khai', 'khai', 'khai']);
    expect(nearestWord(index, 'a12')).toBeUndefined();
  });
});
