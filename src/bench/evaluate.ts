import { decide } from '../core/decide.js';
import type { Outcome } from '../domain/outcome.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { Candidate, Matcher } from '../nlu/matcher.js';
import { percentile, timePerQuestion, type Question } from './questions.js';

/** Timed runs per question; its latency is their median. */
const TIMED_ROUNDS = 5;

/** What the bot would do with one question, as `npm run eval` prints it. */
export interface EvalResult {
  text: string;
  expect?: string;
  decision: string;
  /** Small-talk intent (out_of_scope, greeting, safety…) when decision is smalltalk. */
  intent?: string;
  top: { id: string; title: string; confidence: number }[];
  ms: number;
}

export interface EvalSummary {
  n: number;
  top1: number;
  top3: number;
  oosPrecision: number;
  oosRecall: number;
  clarifyRate: number;
  p50Ms: number;
  p99Ms: number;
  /** Of the questions the bot answered outright, the share answered with the expected entry. */
  answerPrecision: number;
  answerRate: number;
  fallbackRate: number;
  labelled: number;
  outOfScope: number;
  /** Ranking alone, whatever the decision: expected entry first / in the first three candidates. */
  rankTop1: number;
  rankTop3: number;
}

/** Decisions that put a procedure in front of the user. */
const OFFERS = new Set(['answer', 'clarify', 'followup']);

function offered(o: Outcome, candidates: Candidate[]): string[] {
  if (o.kind === 'answer') return [o.entryId, ...candidates.map((c) => c.id).filter((id) => id !== o.entryId)];
  if (o.kind === 'clarify') return o.candidates.map((c) => c.id);
  return [];
}

type Tally = Record<'rank1' | 'rank3' | 'top1' | 'top3' | 'inScope' | 'oosTrue' | 'oosPredicted' | 'oosCorrect' | 'clarify' | 'answered' | 'answeredRight' | 'fallback', number>;

/** Runs every question through the real decision (no conversation state) and scores it. */
export function evaluate(questions: Question[], kb: KnowledgeBase, matcher: Matcher): { summary: EvalSummary; results: EvalResult[] } {
  const hits: Tally = { rank1: 0, rank3: 0, top1: 0, top3: 0, inScope: 0, oosTrue: 0, oosPredicted: 0, oosCorrect: 0, clarify: 0, answered: 0, answeredRight: 0, fallback: 0 };
  // One untimed pass first: the figures are for a warm process, as in production.
  for (const q of questions) decide(q.text, kb, matcher);
  const times = timePerQuestion(questions, (q) => decide(q.text, kb, matcher), TIMED_ROUNDS);
  const results = questions.map((q, i): EvalResult => {
    const d = decide(q.text, kb, matcher);
    const candidates = d.match?.candidates ?? [];
    const o = d.outcome;
    tally(hits, q, o, candidates);
    return {
      text: q.text, ...(q.expect ? { expect: q.expect } : {}), decision: o.kind, ...(o.kind === 'smalltalk' ? { intent: o.intent } : {}),
      top: candidates.slice(0, 3).map((c) => ({ id: c.id, title: c.title, confidence: c.confidence })), ms: times[i]!,
    };
  });
  const share = (a: number, b: number) => (b ? round(a / b) : 0);
  const summary: EvalSummary = {
    n: questions.length,
    top1: share(hits.top1, hits.inScope),
    top3: share(hits.top3, hits.inScope),
    oosPrecision: share(hits.oosCorrect, hits.oosPredicted),
    oosRecall: share(hits.oosCorrect, hits.oosTrue),
    clarifyRate: share(hits.clarify, questions.length),
    p50Ms: round(percentile(times, 50)),
    p99Ms: round(percentile(times, 99)),
    answerPrecision: share(hits.answeredRight, hits.answered),
    answerRate: share(hits.answered, hits.inScope),
    fallbackRate: share(hits.fallback, questions.length),
    labelled: hits.inScope + hits.oosTrue,
    outOfScope: hits.oosTrue,
    rankTop1: share(hits.rank1, hits.inScope),
    rankTop3: share(hits.rank3, hits.inScope),
  };
  return { summary, results };
}

/** Counts one question: out of scope declined or not, expected entry ranked / offered / answered. */
function tally(hits: Tally, q: Question, o: Outcome, candidates: Candidate[]): void {
  if (o.kind === 'clarify') hits.clarify++;
  if (o.kind === 'fallback') hits.fallback++;
  if (!q.expect) return;
  const declined = !OFFERS.has(o.kind);
  if (declined) hits.oosPredicted++;
  if (q.expect === 'none') {
    hits.oosTrue++;
    if (declined) hits.oosCorrect++;
    return;
  }
  hits.inScope++;
  const ranked = candidates.map((c) => c.id);
  if (ranked[0] === q.expect) hits.rank1++;
  if (ranked.slice(0, 3).includes(q.expect)) hits.rank3++;
  const shown = offered(o, candidates);
  if (shown[0] === q.expect) hits.top1++;
  if (shown.slice(0, 3).includes(q.expect)) hits.top3++;
  if (o.kind === 'answer') {
    hits.answered++;
    if (o.entryId === q.expect) hits.answeredRight++;
  }
}

/** Questions answered outright with another entry than the expected one, or answered when out of scope. */
export function wrongConfidentAnswers(results: EvalResult[]): number {
  return results.filter((r) => r.expect && r.decision === 'answer' && r.top[0]?.id !== r.expect).length;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
