import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import type { Entry, Lexicon } from '../../src/knowledge/types.js';
import { buildMatcher, isServable } from '../../src/nlu/matcher.js';
import { analyzeQuery } from '../../src/nlu/query.js';
import { tokens } from '../../src/nlu/normalize.js';

/**
 * What a villager types → what the matcher finds, on a small fixture knowledge base (the golden
 * table on the real knowledge base is in nlu-matcher.test.ts, left out of the mutation run).
 */
const entry = (id: string, title: string, extra: Partial<Entry> = {}): Entry => ({ id, title, kind: 'procedure', curated: true, domain: 'residence-id', level: 'commune', ...extra }) as Entry;
const list = [
  entry('id-adult', 'Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên', { aliases: ['làm căn cước'] }),
  entry('id-child', 'Cấp thẻ căn cước cho người dưới 14 tuổi'),
  entry('id-reissue', 'Cấp lại thẻ căn cước'),
  entry('birth', 'Đăng ký khai sinh', { domain: 'civil-status', aliases: ['làm giấy khai sinh'] }),
  entry('marriage', 'Đăng ký kết hôn', { domain: 'civil-status' }),
  entry('land', 'Cấp giấy chứng nhận quyền sử dụng đất lần đầu', { domain: 'land' }),
  entry('draft', 'Hỏi về nuôi ong mật', { kind: 'faq', curated: false, domain: 'agriculture' }),
];
const lexicon: Lexicon = {
  replacements: new Map([['ko', 'không'], ['dc', 'được'], ['cccd', 'thẻ căn cước'], ['gks', 'giấy khai sinh']]),
  synonyms: new Map([['au khươi', 'kết hôn'], ['sổ đỏ', 'giấy chứng nhận quyền sử dụng đất'], ['bị mất', 'cấp lại']]),
  outOfScope: ['thời tiết', 'bóng đá'],
  languageMarkers: new Map(),
};
const kb = { entries: new Map(list.map((e) => [e.id, e])), list, lexicon };
const matcher = buildMatcher(kb);
const match = (text: string) => matcher.match(text);
const top = (text: string) => match(text).candidates[0]?.id;
const outcome = (text: string) => decide(text, kb, matcher).outcome;
const answered = (text: string) => {
  const o = outcome(text);
  return o.kind === 'answer' ? o.entryId : o.kind;
};

describe('a villager finds the procedure', () => {
  it('"lam can cuoc o dau" (no diacritics) offers both ID-card versions, since no age was said', () => {
    const m = match('lam can cuoc o dau');
    expect(m.candidates.slice(0, 2).map((c) => c.id).sort()).toEqual(['id-adult', 'id-child']);
    expect(m.actionConflict).toBe(true);
    expect(outcome('lam can cuoc o dau').kind).toBe('clarify');
  });

  it('an age picks the version: "lam cccd cho con 5 tuoi" is the card for under 14', () => {
    expect(answered('lam cccd cho con 5 tuoi')).toBe('id-child');
  });

  it('a lost card is the reissue: "bị mất thẻ căn cước", "mat cccd"', () => {
    expect(answered('bị mất thẻ căn cước')).toBe('id-reissue');
    const m = match('mat cccd');
    expect(m.candidates[0]!.id).toBe('id-reissue');
    expect(m.actions).toEqual(['reissue']);
  });

  it('abbreviations expand: "gks cho be", "ko dc"', () => {
    expect(answered('gks cho be')).toBe('birth');
    expect(match('gks cho be').words).toEqual(['giay', 'khai', 'sinh', 'cho', 'be']);
    expect(match('ko dc').words).toEqual(['khong', 'duoc']);
  });

  it('typos are tolerated: a dropped letter, telex residue, a held-down key', () => {
    expect(answered('khai snh')).toBe('birth');
    expect(match('khai snh')).toMatchObject({ words: ['khai', 'snh'], unknownWords: [], unknownShare: 0 });
    expect(answered('ddawng kys khai sinh')).toBe('birth');
    expect(match('ddawng kys khai sinh').words).toEqual(['dang', 'ki', 'khai', 'sinh']);
    expect(analyzeQuery(matcher.index, 'ko dcccc').typed).toEqual(['khong', 'duoc']);
  });

  it('Tày and everyday words reach the official procedure through the lexicon', () => {
    expect(answered('au khươi')).toBe('marriage');
    expect(answered('lam so do')).toBe('land');
  });

  it('a long story is read for the clause that asks', () => {
    const text = 'hom nay troi dep qua, cac con deu khoe, ong ba cung vui, nhung muon hoi ve khai sinh';
    expect(answered(text)).toBe('birth');
    // every word is read once for the intent rules, whatever the number of readings
    expect([...match(text).words!].sort()).toEqual(tokens(text).sort());
  });
});

