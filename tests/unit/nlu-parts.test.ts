import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/knowledge/types.js';
import { actionFit, actionsIn, entryActions, satisfies } from '../../src/nlu/actions.js';
import { clausesOf, MAX_CLAUSES, MAX_READ_CHARS, needAt, readablePart } from '../../src/nlu/clauses.js';
import { CALIBRATION, confidenceOf, features, fittedProbability, tieShare } from '../../src/nlu/confidence.js';
import { ageFits, statedAge, titleAgeRange } from '../../src/nlu/facts.js';
import { FILLER_WEIGHT } from '../../src/nlu/fillers.js';
import { buildIndex, deletesOf, idf, indexSteps, nearestWord, termsOf, termWeight } from '../../src/nlu/index.js';
import { compileLexicon } from '../../src/nlu/lexicon.js';
import { aboutNegated, negatedWords } from '../../src/nlu/negation.js';
import { tokenize, tokens } from '../../src/nlu/normalize.js';

/** The small parts of understanding, one rule each, as a villager's message exercises them. */
const entry = (id: string, title: string, extra: Partial<Entry> = {}): Entry => ({ id, title, kind: 'procedure', curated: true, domain: 'other', level: 'commune', ...extra }) as Entry;

describe('clauses: how much of a long message is read, and where it is cut', () => {
  it('reads a short message whole', () => {
    const text = `${'a'.repeat(MAX_READ_CHARS - 1)}.`;
    expect(readablePart(text)).toBe(text);
  });

  it('cuts a long message at the last clause boundary in its second half', () => {
    const text = `${'a'.repeat(700)}? ${'b'.repeat(500)}`;
    expect(readablePart(text)).toBe(`${'a'.repeat(700)}?`);
    expect(readablePart(`${'a'.repeat(600)}\n${'b'.repeat(600)}`)).toBe(`${'a'.repeat(600)}\n`);
    expect(readablePart(`${'a'.repeat(600)}!${'b'.repeat(600)}`)).toBe(`${'a'.repeat(600)}!`);
    expect(readablePart(`${'a'.repeat(600)}.${'b'.repeat(600)}`)).toBe(`${'a'.repeat(600)}.`);
  });

  it('cuts at MAX_READ_CHARS when no boundary is near the end', () => {
    expect(readablePart(`x, ${'a'.repeat(1200)}`)).toHaveLength(MAX_READ_CHARS);
    expect(readablePart('a '.repeat(700))).toHaveLength(MAX_READ_CHARS);
  });

  it('splits at punctuation and spaced dashes, drops clauses without letters, keeps at most MAX_CLAUSES', () => {
    expect(clausesOf('chào em - con tôi mới sinh… muốn làm khai sinh (gấp); ok?')).toEqual(['chào em', 'con tôi mới sinh', 'muốn làm khai sinh', 'gấp', 'ok']);
    expect(clausesOf('thẻ bảo hiểm y-tế , , ... 😀 !')).toEqual(['thẻ bảo hiểm y-tế']);
    expect(clausesOf(Array.from({ length: 30 }, (_, i) => `câu ${i}`).join('. '))).toHaveLength(MAX_CLAUSES);
  });

  it('finds where a clause starts asking, by one word or a phrase', () => {
    expect(needAt(tokens('cô giáo bảo phải đi làm căn cước'))).toBe(3);
    expect(needAt(tokens('con tôi mới sinh'))).toBe(-1);
    expect(needAt(tokens('giấy khai sinh làm thế nào'))).toBe(3);
    expect(needAt(['so', 'can', 'i'])).toBe(1);
  });
});

