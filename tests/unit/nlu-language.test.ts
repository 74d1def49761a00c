import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/nlu/detect-language.js';

/** The edges of language detection (replies-language.test.ts has the plain cases). */
const markers = new Map<string, 'tay' | 'dao'>([['Slèng', 'tay'], ['pò mẹ', 'tay'], ['maiv', 'dao'], ['yie', 'dao']]);
const detect = (text: string) => detectLanguage(text, markers);

describe('detectLanguage edges', () => {
  it('acronyms and Roman numerals say nothing: "IT AND HR", "mục III"', () => {
    expect(detect('IT AND HR')).toBeNull();
    expect(detect('it and hr')).toBe('en');
    expect(detect('how is it, mục III')).toBeNull();
    expect(detect('XIV')).toBeNull();
  });

  it('a one-letter capital is a word, not an acronym ("I")', () => {
    expect(detect('how I apply')).toBe('en');
  });

  it('a marker counts as a whole word or phrase, in any case and spelling form, never inside another word', () => {
    expect(detect('nỉ Slèng bấu')).toBe('tay');
    expect(detect('pò mẹ khai sinh')).toBe('tay');
    expect(detect('pò mẹ'.normalize('NFD'))).toBe('tay');
    expect(detect('maivz khai sinh')).toBeNull();
    expect(detect('khai sinh maiv')).toBe('dao');
    expect(detect('yie')).toBe('dao');
    expect(detect('khai sinh')).toBeNull();
    expect(detect('khai sinh mienv')).toBe('dao');
  });

  it('Tày wins over English, English over Dao', () => {
    expect(detect('how do I register, slèng')).toBe('tay');
    expect(detect('how do I register maiv')).toBe('en');
  });

  it('reads Tày spellings Vietnamese never has (sl-, pj-, bj-, mj-, phj-, doubled vowels)', () => {
    for (const w of ['slao', 'pjai', 'bjooc', 'mjac', 'phjac', 'khiin', 'mưưng', 'nâư']) expect(detect(w)).toBe('tay');
    expect(detect('sl')).toBeNull();
    // only at the start of a word: "mislead" is not Tày
    expect(detect('mislead')).toBeNull();
  });

  it('reads Iu Mien spellings: a final tone v after a vowel, hn-/hl-/hm- onsets, a final qc', () => {
    for (const w of ['mienv', 'bov', 'hno', 'hlang', 'hmien', 'zuqc']) expect(detect(w)).toBe('dao');
    // a v that does not end the word is no tone letter: "love" is not Iu Mien
    expect(detect('love')).toBeNull();
    // a v after consonants only, a short word, or letters outside a–z are not Iu Mien
    expect(detect('ntv')).toBeNull();
    expect(detect('av')).toBeNull();
    expect(detect('hnđi')).toBeNull();
    expect(detect('hnn')).toBeNull();
  });

  it('English needs two distinct English words making up at least 40% of the words', () => {
    expect(detect('how how')).toBeNull();
    expect(detect('how where')).toBe('en');
    expect(detect('how where xa xa xa')).toBe('en');
    expect(detect('how where xa xe xo')).toBe('en');
    expect(detect('how where xa xe xo nu')).toBeNull();
    expect(detect('how where là')).toBeNull();
    expect(detect("where's my card")).toBe('en');
    expect(detect('fee for 2 documents')).toBe('en');
  });
});
