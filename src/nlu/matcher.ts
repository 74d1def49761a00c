import type { Candidate } from '../domain/outcome.js';
import type { Entry, KnowledgeBase } from '../knowledge/types.js';
import { actionFit, actionsIn, satisfies, type Action } from './actions.js';
import { clausesOf, needAt, LONG_WORDS, readablePart } from './clauses.js';
import { confidenceOf } from './confidence.js';
import { ageFits, statedAge } from './facts.js';
import { FILLERS } from './fillers.js';
import { indexSteps, runToEnd, type IndexedEntry, type TermIndex } from './index.js';
import { aboutNegated, negatedWords } from './negation.js';
import { compileLexiconOnce } from './lexicon.js';
import { tokenize } from './normalize.js';
import { analyzeQuery, type AnalyzedQuery } from './query.js';
import { rankWords, type Scored } from './score.js';

/** One ranked entry: the domain's type (the composer and the turn read the same shape). */
export type { Candidate } from '../domain/outcome.js';

export interface MatchOutcome {
  /** Best first, at most 5. */
  candidates: Candidate[];
  /** Folded words of the question after repair and abbreviations, before typo guesses (for intent rules). */
  words?: string[];
  /** Out-of-scope phrases found in the question. */
  outOfScope?: string[];
  /** Share of the question's words that no entry and no lexicon rule knows. */
  unknownShare?: number;
  /** Those words (folded, first occurrence order): the admin page offers to teach them. */
  unknownWords?: string[];
  /** The question asks for an action (cấp lại, sửa, bản sao…) the best candidate does not perform. */
  actionConflict?: boolean;
  /** Actions the question asks for. */
  actions?: Action[];
}

export interface Matcher {
  match(text: string): MatchOutcome;
}

/** The matcher with its index and raw ranking exposed, for the benchmark, calibration and tests. */
export interface IndexedMatcher extends Matcher {
  readonly index: TermIndex;
  /** Ranked entries with the evidence behind each score (before calibration). */
  rank(text: string): Scored[];
}

const MAX_CANDIDATES = 5;

/** Score factor for an entry that does not perform the action asked ("sửa" vs "đăng ký khai sinh"). */
const ACTION_CONTRADICTS = 0.72;
/** "Kích hoạt", "cài đặt" lean to a how-to guide, but a procedure may be meant: a light factor, then a question. */
const USE_CONTRADICTS = 0.95;
/** Score factor for a variant (bản sao, cải chính, cấp lại…) when the question names no action. */
const ACTION_VARIANT = 0.93;
/** Score factor for an entry whose title's age range excludes the stated age. */
const AGE_CONTRADICTS = 0.7;
/** Score factor for an entry about something the message says the person does not have ("không có di chúc"). */
const NEGATED = 0.5;
/** A rival this close (share of the best score) with a near-identical title is a tie: ask. */
const NEAR_TIE = 0.9;
/** Titles sharing this share of their words (Jaccard) are near-duplicates. */
const NEAR_DUPLICATE = 0.5;
/** A rival this close to the best (share of its score) that differs by what was not said makes the question ambiguous. */
const RIVAL_SHARE = 0.5;
/** At most this many parts of a long message are ranked (need clauses first): bounds the time. */
const MAX_RANKED_READINGS = 6;
/** Lowest best score a clause (or pair, or tail) needs to be chosen over the whole message. */
const CLAUSE_MIN_SCORE = 0.35;
/** A clause that does not ask for anything (a story, a greeting) counts this much against one that does. */
const STORY_CLAUSE = 0.8;

/**
 * An FAQ that nobody curated yet is a draft (from a handoff case or the admin page): editors see
 * it, villagers are not answered with it until someone checks it and sets `curated: true`.
 */
export function isServable(e: Pick<Entry, 'kind' | 'curated'>): boolean {
  return !(e.kind === 'faq' && !e.curated);
}

/** One way of reading the message: a clause (or the whole text) and what it asks. */
interface Reading {
  q: AnalyzedQuery;
  ranked: Scored[];
  weight: number;
  kind: 'whole' | 'clause' | 'pair' | 'tail';
}