describe('facts: the age a message states and a title names', () => {
  it('reads an age in Vietnamese or English, and newborn phrases as 0', () => {
    expect(statedAge(tokens('chau 3 years old'))).toBe(3);
    expect(statedAge(tokens('my son is 1 year'))).toBe(1);
    expect(statedAge(tokens('con 2 thang tuoi'))).toBe(0);
    expect(statedAge(tokens('be so sinh'))).toBe(0);
    expect(statedAge(tokens('newborn'))).toBe(0);
    expect(statedAge(tokens('ba toi 78 tuoi'))).toBe(78);
  });

  it('skips a rule quoted from a title ("từ đủ 14 tuổi", "chưa đủ 14 tuổi") and reads the age after it', () => {
    expect(statedAge(tokens('the cho nguoi tu du 14 tuoi, con toi 15 tuoi'))).toBe(15);
    expect(statedAge(tokens('chua du 14 tuoi thi sao'))).toBeUndefined();
    expect(statedAge(tokens('con du 14 tuoi'))).toBe(14);
    expect(statedAge(tokens('nam 2024 tuoi'))).toBeUndefined();
    expect(statedAge(tokens('15 nam'))).toBeUndefined();
  });

  it('reads the age range of a title', () => {
    expect(titleAgeRange(tokens('Trợ cấp cho người trên 60 tuổi'))).toEqual({ from: 61 });
    expect(titleAgeRange(tokens('người từ đủ 75 tuổi đến dưới 80 tuổi'))).toEqual({ from: 75, to: 80 });
    expect(titleAgeRange(tokens('người đủ 18 tuổi, đến năm sau'))).toEqual({ from: 18 });
    expect(titleAgeRange(tokens('trẻ em dưới 6 tuổi'))).toEqual({ from: 0, to: 6 });
    expect(titleAgeRange(tokens('dưới 6 tháng'))).toBeUndefined();
    expect(titleAgeRange(tokens('đủ điều kiện'))).toBeUndefined();
  });

  it('an age fits a range from its lower bound up to, not including, the upper one', () => {
    expect(ageFits(14, { from: 14 })).toBe(true);
    expect(ageFits(13, { from: 14 })).toBe(false);
    expect(ageFits(13, { from: 0, to: 14 })).toBe(true);
    expect(ageFits(14, { from: 0, to: 14 })).toBe(false);
  });
});

describe('negation: what the person says they do not have', () => {
  it('reads every way of writing "không có", up to three words or a new request', () => {
    expect([...negatedWords(tokens('ko co so do muon ban dat')).negated]).toEqual(['so', 'do']);
    expect([...negatedWords(tokens('k co giay to gi ca')).negated]).toEqual(['giay', 'to', 'gi']);
    expect([...negatedWords(tokens('chưa có sổ hộ khẩu thì làm sao')).negated]).toEqual(['so', 'ho', 'khau']);
    expect(negatedWords(tokens('khong phai')).negated.size).toBe(0);
  });

  it('a word said positively is not negated', () => {
    const n = negatedWords(tokens('khong co so do nhung so do cua bo'));
    expect(n.negated.size).toBe(0);
    expect(n.positive.has('bo')).toBe(true);
  });

  it('only content words decide whether a title is about the negated thing', () => {
    const n = negatedWords(tokens('khong co di chuc'));
    expect(aboutNegated(new Set(['di', 'chuc']), n, () => false)).toBe(false);
    expect(aboutNegated(new Set(['di', 'chuc']), n, () => true)).toBe(true);
    expect(aboutNegated(new Set(['thua', 'ke']), n, () => true)).toBe(false);
  });
});

