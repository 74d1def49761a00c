import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/knowledge/types.js';
import { buildMatcher } from '../../src/nlu/matcher.js';
import { analyzeQuery } from '../../src/nlu/query.js';
import { rankWords } from '../../src/nlu/score.js';

/**
 * How the matcher reads a message beyond its words: which clause of a long message asks, and how
 * the action, the age and the kind of entry lower a candidate that does not fit. Fixture knowledge.
 */
const entry = (id: string, title: string, extra: Partial<Entry> = {}): Entry => ({ id, title, kind: 'procedure', curated: true, domain: 'other', level: 'commune', ...extra }) as Entry;
const lexicon = { replacements: new Map<string, string>(), languageMarkers: new Map<string, 'tay' | 'dao'>(), synonyms: new Map([['bị mất', 'cấp lại']]) };

describe('long messages: the clause that asks decides', () => {
  const m = buildMatcher({
    list: [
      entry('id', 'Cấp thẻ căn cước'),
      entry('id-re', 'Cấp lại thẻ căn cước'),
      entry('school', 'Chuyển trường cho học sinh tiểu học'),
      entry('birth', 'Đăng ký khai sinh'),
      entry('death', 'Đăng ký khai tử'),
      entry('market', 'Cấp phép họp chợ phiên'),
    ],
    lexicon,
  });
  const top = (text: string) => m.match(text).candidates[0]?.id;

  it('what follows the request word is the need: "cô giáo … bảo phải đi làm căn cước"', () => {
    expect(top('chào anh, cô giáo ở trường tiểu học bảo phải đi làm căn cước cho cháu')).toBe('id');
  });

  it('the story around the request does not win: birth or death, as asked', () => {
    expect(top('nhà em ở xa, ông mất hôm qua, vợ mới sinh cháu, muốn làm khai sinh')).toBe('birth');
    expect(top('nhà em ở xa, ông mất hôm qua, vợ mới sinh cháu, muốn làm khai tử')).toBe('death');
  });

  it('the action is read from the whole message: "bị móc túi mất cả ví, làm lại căn cước"', () => {
    const r = m.match('hôm qua đi chợ phiên bị móc túi mất cả ví, làm lại căn cước thế nào');
    expect(r.candidates[0]!.id).toBe('id-re');
    expect(r.actions).toEqual(['reissue']);
  });

  it('a short message is read whole, even with commas', () => {
    expect(m.match('khai sinh, khai tử').words).toEqual(['khai', 'sinh', 'khai', 'tu']);
  });
});

describe('what does not fit is lowered', () => {
  const m = buildMatcher({
    list: [
      entry('account', 'Cấp tài khoản định danh điện tử', { keywords: ['kích hoạt', 'sửa'] }),
      entry('birth', 'Đăng ký khai sinh'),
      entry('birth-copy', 'Cấp bản sao giấy khai sinh'),
      entry('old', 'Trợ cấp cho người từ đủ 80 tuổi trở lên', { keywords: ['tro cap'] }),
      entry('young', 'Trợ cấp cho trẻ em dưới 6 tuổi'),
    ],
    lexicon,
  });
  /** Final score of an entry over its raw ranking score for the same words. */
  const ratio = (text: string, id: string) => {
    const raw = rankWords(m.index, analyzeQuery(m.index, text).words).find((s) => m.index.entries[s.id]!.entry.id === id)!.score;
    return m.match(text).candidates.find((c) => c.id === id)!.score! / raw;
  };

  it('an app verb ("kích hoạt") lowers a procedure only a little; a wrong action ("sửa") a lot', () => {
    expect(ratio('kich hoat tai khoan dinh danh dien tu', 'account')).toBeGreaterThan(0.9);
    expect(ratio('sua tai khoan dinh danh dien tu', 'account')).toBeLessThan(0.8);
    expect(ratio('kich hoat va sua tai khoan dinh danh dien tu', 'account')).toBeLessThan(0.8);
    expect(m.match('sua tai khoan dinh danh dien tu').actionConflict).toBe(true);
    expect(m.match('kich hoat tai khoan dinh danh dien tu').actionConflict).toBe(true);
  });

  it('with no action asked, the plain procedure comes before its copy', () => {
    expect(m.match('khai sinh').candidates.map((c) => c.id)).toEqual(['birth', 'birth-copy']);
    expect(ratio('khai sinh', 'birth')).toBeCloseTo(1, 2);
    expect(ratio('khai sinh', 'birth-copy')).toBeLessThan(1);
    expect(m.match('ban sao giay khai sinh').candidates[0]!.id).toBe('birth-copy');
  });

  it('a stated age lowers the entry for another age and re-sorts', () => {
    expect(m.match('tro cap cho me 85 tuoi').candidates.slice(0, 2).map((c) => c.id)).toEqual(['old', 'young']);
    expect(m.match('tro cap cho con 3 tuoi').candidates.slice(0, 2).map((c) => c.id)).toEqual(['young', 'old']);
    expect(ratio('tro cap cho con 3 tuoi', 'old')).toBeLessThan(0.8);
    expect(ratio('tro cap cho con 3 tuoi', 'young')).toBeCloseTo(1, 2);
  });
});

describe('versions for another age are offered next to the best one', () => {
  const m = buildMatcher({
    list: [
      entry('child', 'Cấp thẻ căn cước cho người dưới 14 tuổi'),
      entry('adult', 'Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên', { aliases: ['làm căn cước cho người lớn', 'căn cước cho người già'] }),
      entry('other', 'Cấp giấy xác nhận cư trú'),
    ],
    lexicon,
  });

  it('without an age, the sibling follows the best at nearly its score, before anything else', () => {
    const cs = m.match('can cuoc cho nguoi gia').candidates;
    expect(cs.slice(0, 2).map((c) => c.id)).toEqual(['adult', 'child']);
    expect(cs[1]!.score).toBeGreaterThanOrEqual(Math.round(cs[0]!.score! * 0.9 * 1000) / 1000 - 0.001);
    expect(m.match('can cuoc cho nguoi gia').actionConflict).toBe(true);
  });

  it('with an age, only the ranking decides and nothing is undecided', () => {
    const r = m.match('can cuoc cho nguoi gia 70 tuoi');
    expect(r.candidates[0]!.id).toBe('adult');
    expect(r.actionConflict).toBeUndefined();
  });
});