/** Builds the matcher for one knowledge snapshot (index + compiled lexicon). */
export function buildMatcher(kb: Pick<KnowledgeBase, 'list' | 'lexicon'>): IndexedMatcher {
  return runToEnd(matcherSteps(kb));
}

/** The matcher build as small steps, for a rebuild that yields to requests between them (KnowledgeHolder.swap). */
export function* matcherSteps(kb: Pick<KnowledgeBase, 'list' | 'lexicon'>): Generator<void, IndexedMatcher, void> {
  const index = yield* indexSteps(kb.list.filter(isServable), compileLexiconOnce(kb.lexicon));
  return matcherFromIndex(index);
}

/** The matcher over an index built earlier (a start-up snapshot keeps one: src/knowledge/snapshot.ts). */
export function matcherFromIndex(index: TermIndex): IndexedMatcher {
  const rankQuery = (q: AnalyzedQuery) => merge(rankWords(index, q.words), q.expanded ? rankWords(index, q.expanded) : []);
  return {
    index,
    rank: (text) => bestReading(index, readingsOf(index, readablePart(text), rankQuery)).ranked,
    match(text: string): MatchOutcome {
      const readings = readingsOf(index, readablePart(text), rankQuery);
      const clauses = readings.length > 1 ? readings.filter((r) => r.kind === 'clause') : readings;
      const words = clauses.flatMap((r) => r.q.typed);
      if (!words.length) return { candidates: [], words, outOfScope: [], unknownShare: 0 };
      const best = bestReading(index, readings);
      const top = (firstAge(readings) === undefined ? withAgeSiblings(index, best.ranked) : best.ranked).slice(0, MAX_CANDIDATES);
      const unknown = clauses.reduce((n, r) => n + r.q.unknown.length, 0);
      return {
        candidates: top.map((s, i) => {
          const e = index.entries[s.id]!.entry;
          return { id: e.id, title: e.title, confidence: round(confidenceOf(top, i)), score: round(s.score) };
        }),
        words,
        outOfScope: [...new Set(readings.flatMap((r) => r.q.outOfScope))],
        unknownShare: unknown / words.length,
        unknownWords: [...new Set(clauses.flatMap((r) => r.q.unknown))],
        ...(best.actions.length ? { actions: best.actions } : {}),
        ...(best.conflict ? { actionConflict: true } : {}),
      };
    },
  };
}

/**
 * The whole message, and for a long one each clause and each pair of neighbouring clauses. The
 * first reading is always the whole (readable part of the) message.
 */
function readingsOf(index: TermIndex, text: string, rankQuery: (q: AnalyzedQuery) => Scored[]): Reading[] {
  const analyze = (t: string) => analyzeQuery(index, t);
  const whole: Reading = { q: analyze(text), ranked: [], weight: 1, kind: 'whole' };
  whole.ranked = rankQuery(whole.q);
  const clauses = clausesOf(text);
  if (whole.q.typed.length <= LONG_WORDS || clauses.length < 2) return [whole];
  const out: Reading[] = [{ ...whole, weight: STORY_CLAUSE }];
  const seen = new Set<string>([text]);
  let budget = MAX_RANKED_READINGS;
  const add = (t: string, weight: number, kind: Reading['kind']) => {
    if (seen.has(t)) return;
    seen.add(t);
    const q = analyze(t);
    // Clauses are still kept for the words (intents), even when they say nothing to rank.
    const content = hasContent(q) && budget > 0;
    if (content) budget--;
    if (kind === 'clause' || content) out.push({ q, ranked: content ? rankQuery(q) : [], weight, kind });
  };
  const asks = clauses.map((c) => needAt(tokenize(c).map((t) => t.folded)));
  // Clauses that ask for something first (with their tail and neighbours), then the story.
  clauses.forEach((c, i) => {
    if (asks[i]! < 0) return;
    add(c, 1, 'clause');
    // "cô giáo bảo phải đi làm căn cước": what follows the request word is the need itself.
    if (asks[i]! > 0) add(tokenize(c).slice(asks[i]).map((t) => t.marked).join(' '), 1, 'tail');
    if (clauses.length > 2 && i > 0) add(`${clauses[i - 1]}, ${c}`, 1, 'pair');
    if (clauses.length > 2 && i + 1 < clauses.length) add(`${c}, ${clauses[i + 1]}`, 1, 'pair');
  });
  clauses.forEach((c, i) => {
    if (asks[i]! < 0) add(c, STORY_CLAUSE, 'clause');
  });
  return out;
}

