import { describe, expect, it } from 'vitest';
import { ANSWER_AT, CLARIFY_AT, CLARIFY_MIN_SCORE, decide } from '../../src/core/decide.js';
import { COMMAND_PHRASES, emojiFeedback, FIELD_PHRASES, findPhrases, firstKind, topicWords } from '../../src/core/intents.js';
import type { Outcome } from '../../src/domain/outcome.js';
import type { Entry } from '../../src/knowledge/types.js';
import { buildMatcher, type Candidate, type Matcher, type MatchOutcome } from '../../src/nlu/matcher.js';

/** How one typed message is decided: commands, follow-ups on the topic, answer / ask / don't know. */
const entry = (id: string, title: string, extra: Partial<Entry> = {}): Entry => ({ id, title, kind: 'procedure', curated: true, domain: 'civil-status', ...extra }) as Entry;
const list = [entry('birth', 'Đăng ký khai sinh'), entry('marriage', 'Đăng ký kết hôn'), entry('death', 'Đăng ký khai tử')];
const kb = { entries: new Map(list.map((e) => [e.id, e])), list, lexicon: { replacements: new Map(), languageMarkers: new Map() } };
const matcher = buildMatcher(kb);
const run = (text: string, state = {}) => decide(text, kb, matcher, state).outcome;
/** Ids of the entries a clarify outcome lists. */
const ids = (o: Outcome) => (o.kind === 'clarify' ? o.candidates.map((c) => c.id) : []);


describe('every phrase of the rules, typed alone, does what its rule says', () => {
  const state = { topicId: 'birth', candidates: ['birth', 'death'] };
  it('commands', () => {
    for (const [kind, phrases] of COMMAND_PHRASES) {
      for (const p of phrases) {
        const o = run(p, state);
        const got = o.kind === 'smalltalk' ? o.intent : o.kind === 'answer' ? 'next' : o.kind;
        expect(`${p} → ${got}`).toBe(`${p} → ${kind}`);
      }
    }
  });
  it('field questions about the topic', () => {
    for (const [field, phrases] of FIELD_PHRASES) {
      for (const p of phrases) expect([p, run(p, { topicId: 'birth' })]).toEqual([p, { kind: 'followup', entryId: 'birth', field }]);
    }
  });
});

describe('decide', () => {
  it('a secret is never looked up', () => {
    expect(decide('mã otp của tôi là 123456', kb, matcher)).toEqual({ outcome: { kind: 'smalltalk', intent: 'safety' }, sensitive: true });
  });

  it('👍 / 👎 alone judge the topic', () => {
    expect(run('👍', { topicId: 'birth' })).toEqual({ kind: 'smalltalk', intent: 'feedback_up', entryId: 'birth' });
    expect(run('👎👎', { topicId: 'birth' })).toEqual({ kind: 'smalltalk', intent: 'feedback_down', entryId: 'birth' });
    expect(run('👍', { topicId: 'gone' })).toEqual({ kind: 'smalltalk', intent: 'feedback_up', entryId: undefined });
    expect(run('có ích', { topicId: 'birth' })).toEqual({ kind: 'smalltalk', intent: 'feedback_up', entryId: 'birth' });
  });

  it('nothing readable is "empty"; only question words ask to rephrase', () => {
    expect(run('   ')).toEqual({ kind: 'smalltalk', intent: 'empty' });
    expect(run('?!')).toEqual({ kind: 'smalltalk', intent: 'empty' });
    expect(run('làm thế nào')).toEqual({ kind: 'smalltalk', intent: 'rephrase' });
    expect(run('a b')).toEqual({ kind: 'smalltalk', intent: 'rephrase' });
  });

  it('asking for a person wins even with a topic named', () => {
    expect(run('cho tôi gặp cán bộ về khai sinh')).toEqual({ kind: 'handoff', reason: 'asked' });
  });

  it('a courtesy never hides a question in the same message', () => {
    expect(run('chào em, khai sinh cần giấy tờ gì')).toMatchObject({ kind: 'answer', entryId: 'birth', field: 'documents' });
    expect(run('cảm ơn, mất bao lâu', { topicId: 'marriage' })).toEqual({ kind: 'followup', entryId: 'marriage', field: 'duration' });
    expect(run('xin chào')).toEqual({ kind: 'smalltalk', intent: 'greeting' });
    expect(run('chào, kết hôn')).toMatchObject({ kind: 'answer', entryId: 'marriage' });
  });

  it('a command with a topic word left over is a question about that topic', () => {
    expect(run('menu khai tử')).toMatchObject({ kind: 'answer', entryId: 'death' });
    expect(run('cái khác khai tử', { topicId: 'birth', candidates: ['birth', 'marriage'] })).toMatchObject({ kind: 'answer', entryId: 'death' });
  });

  it('a field question names another entry: that entry is answered with the field', () => {
    expect(run('kết hôn mất bao lâu', { topicId: 'birth' })).toEqual(expect.objectContaining({ kind: 'answer', entryId: 'marriage', field: 'duration' }));
    expect(run('khai sinh lệ phí', { topicId: 'birth' })).toEqual({ kind: 'followup', entryId: 'birth', field: 'fee' });
  });

  it('a field question without a topic asks which procedure; with words of a procedure it answers it', () => {
    expect(run('mất bao lâu')).toEqual({ kind: 'smalltalk', intent: 'rephrase' });
    expect(run('khai tử ở đâu')).toMatchObject({ kind: 'answer', entryId: 'death', field: 'where' });
  });
});