describe('what the bot does not know', () => {
  it('out-of-scope questions are recognised, not matched', () => {
    expect(match('thoi tiet hom nay the nao').outOfScope).toEqual(['thoi tiet']);
    expect(outcome('thoi tiet hom nay the nao')).toEqual({ kind: 'smalltalk', intent: 'out_of_scope' });
    expect(match('xem bong da')).toMatchObject({ candidates: [], outOfScope: ['bong da'] });
    expect(match('khai sinh').outOfScope).toEqual([]);
  });

  it('unknown words: none of them matches anything, and they are listed for the editors', () => {
    expect(match('qwerty zxcv')).toMatchObject({ candidates: [], unknownShare: 1, unknownWords: ['qwerty', 'zxcv'] });
    expect(outcome('qwerty zxcv').kind).toBe('fallback');
  });

  it('one unknown word beside a clear question does not sink it', () => {
    expect(answered('khai sinh qwxz')).toBe('birth');
    expect(match('khai sinh qwxz')).toMatchObject({ unknownWords: ['qwxz'], unknownShare: 1 / 3 });
    expect(match('qwxz khai sinh qwxz').unknownWords).toEqual(['qwxz']);
  });

  it('an empty message has no words and no candidates', () => {
    expect(match('')).toEqual({ candidates: [], words: [], outOfScope: [], unknownShare: 0 });
    expect(match('!!!')).toEqual({ candidates: [], words: [], outOfScope: [], unknownShare: 0 });
  });

  it('a draft FAQ nobody has checked is never offered to villagers', () => {
    expect(match('hoi ve nuoi ong mat').candidates.map((c) => c.id)).not.toContain('draft');
    expect(isServable({ kind: 'faq', curated: false })).toBe(false);
    expect(isServable({ kind: 'faq', curated: true })).toBe(true);
    expect(isServable({ kind: 'procedure', curated: false })).toBe(true);
  });
});

describe('the figures the decision reads', () => {
  it('scores and confidences are in [0, 1], rounded to three decimals, best first', () => {
    for (const text of ['lam can cuoc o dau', 'gks cho be', 'khai sinh va ket hon', 'cap lai ban sao giay khai sinh']) {
      const cs = match(text).candidates;
      expect(cs.length).toBeGreaterThan(1);
      for (const c of cs) {
        expect(c.confidence).toBe(Math.round(c.confidence * 1000) / 1000);
        expect(c.score).toBe(Math.round(c.score! * 1000) / 1000);
        expect(c.score).toBeLessThanOrEqual(1);
      }
      expect(cs.map((c) => c.score)).toEqual([...cs.map((c) => c.score)].sort((a, b) => b! - a!));
    }
  });

  it('a clear question gets a high confidence, its rivals a low one', () => {
    const [best, next] = match('gks cho be').candidates;
    expect(best!.confidence).toBeGreaterThanOrEqual(0.75);
    expect(next!.confidence).toBeLessThan(0.2);
    expect(best!.title).toBe('Đăng ký khai sinh');
  });
});