describe('confidence: raw scores to a chance of being right', () => {
  const s = (score: number, questionCoverage = score) => ({ id: 0, score, questionCoverage, nameCoverage: 0 });

  it('the best candidate leads by its distance to the next; the others lead by nothing', () => {
    expect(features([s(0.8), s(0.5)], 0)).toEqual([0.8, expect.closeTo(0.3, 9), 0.8]);
    expect(features([s(0.8)], 0)).toEqual([0.8, 0.8, 0.8]);
    expect(features([s(0.8), s(0.5, 0.4)], 1)).toEqual([0.5, 0, 0.4]);
  });

  it('a tie splits the confidence; a clear lead keeps it', () => {
    expect(tieShare([s(0.7), s(0.7)], 0)).toBeCloseTo(0.5, 9);
    expect(tieShare([s(0.7), s(0.7)], 1)).toBeCloseTo(0.5, 9);
    expect(tieShare([s(0.9), s(0.5)], 0)).toBeGreaterThan(0.999);
    // only the top five share
    expect(tieShare([0.7, 0.7, 0.7, 0.7, 0.7, 0.7].map((x) => s(x)), 0)).toBeCloseTo(0.2, 9);
  });

  it('follows the fitted logistic curve', () => {
    const cal = { bias: 0, score: 1, lead: 0, coverage: 0 };
    expect(fittedProbability([s(0)], 0, cal)).toBe(0.5);
    expect(fittedProbability([s(2)], 0, cal)).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
    expect(fittedProbability([s(1, 0)], 0, { ...cal, score: 0, lead: 2 })).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
    expect(fittedProbability([s(0, 1)], 0, { ...cal, score: 0, coverage: -3 })).toBeCloseTo(1 / (1 + Math.exp(3)), 12);
    expect(fittedProbability([s(0)], 0, { ...cal, bias: 1 })).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
  });

  it('a clear strong match is confident, a weak one is not, a runner-up never is', () => {
    expect(confidenceOf([s(0.9), s(0.3)], 0)).toBeGreaterThan(0.9);
    expect(confidenceOf([s(0.15), s(0.1)], 0)).toBeLessThan(0.2);
    expect(confidenceOf([s(0.9), s(0.3)], 1)).toBeLessThan(0.01);
    expect(confidenceOf([s(0.5)], 0, CALIBRATION)).toBeCloseTo(fittedProbability([s(0.5)], 0), 12);
  });
});

describe('actions: what a title performs', () => {
  const plainOf = (title: string) => entryActions(title, tokenize);

  it('a title names its action; one that lists the plain case first also covers it', () => {
    expect(plainOf('Cấp lại thẻ căn cước')).toEqual({ actions: ['reissue'], plain: false });
    expect(plainOf('Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội')).toEqual({ actions: ['correct', 'terminate'], plain: true });
    expect(plainOf('Đăng ký khai sinh')).toEqual({ actions: [], plain: true });
    expect(plainOf('Đăng ký lại khai sinh; cấp bản sao')).toEqual({ actions: ['reregister', 'copy'], plain: false });
  });

  it('reads a one-word verb only when spelt as the verb', () => {
    expect(actionsIn(['doi', 'mu'], ['đội', 'mũ'])).toEqual([]);
    expect(actionsIn(['the', 'hong'], ['thẻ', 'hỏng'])).toEqual(['exchange']);
    expect(actionsIn(['hoa', 'hong'], ['hoa', 'hồng'])).toEqual([]);
    expect(actionsIn(['xoa', 'ten'], ['xoá', 'tên'])).toEqual(['terminate']);
    expect(actionsIn(['doi', 'the'], ['doi', 'the'])).toEqual(['exchange']);
    expect(actionsIn(['doi', 'the'])).toEqual(['exchange']);
    expect(actionsIn(['doi', 'the'], [])).toEqual(['exchange']);
  });

  it('names each action once, in the order said', () => {
    expect(actionsIn(tokens('cấp lại rồi cấp đổi rồi cấp lại'))).toEqual(['reissue', 'exchange']);
  });

  it('fits a question to an entry', () => {
    expect(actionFit(['reissue'], ['report_loss'], false)).toBe('match');
    expect(actionFit(['extend'], ['exchange'], false)).toBe('match');
    expect(actionFit(['exchange'], ['reissue'], false)).toBe('contradicts');
    expect(actionFit([], ['copy'], false)).toBe('variant');
    expect(actionFit([], ['copy'], true)).toBe('neutral');
    expect(actionFit([], ['confirm'], false)).toBe('neutral');
    expect(actionFit([], [], true)).toBe('neutral');
    expect(satisfies('reregister', ['reissue'])).toBe(true);
    expect(satisfies('copy', ['reissue'])).toBe(false);
  });
});