/** A reading with at least one known word that is not a question word ("không phải" alone says nothing). */
function hasContent(q: AnalyzedQuery): boolean {
  return q.words.some((w) => w.trust >= 0.7 && !FILLERS.has(w.folded) && w.folded.length > 1);
}

/** The reading whose best candidate fits best, after the action and age checks. */
function bestReading(index: TermIndex, readings: Reading[]): Reading & { actions: Action[]; conflict: boolean } {
  const age = firstAge(readings);
  // The action is read from the whole message: "bị móc túi mất cả ví …, làm lại căn cước thế nào".
  const asked = [...new Set(readings.flatMap((r) => askedActions(r.q)))];
  const neg = negationOf(readings);
  let best: (Reading & { actions: Action[]; conflict: boolean }) | undefined;
  let bestValue = -1;
  for (const r of readings) {
    const checked = checkFacts(index, r, asked, age, neg);
    const top = Math.min(1, checked.ranked[0]?.score ?? 0);
    // A part of the message wins over the whole only with a real match ("báo xã thế nào" alone is not one).
    if (r.kind !== 'whole' && top < CLAUSE_MIN_SCORE) continue;
    const value = top * r.weight;
    if (value > bestValue) {
      best = { ...r, ...checked };
      bestValue = value;
    }
  }
  return best!;
}

function firstAge(readings: Reading[]): number | undefined {
  for (const r of readings) {
    const a = statedAge(r.q.typed);
    if (a !== undefined) return a;
  }
  return undefined;
}

/** Lowers entries that do not do what was asked, or are for another age; re-sorts. */
function checkFacts(index: TermIndex, r: Reading, asked: Action[], age: number | undefined, neg: Negation): { ranked: Scored[]; actions: Action[]; conflict: boolean } {
  if (!r.ranked.length) return { ranked: r.ranked, actions: asked, conflict: false };
  const contradicted = new Set<number>();
  let changed = false;
  const ranked = r.ranked.map((s) => {
    const ie = index.entries[s.id]!;
    const fit = actionFit(asked, ie.actions, ie.plain);
    let f = fit === 'contradicts' ? (asked.every((a) => a === 'use') ? USE_CONTRADICTS : ACTION_CONTRADICTS) : fit === 'variant' ? ACTION_VARIANT : 1;
    if (age !== undefined && ie.ages && !ageFits(age, ie.ages)) f *= AGE_CONTRADICTS;
    const negated = neg.negated.size > 0 && aboutNegated(ie.titleWords, neg, isContentWord);
    if (negated) f *= NEGATED;
    if (fit === 'contradicts' || negated) contradicted.add(s.id);
    if (f === 1) return s;
    changed = true;
    return { ...s, score: Math.min(1, s.score * f) };
  });
  if (changed) ranked.sort((a, b) => b.score - a.score);
  return { ranked, actions: asked, conflict: contradicted.has(ranked[0]!.id) || undecided(index, ranked, asked, age, new Set(r.q.typed)) };
}

/**
 * The best entry and a close rival differ by something the question did not settle: the rival
 * is for another age and no age was given, or the question names two actions and the rival does
 * one the best does not ("mất giấy khai sinh, xin lại bản sao").
 */
