import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/knowledge/types.js';
import { buildMatcher } from '../../src/nlu/matcher.js';

/** When the matcher says "undecided" (the bot asks) and when it does not. */
const entry = (id: string, title: string, extra: Partial<Entry> = {}): Entry => ({ id, title, kind: 'procedure', curated: true, domain: 'other', level: 'commune', ...extra }) as Entry;
const lexicon = { replacements: new Map<string, string>(), languageMarkers: new Map<string, 'tay' | 'dao'>() };

describe('undecided', () => {
  it('two different procedures in a tie are two topics, not versions of one: no conflict is flagged', () => {
    const m = buildMatcher({ list: [entry('birth', 'Đăng ký khai sinh'), entry('marriage', 'Đăng ký kết hôn')], lexicon });
    const r = m.match('khai sinh va ket hon');
    expect(r.candidates.map((c) => c.id).sort()).toEqual(['birth', 'marriage']);
    expect(r.candidates[0]!.score).toBe(r.candidates[1]!.score);
    expect(r.actionConflict).toBeUndefined();
  });

  it('two actions asked, but the entry doing the other one is far behind: the best is not undecided', () => {
    const m = buildMatcher({ list: [entry('copy', 'Cấp bản sao trích lục khai sinh'), entry('re', 'Cấp lại giấy tờ tùy thân')], lexicon });
    const r = m.match('cap lai ban sao trich luc khai sinh');
    expect(r.actions).toEqual(['reissue', 'copy']);
    expect(r.candidates[0]!.id).toBe('copy');
    expect(r.candidates[1]!.score!).toBeLessThan(r.candidates[0]!.score! / 2);
    expect(r.actionConflict).toBeUndefined();
  });
});
