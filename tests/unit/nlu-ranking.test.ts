import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/knowledge/types.js';
import { buildMatcher } from '../../src/nlu/matcher.js';

/** Ranking rules a villager notices: which of several close entries comes first, on a large knowledge base too. */
const entry = (id: string, title: string, extra: Partial<Entry> = {}): Entry => ({ id, title, kind: 'procedure', curated: true, domain: 'other', level: 'commune', ...extra }) as Entry;
const lexicon = { replacements: new Map<string, string>(), languageMarkers: new Map<string, 'tay' | 'dao'>() };
const tiny = (list: Entry[]) => buildMatcher({ list, lexicon });

describe('which of two versions comes first', () => {
  it('the commune version before the province one; an entry without a level counts as the commune', () => {
    const m = tiny([entry('prov', 'Đăng ký khai sinh', { level: 'province' }), entry('xa', 'Đăng ký khai sinh'), entry('none', 'Đăng ký khai sinh', { level: undefined })]);
    const cs = m.match('dang ky khai sinh').candidates;
    expect(cs.at(-1)!.id).toBe('prov');
    expect(cs[0]!.score).toBe(cs[1]!.score);
    expect(cs[2]!.score).toBeLessThan(cs[0]!.score!);
  });

  it('a title that says the whole question beats one that says part of it', () => {
    const m = tiny([entry('part', 'Đăng ký khai sinh'), entry('whole', 'Đăng ký khai sinh có yếu tố nước ngoài')]);
    expect(m.match('khai sinh co yeu to nuoc ngoai').candidates[0]!.id).toBe('whole');
    expect(m.match('dang ky khai sinh').candidates[0]!.id).toBe('part');
  });

  it('a word in the title counts more than the same word in the summary', () => {
    const m = tiny([entry('summary', 'Hồ sơ hành chính', { summary: 'khai sinh cho trẻ' }), entry('title', 'Khai sinh cho trẻ')]);
    expect(m.match('khai sinh cho tre').candidates.map((c) => c.id)).toEqual(['title', 'summary']);
  });

  it('an alias that is only part of a longer question does not win over the title that says it all', () => {
    const m = tiny([entry('alias', 'Hồ sơ hành chính', { aliases: ['khai sinh'] }), entry('title', 'Khai sinh cho con nuôi')]);
    expect(m.match('khai sinh cho con nuoi').candidates[0]!.id).toBe('title');
    expect(m.match('khai sinh').candidates[0]!.id).toBe('alias');
  });
});

describe('rare words decide', () => {
  it('"đăng ký kết hôn" finds marriage, though many titles say "đăng ký"', () => {
    const m = tiny([entry('marriage', 'Kết hôn'), ...['khai sinh', 'khai tử', 'tạm trú', 'thường trú', 'giám hộ'].map((x, i) => entry(`reg-${i}`, `Đăng ký ${x}`))]);
    expect(m.match('dang ky ket hon').candidates[0]!.id).toBe('marriage');
  });
});

describe('a large knowledge base (hundreds of entries sharing common words)', () => {
  // 355 entries share "cấp phép"; 44 mention mining in their summary; one is titled with the whole question.
  const list = [
    ...Array.from({ length: 355 }, (_, i) => entry(`permit-${i}`, `Cấp phép số ${i}`)),
    ...Array.from({ length: 44 }, (_, i) => entry(`mine-${i}`, `Mỏ ${i}`, { summary: 'cấp phép khai thác khoáng sản' })),
    entry('mining', 'Cấp phép khai thác khoáng sản'),
    entry('limestone', 'Mua bán đá vôi'),
  ];
  const m = tiny(list);

  it('finds the entry that says the whole question, though it is the last of 45 similar ones', () => {
    const cs = m.match('cấp phép khai thác khoáng sản').candidates;
    expect(cs[0]!.id).toBe('mining');
    expect(cs[0]!.score).toBe(1);
    expect(cs.slice(1).every((c) => c.id.startsWith('mine-'))).toBe(true);
  });

  it('entries that share only the everyday words of the question are not offered', () => {
    expect(m.match('cấp phép đá vôi').candidates.map((c) => c.id)).toEqual(['limestone']);
  });

  it('a common word still counts for the entries found by the rare ones', () => {
    expect(m.match('cấp phép khai thác khoáng sản').candidates[0]!.score).toBeGreaterThan(m.match('khai thác khoáng sản').candidates[0]!.score! - 0.001);
    expect(m.match('cap phep khai thac khoang san').candidates[0]).toMatchObject({ id: 'mining', score: 1 });
  });

  it('a common word typed with other diacritics than the entries use counts less', () => {
    const exact = m.match('cấp phép khai thác khoáng sản').candidates[0]!.score!;
    const wrong = m.match('cập phép khai thác khoáng sản').candidates[0]!;
    expect(wrong.id).toBe('mining');
    expect(wrong.score).toBeLessThan(exact);
  });
});
