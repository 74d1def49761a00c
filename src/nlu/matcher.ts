import type { Entry, KnowledgeBase } from '../knowledge/types.js';
import { confidenceOf } from './confidence.js';
import { buildIndex, type TermIndex } from './index.js';
import { compileLexicon } from './lexicon.js';
import { analyzeQuery, type AnalyzedQuery } from './query.js';
import { rankWords, type Scored } from './score.js';

export interface Candidate {
  id: string;
  title: string;
  /** Calibrated: the chance that this candidate is what the user meant. */
  confidence: number;
  /** Raw ranking score in [0, 1] (before calibration), to compare candidates with each other. */
  score?: number;
}

export interface MatchOutcome {
  /** Best first, at most 5. */
  candidates: Candidate[];
  /** Folded words of the question after repair and abbreviations, before typo guesses (for intent rules). */
  words?: string[];
  /** Out-of-scope phrases found in the question. */
  outOfScope?: string[];
  /** Share of the question's words that no entry and no lexicon rule knows. */
  unknownShare?: number;
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

/**
 * An FAQ that nobody curated yet is a draft (from a handoff case or the admin page): editors see
 * it, villagers are not answered with it until someone checks it and sets `curated: true`.
 */
export function isServable(e: Pick<Entry, 'kind' | 'curated'>): boolean {
  return !(e.kind === 'faq' && !e.curated);
}

/** Builds the matcher for one knowledge snapshot (index + compiled lexicon). */
export function buildMatcher(kb: Pick<KnowledgeBase, 'list' | 'lexicon'>): IndexedMatcher {
  const index = buildIndex(kb.list.filter(isServable), compileLexicon(kb.lexicon));
  const rankQuery = (q: AnalyzedQuery) => merge(rankWords(index, q.words), q.expanded ? rankWords(index, q.expanded) : []);
  return {
    index,
    rank: (text) => rankQuery(analyzeQuery(index, text)),
    match(text: string): MatchOutcome {
      const q = analyzeQuery(index, text);
      const words = q.typed;
      if (!words.length) return { candidates: [], words, outOfScope: [], unknownShare: 0 };
      const top = rankQuery(q).slice(0, MAX_CANDIDATES);
      return {
        candidates: top.map((s, i) => {
          const e = index.entries[s.id]!.entry;
          return { id: e.id, title: e.title, confidence: round(confidenceOf(top, i)), score: round(s.score) };
        }),
        words,
        outOfScope: q.outOfScope,
        unknownShare: q.unknown.length / words.length,
      };
    },
  };
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
