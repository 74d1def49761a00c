import { describe, expect, it } from 'vitest';
import { CLARIFY_MIN_SCORE, decide } from '../../src/core/decide.js';
import type { Entry } from '../../src/knowledge/types.js';
import { buildMatcher, nearDuplicates } from '../../src/nlu/matcher.js';
import { aboutNegated, negatedWords } from '../../src/nlu/negation.js';
import { tokens } from '../../src/nlu/normalize.js';

const entry = (id: string, title: string, extra: Partial<Entry> = {}): Entry => ({ id, title, kind: 'procedure', curated: true, domain: 'civil-status', level: 'commune', ...extra }) as Entry;
const list = [
  entry('will', 'Chứng thực di chúc'),
  entry('inherit', 'Đăng ký biến động quyền sử dụng đất do thừa kế, tặng cho', { domain: 'land', aliases: ['sang tên đất thừa kế'] }),
  entry('poor-regular', 'Công nhận hộ nghèo, hộ cận nghèo thường xuyên hằng năm', { domain: 'social-welfare' }),
  entry('poor-periodic', 'Công nhận hộ nghèo, hộ cận nghèo; hộ thoát nghèo định kỳ hằng năm', { domain: 'social-welfare' }),
  entry('customs-view', 'Thủ tục xem hàng hoá trước khi khai hải quan', { domain: 'border-trade' }),
  entry('app-guide', 'Cài đặt ứng dụng VNeID trên điện thoại', { kind: 'guide', aliases: ['tải vneid', 'vneid'] }),
  entry('e-id', 'Cấp tài khoản định danh điện tử VNeID', { aliases: ['tài khoản vneid', 'vneid'] }),
];
const kb = {
  entries: new Map(list.map((e) => [e.id, e])),
  list,
  lexicon: { replacements: new Map<string, string>(), synonyms: new Map<string, string>(), outOfScope: [], languageMarkers: new Map() },
};
const matcher = buildMatcher(kb);
const run = (text: string) => decide(text, kb, matcher).outcome;
const content = (w: string) => w.length > 1 && !['toi', 'lam', 'muon'].includes(w);

describe('negated objects', () => {
  it('reads what follows "không có" / "chưa có" up to the next request word', () => {
    const n = negatedWords(tokens('không có di chúc muốn làm thừa kế'));
    expect([...n.negated]).toEqual(['di', 'chuc']);
    expect(n.positive.has('thua')).toBe(true);
    expect(negatedWords(tokens('không phải, ý em là thẻ bị rách')).negated.size).toBe(0);
  });

  it('a title is about a negated thing only when it shares none of the words said positively', () => {
    const n = negatedWords(tokens('không có di chúc muốn làm thừa kế'));
    expect(aboutNegated(new Set(tokens('Chứng thực di chúc')), n, content)).toBe(true);
    expect(aboutNegated(new Set(tokens('thừa kế theo di chúc')), n, content)).toBe(false);
    // "chưa có căn cước, muốn làm căn cước": the thing lacked is the thing asked for.
    expect(aboutNegated(new Set(tokens('Cấp thẻ căn cước')), negatedWords(tokens('chưa có căn cước muốn làm căn cước')), content)).toBe(false);
  });

  it('"không có di chúc … thừa kế đất" never answers with the will procedure', () => {
    const o = run('ông tôi mất rồi, không có di chúc, mấy anh em muốn làm thủ tục thừa kế đất của ông để sang tên');
    expect(o.kind === 'answer' ? o.entryId : o.kind === 'clarify' ? o.candidates[0]?.id : o.kind).toBe('inherit');
  });

  it('the entry about the negated thing is lowered, and undecided when it stays first', () => {
    const scoreOf = (text: string) => matcher.match(text).candidates.find((c) => c.id === 'will')?.score ?? 0;
    expect(scoreOf('bố tôi mất, không có di chúc, làm thế nào')).toBeLessThanOrEqual(scoreOf('bố tôi mất, có di chúc, làm thế nào') * 0.5 + 0.001);
    const m = matcher.match('không có di chúc thì sao');
    expect(m.candidates[0]?.id === 'will' ? m.actionConflict : true).toBe(true);
  });
});

describe('near ties are asked, not answered', () => {
  it('titles sharing most words, with none of their distinguishing words asked, are near-duplicates', () => {
    const a = new Set(tokens('Công nhận hộ nghèo, hộ cận nghèo thường xuyên hằng năm'));
    const b = new Set(tokens('Công nhận hộ nghèo, hộ cận nghèo; hộ thoát nghèo định kỳ hằng năm'));
    expect(nearDuplicates(a, b, new Set(tokens('xin xét hộ nghèo')))).toBe(true);
    expect(nearDuplicates(a, b, new Set(tokens('xét hộ nghèo định kỳ')))).toBe(false);
    expect(nearDuplicates(a, new Set(tokens('Chứng thực di chúc')), new Set())).toBe(false);
  });

  it('"xin xét hộ nghèo" is flagged undecided (never answered outright), "hộ nghèo định kỳ" is not', () => {
    expect(matcher.match('xin xét hộ nghèo').actionConflict).toBe(true);
    expect(matcher.match('xin xét hộ nghèo định kỳ').actionConflict).toBeUndefined();
  });

  it('a how-to guide and a procedure in a near tie: undecided', () => {
    const m = matcher.match('vneid');
    expect(m.candidates.map((c) => c.id).sort()).toEqual(['app-guide', 'e-id']);
    expect(m.actionConflict).toBe(true);
  });

  it('an undecided match is asked even when confident', () => {
    const candidates = [{ id: 'poor-regular', title: 'a', confidence: 0.9, score: 0.7 }, { id: 'poor-periodic', title: 'b', confidence: 0.1, score: 0.68 }];
    const stub = (actionConflict?: boolean) => ({ match: () => ({ candidates, words: ['ho', 'ngheo'], outOfScope: [], ...(actionConflict ? { actionConflict } : {}) }) });
    expect(decide('hộ nghèo', kb, stub(true)).outcome.kind).toBe('clarify');
    expect(decide('hộ nghèo', kb, stub()).outcome.kind).toBe('answer');
  });
});

describe('a stray shared word offers no choices', () => {
  it(`below a raw score of ${CLARIFY_MIN_SCORE} the bot says it does not know`, () => {
    const at = (score: number) => ({ match: () => ({ candidates: [{ id: 'customs-view', title: 'x', confidence: 0.29, score }], words: ['xem'], outOfScope: [] }) });
    expect(decide('tối nay xem gì', kb, at(0.21)).outcome.kind).toBe('fallback');
    expect(decide('xem hàng trước khai hải quan', kb, at(0.4)).outcome.kind).toBe('clarify');
  });
});