describe('decide: confidence bands (matcher results given directly)', () => {
  const cand = (id: string, confidence: number, score = confidence): Candidate => ({ id, title: kb.entries.get(id)?.title ?? id, confidence, score });
  const fixed = (out: Partial<MatchOutcome>): Matcher => ({ match: (text) => ({ candidates: [], words: text.split(' '), ...out }) });
  const decideWith = (out: Partial<MatchOutcome>, text = 'khai sinh') => decide(text, kb, fixed(out)).outcome;

  it(`answers at confidence ${ANSWER_AT} and above`, () => {
    const candidates = [cand('birth', ANSWER_AT), cand('death', 0.1)];
    expect(decideWith({ candidates })).toEqual({ kind: 'answer', entryId: 'birth', confidence: ANSWER_AT, candidates });
  });

  it('just below, asks which one, listing candidates scoring at least 70% of the best, at most 4', () => {
    const candidates = [cand('birth', 0.74, 1), cand('death', 0.5, 0.7), cand('marriage', 0.4, 0.69)];
    expect(decideWith({ candidates })).toEqual({ kind: 'clarify', candidates: candidates.slice(0, 2) });
    const many = ['a', 'b', 'c', 'd', 'e'].map((id) => cand(id, 0.5, 0.9));
    expect(ids(decideWith({ candidates: many }))).toHaveLength(4);
  });

  it('versions of one procedure are one choice', () => {
    const candidates = [{ ...cand('birth', 0.5, 0.9) }, { ...cand('late-birth', 0.5, 0.9), title: 'Đăng ký khai sinh' }, cand('death', 0.5, 0.8)];
    expect(ids(decideWith({ candidates }))).toEqual(['birth', 'death']);
  });

  it('a sure match asking another action than the entry performs is asked about, not answered', () => {
    const candidates = [cand('birth', 0.9), cand('death', 0.2)];
    expect(decideWith({ candidates, actionConflict: true })).toMatchObject({ kind: 'clarify' });
  });

  it(`says it does not know below confidence ${CLARIFY_AT} or a raw score of ${CLARIFY_MIN_SCORE}`, () => {
    expect(decideWith({ candidates: [cand('birth', CLARIFY_AT - 0.01, 0.9)] })).toMatchObject({ kind: 'fallback' });
    expect(decideWith({ candidates: [cand('birth', CLARIFY_AT, 0.9)] })).toMatchObject({ kind: 'clarify' });
    expect(decideWith({ candidates: [cand('birth', 0.5, CLARIFY_MIN_SCORE - 0.01)] })).toMatchObject({ kind: 'fallback' });
    expect(decideWith({ candidates: [cand('birth', 0.5, CLARIFY_MIN_SCORE)] })).toMatchObject({ kind: 'clarify' });
    expect(decideWith({ candidates: [{ id: 'birth', title: 'x', confidence: 0.5 }] })).toMatchObject({ kind: 'clarify' });
    expect(decideWith({ candidates: [] })).toEqual({ kind: 'fallback', candidates: [] });
  });

  it('an out-of-scope word wins unless the match is sure (0.99), or sure enough to answer when a procedure is named', () => {
    const sure = [cand('marriage', 0.98)];
    expect(decideWith({ candidates: sure, outOfScope: ['nguoi yeu'] }, 'tim nguoi yeu')).toEqual({ kind: 'smalltalk', intent: 'out_of_scope' });
    expect(decideWith({ candidates: [cand('marriage', 0.99)], outOfScope: ['nguoi yeu'] }, 'tim nguoi yeu')).toMatchObject({ kind: 'answer' });
    expect(decideWith({ candidates: sure, outOfScope: ['nguoi yeu'] }, 'dang ki ket hon voi nguoi yeu')).toMatchObject({ kind: 'answer', entryId: 'marriage' });
    expect(decideWith({ candidates: [cand('marriage', 0.74)], outOfScope: ['nguoi yeu'] }, 'dang ki ket hon voi nguoi yeu')).toEqual({ kind: 'smalltalk', intent: 'out_of_scope' });
    expect(decideWith({ candidates: [], outOfScope: ['nguoi yeu'] }, 'nguoi yeu')).toEqual({ kind: 'smalltalk', intent: 'out_of_scope' });
    expect(decideWith({ candidates: sure, outOfScope: [] }, 'tim nguoi yeu')).toMatchObject({ kind: 'answer' });
  });

  it('a field question keeps the topic unless another entry is named with confidence', () => {
    const st = { topicId: 'birth' };
    expect(decide('le phi ket hon', kb, fixed({ candidates: [cand('marriage', ANSWER_AT)] }), st).outcome).toMatchObject({ kind: 'answer', entryId: 'marriage', field: 'fee' });
    expect(decide('le phi ket hon', kb, fixed({ candidates: [cand('marriage', ANSWER_AT - 0.01)] }), st).outcome).toEqual({ kind: 'followup', entryId: 'birth', field: 'fee' });
    expect(decide('le phi ket hon', kb, fixed({ candidates: [cand('birth', 0.9)] }), st).outcome).toEqual({ kind: 'followup', entryId: 'birth', field: 'fee' });
    expect(decide('le phi ket hon', kb, fixed({ candidates: [] }), st).outcome).toEqual({ kind: 'followup', entryId: 'birth', field: 'fee' });
  });
});

