import { describe, expect, it } from 'vitest';
import type { Lexicon } from '../../src/knowledge/types.js';
import { applyReplacements, compileLexicon, compileLexiconOnce, expansions, outOfScopeHits } from '../../src/nlu/lexicon.js';
import { fold, iForY, repairCandidates, squeezeRepeats, telexFold, tokenize, tokens, vniFold } from '../../src/nlu/normalize.js';

/**
 * How single words are read before matching: what phones, keyboards and villagers' spelling leave
 * behind, and the small lexicon (abbreviations, everyday and Tày words, out-of-scope topics).
 * A fixture lexicon, not the real one: these tests say what the rules do, not what the data holds.
 */

describe('normalising words', () => {
  it('turns any Latin letter into ASCII, so a foreign name never breaks matching', () => {
    expect(fold('Ærø Straße ñandú')).toMatch(/^[a-z0-9 ]*$/);
    expect(fold('ñandú')).toBe('nandu');
    expect(tokens('Straße')).toEqual(['stra', 'e']);
  });

  it('has no words in a message of punctuation or emoji only', () => {
    expect(tokens('!!! 😀 ???')).toEqual([]);
    expect(tokens('')).toEqual([]);
  });

  it('reads a lone y after a consonant as i (kỹ = kĩ, mỹ = mĩ) and keeps y elsewhere', () => {
    expect(iForY('kỹ')).toBe('kĩ');
    expect(iForY('mỹ')).toBe('mĩ');
    expect(iForY('thỷ')).toBe('thỉ');
    expect(iForY('ty')).toBe('ti');
    expect(iForY('tuy')).toBe('tuy');
    expect(iForY('y')).toBe('y');
    expect(tokenize('kỹ')[0]).toEqual({ marked: 'kĩ', folded: 'ki', hasMarks: true });
  });
});

describe('repairing what keyboards leave behind', () => {
  it('offers both a squeezed triple letter and a fully squeezed word when they differ', () => {
    expect(squeezeRepeats('ccaaan')).toEqual(['ccan', 'can']);
    expect(squeezeRepeats('hoon')).toEqual(['hon']);
    expect(squeezeRepeats('sinh')).toEqual([]);
    expect(squeezeRepeats('dcccc')).toEqual(['dc']);
  });

  it('reads a telex ư typed as a leading w (wowcs = ước)', () => {
    expect(telexFold('wowcs')).toBe('uoc');
  });

  it('leaves words without a vowel alone: they are abbreviations, not telex (ddt is not dt)', () => {
    expect(telexFold('ddt')).toBeUndefined();
    expect(telexFold('sinh')).toBeUndefined();
  });

  it('does not read digits of a year or a lone letter with a digit as VNI residue', () => {
    expect(vniFold('2004')).toBeUndefined();
    expect(vniFold('la2')).toBe('la');
    expect(vniFold('a1')).toBeUndefined();
    expect(vniFold('sinh')).toBeUndefined();
  });

  it('tries telex repair again on a squeezed word (khaiiis → khai)', () => {
    expect(repairCandidates('khaiiis')).toContain('khai');
    expect(repairCandidates('vie6t')).toEqual(['viet']);
  });
});

const lexicon: Lexicon = {
  replacements: new Map([
    ['ko', 'không'],
    ['k', 'không'],
    ['k co', 'không có'],
    ['dc', 'được'],
    ['cccd', 'căn cước công dân'],
    ['gks', 'giấy khai sinh'],
    ['online', 'trực tuyến'],
  ]),
  synonyms: new Map([
    ['cưới', 'kết hôn'],
    ['au khươi', 'kết hôn'],
    ['bán online', 'kinh doanh'],
    ['sổ đỏ', 'giấy chứng nhận quyền sử dụng đất'],
  ]),
  outOfScope: ['thời tiết', 'bóng đá', 'bóng', '!!!'],
  languageMarkers: new Map(),
};
// Compiled inside each test (not at module load), so the mutation run knows which tests read the compiler.
const compiled = () => compileLexicon(lexicon);
const replaced = (text: string) => applyReplacements(tokenize(text), compiled()).map((t) => t.folded).join(' ');
const expanded = (text: string) => expansions(tokenize(text), compiled()).map((e) => e.map((t) => t.folded).join(' '));