function undecided(index: TermIndex, ranked: Scored[], asked: Action[], age: number | undefined, words: ReadonlySet<string>): boolean {
  const top = index.entries[ranked[0]!.id]!;
  if (age === undefined && top.ageSiblings?.length) return true;
  for (let k = 1; k < ranked.length; k++) {
    if (ranked[k]!.score < ranked[0]!.score * RIVAL_SHARE) break;
    const rival = index.entries[ranked[k]!.id]!;
    if (ranked[k]!.score >= ranked[0]!.score * NEAR_TIE && (nearDuplicates(top.titleWords, rival.titleWords, words) || guideAgainstProcedure(top, rival))) return true;
    if (asked.length > 1 && asked.some((a) => satisfies(a, rival.actions) && !satisfies(a, top.actions))) return true;
  }
  return false;
}

type Negation = ReturnType<typeof negatedWords>;

/** What the message negates, read clause by clause (a negation ends with its clause). */
function negationOf(readings: Reading[]): Negation {
  const clauses = readings.filter((r) => r.kind === 'clause');
  const parts = (clauses.length ? clauses : readings.slice(0, 1)).map((r) => negatedWords(r.q.typed));
  const negated = new Set(parts.flatMap((p) => [...p.negated]));
  const positive = new Set(parts.flatMap((p) => [...p.positive]));
  for (const w of positive) negated.delete(w);
  return { negated, positive };
}

function isContentWord(w: string): boolean {
  return w.length > 1 && !FILLERS.has(w);
}

/** A how-to guide (using an app) and a procedure (applying for something) in a near tie: which one is meant is not said. */
function guideAgainstProcedure(a: IndexedEntry, b: IndexedEntry): boolean {
  const kinds = new Set([a.entry.kind, b.entry.kind]);
  return kinds.has('guide') && kinds.has('procedure');
}

/**
 * Two titles that share most of their words (Jaccard ≥ NEAR_DUPLICATE: "hộ nghèo … thường xuyên"
 * and "hộ nghèo … định kỳ") where the question says none of the words that tell them apart.
 */
export function nearDuplicates(a: ReadonlySet<string>, b: ReadonlySet<string>, asked: ReadonlySet<string>): boolean {
  let inter = 0;
  for (const w of a) if (b.has(w)) inter++;
  const union = a.size + b.size - inter;
  if (!union || inter / union < NEAR_DUPLICATE) return false;
  const tells = (x: ReadonlySet<string>, y: ReadonlySet<string>) => [...x].some((w) => !y.has(w) && isContentWord(w) && asked.has(w));
  return !tells(a, b) && !tells(b, a);
}

/**
 * When the best entry has versions for other ages and the question gave none, those versions are
 * offered right after it (at a slightly lower score), so the user can pick by age.
 */
function withAgeSiblings(index: TermIndex, ranked: Scored[]): Scored[] {
  const top = ranked[0];
  const siblings = top && index.entries[top.id]!.ageSiblings;
  if (!top || !siblings) return ranked;
  const rest = ranked.slice(1).filter((s) => !siblings.includes(s.id));
  const found = siblings.map((id) => ranked.find((s) => s.id === id) ?? { id, score: top.score * 0.95, questionCoverage: top.questionCoverage, nameCoverage: top.nameCoverage });
  return [top, ...found.map((s) => ({ ...s, score: Math.max(s.score, top.score * 0.9) })), ...rest];
}

/** Actions named in the question, literally or through a synonym ("lost" → "bị mất"). */
function askedActions(q: AnalyzedQuery): Action[] {
  const found = actionsIn(q.words.map((w) => w.folded), q.words.map((w) => w.marked));
  if (q.expanded) for (const a of actionsIn(q.expanded.map((w) => w.folded), q.expanded.map((w) => w.marked))) if (!found.includes(a)) found.push(a);
  return found;
}

/** Best reading per entry across the literal and the synonym-expanded question. */
function merge(a: Scored[], b: Scored[]): Scored[] {
  if (!b.length) return a;
  const best = new Map<number, Scored>();
  for (const s of [...a, ...b]) {
    const prev = best.get(s.id);
    if (!prev || s.score > prev.score) best.set(s.id, s);
  }
  return [...best.values()].sort((x, y) => y.score - x.score);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