describe('phrase rules', () => {
  it('finds the longest phrase at each position, without overlaps', () => {
    const words = 'khong phai cai nay dau'.split(' ');
    expect(findPhrases(words, COMMAND_PHRASES)).toEqual([{ kind: 'next', start: 0, length: 4 }]);
    expect(findPhrases('xin chao ban'.split(' '), COMMAND_PHRASES)).toEqual([{ kind: 'greeting', start: 0, length: 2 }]);
    expect(findPhrases('chao ban nhe'.split(' '), COMMAND_PHRASES)).toEqual([
      { kind: 'greeting', start: 0, length: 2 },
      { kind: 'thanks', start: 2, length: 1 },
    ]);
  });

  it('topic words are what is left once phrases, fillers and numbers are set aside', () => {
    const words = 'cho toi hoi khai sinh mat bao lau 2 ngay'.split(' ');
    const hits = findPhrases(words, FIELD_PHRASES);
    expect(topicWords(words, hits)).toEqual(['khai', 'sinh', 'ngay']);
  });

  it('the first kind by the rules\' priority, not by position', () => {
    const hits = findPhrases('cam on gap can bo'.split(' '), COMMAND_PHRASES);
    expect(firstKind(hits, COMMAND_PHRASES)).toBe('handoff');
    expect(firstKind([], COMMAND_PHRASES)).toBeUndefined();
  });

  it('emoji feedback: only emoji, thumbs and hearts up, angry faces down', () => {
    expect(emojiFeedback('👍')).toBe('feedback_up');
    expect(emojiFeedback(' 👍🏽 👌 ')).toBe('feedback_up');
    expect(emojiFeedback('❤️🙏😊🥰❤')).toBe('feedback_up');
    expect(emojiFeedback('👎')).toBe('feedback_down');
    expect(emojiFeedback('😡😠')).toBe('feedback_down');
    expect(emojiFeedback('👍👎')).toBeUndefined();
    expect(emojiFeedback('👍 cảm ơn')).toBeUndefined();
    expect(emojiFeedback('x👎')).toBeUndefined();
    expect(emojiFeedback('')).toBeUndefined();
  });
});