describe('lexicon: abbreviations', () => {
  it('expands ko, dc, cccd, gks whatever the case or the đ', () => {
    expect(replaced('lam CCCD ko dc')).toBe('lam can cuoc cong dan khong duoc');
    expect(replaced('đc')).toBe('duoc');
    expect(replaced('mat gks')).toBe('mat giay khai sinh');
  });

  it('prefers the longest phrase at a position (k co before k)', () => {
    expect(replaced('k co tien')).toBe('khong co tien');
    expect(replaced('k biet')).toBe('khong biet');
  });

  it('keeps the replacement unmarked, so it matches entries with or without diacritics', () => {
    expect(applyReplacements(tokenize('cccd'), compiled()).every((t) => !t.hasMarks)).toBe(true);
  });

  it('knows every word of its keys and values, for spelling repair', () => {
    const lex = compiled();
    for (const w of ['cccd', 'can', 'cuoc', 'cong', 'dan', 'ket', 'hon', 'khuoi']) expect(lex.words.has(w)).toBe(true);
    expect(lex.words.has('thoi')).toBe(false);
  });
});

describe('lexicon: everyday and Tày words', () => {
  it('maps the Tày "au khươi" and the everyday "sổ đỏ" to the official terms', () => {
    expect(expanded('au khuoi')).toEqual(['ket hon']);
    expect(expanded('lam so do')).toEqual(['giay chung nhan quyen su dung dat']);
  });

  it('reads an official term like entry text: its own abbreviations are expanded too', () => {
    expect(compiled().expand.get('ban online')?.to.map((t) => t.folded).join(' ')).toBe('kinh doanh');
    const withAbbrev = compileLexicon({ ...lexicon, synonyms: new Map([['bán hàng qua mạng', 'bán hàng online']]) });
    expect(withAbbrev.expand.get('ban hang qua mang')?.to.map((t) => t.folded).join(' ')).toBe('ban hang truc tuyen');
  });

  it('fires a rule written with diacritics on a word typed without any, not on one typed with others', () => {
    expect(expanded('cưới')).toEqual(['ket hon']);
    expect(expanded('cuoi')).toEqual(['ket hon']);
    expect(expanded('cười')).toEqual([]);
    // every word of a phrase must carry its own marks
    expect(expanded('au khuối')).toEqual([]);
    expect(expanded('au khươi')).toEqual(['ket hon']);
  });

  it('finds several everyday phrases in one message', () => {
    expect(expanded('cuoi xong lam so do')).toEqual(['ket hon', 'giay chung nhan quyen su dung dat']);
  });
});

describe('lexicon: topics the bot does not handle', () => {
  it('finds an out-of-scope phrase anywhere in the message, also at its end', () => {
    expect(outOfScopeHits(tokens('thoi tiet hom nay'), compiled())).toEqual(['thoi tiet']);
    expect(outOfScopeHits(tokens('hom nay xem thoi tiet'), compiled())).toEqual(['thoi tiet']);
    expect(outOfScopeHits(tokens('xem bong da'), compiled())).toEqual(['bong da', 'bong']);
    expect(outOfScopeHits(tokens('xem bong'), compiled())).toEqual(['bong']);
  });

  it('finds nothing in a procedure question, nor for a rule of punctuation only', () => {
    const lex = compiled();
    expect(outOfScopeHits(tokens('dang ky khai sinh'), lex)).toEqual([]);
    expect(lex.outOfScope.has('')).toBe(false);
    expect(lex.outOfScope.size).toBe(3);
    const punct = compileLexicon({ ...lexicon, replacements: new Map([['!!!', 'không']]), synonyms: new Map([['...', 'kết hôn']]) });
    expect([punct.replace.size, punct.expand.size, punct.starts.replace.size]).toEqual([0, 0, 0]);
  });
});

describe('compileLexiconOnce', () => {
  it('reuses the compiled lexicon while the lexicon says the same, and recompiles when it changes', () => {
    const a = compileLexiconOnce(lexicon);
    expect(compileLexiconOnce({ ...lexicon, replacements: new Map(lexicon.replacements) })).toBe(a);
    expect(compileLexiconOnce({ ...lexicon, synonyms: new Map([['lấy nhau', 'kết hôn']]) }).expand.has('lay nhau')).toBe(true);
    expect(compileLexiconOnce({ ...lexicon, outOfScope: ['giá vàng'] }).outOfScope.has('gia vang')).toBe(true);
    expect(compileLexiconOnce(lexicon)).not.toBe(a);
    expect(compileLexiconOnce(undefined).replace.size).toBe(0);
    const a2 = compileLexiconOnce(lexicon);
    const b = compileLexiconOnce({ ...lexicon, replacements: new Map([['ko', 'không']]) });
    expect(b).not.toBe(a2);
    expect(b.replace.has('cccd')).toBe(false);
    const c = compileLexiconOnce({ ...lexicon, synonyms: new Map() });
    expect(c.expand.size).toBe(0);
    expect(compileLexiconOnce({ ...lexicon, synonyms: new Map(), outOfScope: [] }).outOfScope.size).toBe(0);
  });

  it('compiles a missing lexicon to empty tables', () => {
    const none = compileLexicon(undefined);
    expect([none.replace.size, none.expand.size, none.outOfScope.size, none.words.size]).toEqual([0, 0, 0, 0]);
  });
});