describe('index: the words the knowledge base knows', () => {
  it('indexes single words and neighbouring pairs', () => {
    expect(termsOf(['dang', 'ki', 'khai'])).toEqual(['dang', 'ki', 'khai', 'dang ki', 'ki khai']);
    expect(termsOf([])).toEqual([]);
  });

  it('question words and one-letter words weigh little, content words fully', () => {
    expect(termWeight('toi')).toBe(FILLER_WEIGHT);
    expect(termWeight('a')).toBe(FILLER_WEIGHT);
    expect(termWeight('sinh')).toBe(1);
    expect(termWeight('toi muon')).toBe(FILLER_WEIGHT);
    expect(termWeight('toi sinh')).toBe(1);
    expect(termWeight('sinh toi')).toBe(1);
  });

  it('a rarer word counts more; a word nobody uses counts most', () => {
    const index = buildIndex([entry('a', 'khai sinh'), entry('b', 'khai tu'), entry('c', 'ket hon')], compileLexicon(undefined));
    expect(idf(index, 'sinh')).toBeCloseTo(Math.log(1 + 3), 12);
    expect(idf(index, 'khai')).toBeCloseTo(Math.log(1 + 3 / 2), 12);
    expect(idf(index, 'qwxz')).toBe(index.maxIdf);
    expect(index.maxIdf).toBeCloseTo(Math.log(4), 12);
    expect(buildIndex([], compileLexicon(undefined)).maxIdf).toBeCloseTo(Math.log(2), 12);
  });

  it('knows the words of the lexicon as well as those of the entries', () => {
    const index = buildIndex([entry('a', 'khai sinh')], compileLexicon({ replacements: new Map([['gks', 'giấy khai sinh']]), languageMarkers: new Map() }));
    expect(index.vocabulary.get('giay')).toBe(0);
    expect(index.vocabulary.get('sinh')).toBe(1);
    expect(index.vocabulary.has('khai sinh')).toBe(false);
  });

  it('repairs a one-letter typo to the most used known word, alphabetically on a tie', () => {
    const index = buildIndex([entry('a', 'khai sinh'), entry('b', 'khai tu'), entry('c', 'khan cap')], compileLexicon(undefined));
    expect(nearestWord(index, 'khaj')).toBe('khai');
    expect(nearestWord(index, 'kha')).toBe('khai');
    // three letters: only a dropped letter is repaired, not a wrong one
    expect(nearestWord(index, 'cak')).toBeUndefined();
    expect(nearestWord(index, 'caap')).toBe('cap');
    expect(nearestWord(index, 'ka')).toBeUndefined();
    expect(nearestWord(index, 'sin')).toBe('sinh');
    expect(nearestWord(index, 'khao')).toBe('khai');
    expect(nearestWord(index, 'kh4i')).toBeUndefined();
    const tie = buildIndex([entry('a', 'banh'), entry('b', 'bang')], compileLexicon(undefined));
    expect(nearestWord(tie, 'bany')).toBe('bang');
    expect(deletesOf('abc')).toEqual(new Set(['bc', 'ac', 'ab']));
  });

  it('builds in small steps, at least one per entry', () => {
    const steps = indexSteps([entry('a', 'khai sinh'), entry('b', 'ket hon')], compileLexicon(undefined));
    let n = 0;
    let r = steps.next();
    while (!r.done) {
      n++;
      r = steps.next();
    }
    expect(n).toBeGreaterThanOrEqual(2);
    expect(r.value.entries).toHaveLength(2);
  });

  it('links versions of a procedure that differ only by age, not those for the same age', () => {
    const index = buildIndex(
      [
        entry('child', 'Cấp thẻ căn cước cho người dưới 14 tuổi (thực hiện tại cấp xã)'),
        entry('adult', 'Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên'),
        entry('adult-2', 'Thủ tục cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên'),
        entry('other', 'Trợ cấp cho người dưới 6 tuổi'),
        entry('plain', 'Cấp thẻ căn cước'),
      ],
      compileLexicon(undefined),
    );
    const siblings = (id: string) => (index.entries.find((e) => e.entry.id === id)!.ageSiblings ?? []).map((i) => index.entries[i]!.entry.id);
    expect(siblings('child').sort()).toEqual(['adult', 'adult-2']);
    expect(siblings('adult')).toEqual(['child']);
    expect(siblings('other')).toEqual([]);
    expect(siblings('plain')).toEqual([]);
  });
});
