import { idf, termWeight, type TermIndex } from './index.js';
import type { QueryWord } from './query.js';

/** One ranked entry with the evidence behind its score. */
export interface Scored {
  id: number;
  /** In [0, 1]: share of the question found in the entry, blended with share of a name asked. */
  score: number;
  /** Share of the question's weight the entry covers. */
  questionCoverage: number;
  /** Best share of the entry's title or an alias that the question covers. */
  nameCoverage: number;
}

/** Weight of "the question covers the entry's name" against "the entry covers the question". */
const NAME_SHARE = 0.35;
/** Hand-written entries win over a catalogue near-duplicate with the same words. */
const CATALOGUE_FACTOR = 0.9;
/** Villagers deal with the commune first: between two versions of a procedure, the nearer one. */
const LEVEL_FACTOR: Record<string, number> = { commune: 1, district: 1, province: 0.97, ministry: 0.92, other: 0.95 };
/** A word typed with diacritics that the entry spells with other diacritics (`cần` vs `căn`). */
const WRONG_MARKS = 0.5;
/** A posting list this many times longer than the entries found so far is read through them instead. */
const COMMON_RATIO = 4;
/** A term in more than 1/COMMON_SHARE of the entries is common. */
const COMMON_SHARE = 8;
/** Only this many entries get the (costlier) name-coverage pass. */
const SHORTLIST = 40;

/** The question's distinct terms and their weights, as parallel arrays (no per-entry allocation). */
interface Asked {
  terms: string[];
  weights: number[];
}

interface QueryTerm {
  term: string;
  weight: number;
  /** marked forms the user typed, checked against the entry's own spelling */
  marks: string[];
}

function queryTerms(words: QueryWord[]): QueryTerm[] {
  const out: QueryTerm[] = [];
  const seen = new Set<string>();
  const push = (term: string, trust: number, marks: string[]) => {
    if (seen.has(term)) return;
    seen.add(term);
    out.push({ term, weight: termWeight(term) * trust, marks });
  };
  words.forEach((w, i) => {
    push(w.folded, w.trust, w.hasMarks ? [w.marked] : []);
    const n = words[i + 1];
    if (n) push(`${w.folded} ${n.folded}`, Math.min(w.trust, n.trust), [w, n].filter((x) => x.hasMarks).map((x) => x.marked));
  });
  return out;
}

/** Ranks entries for one reading of the question; best first. */
export function rankWords(index: TermIndex, words: QueryWord[]): Scored[] {
  const terms = queryTerms(words);
  if (!terms.length) return [];
  const touched: Touched = { ids: index.touchedScratch, n: 0 };
  try {
    return accumulate(index, terms, index.scratch, touched);
  } finally {
    for (let k = 0; k < touched.n; k++) index.scratch[touched.ids[k]!] = 0;
  }
}

/** Entries reached so far, in a reused buffer (matching is synchronous, one query at a time). */
interface Touched {
  ids: Int32Array;
  n: number;
}

function accumulate(index: TermIndex, terms: QueryTerm[], acc: Float64Array, touched: Touched): Scored[] {
  let total = 0;
  const asked: Asked = { terms: [], weights: [] };
  // Rare terms first: a common word ("cấp", "đăng ký") then only re-weighs entries already found.
  const ordered = terms.map((q) => ({ q, p: index.postings.get(q.term) })).sort((a, b) => (a.p?.ids.length ?? 0) - (b.p?.ids.length ?? 0));
  for (const { q, p } of ordered) {
    const w = q.weight * idf(index, q.term);
    total += w;
    asked.terms.push(q.term);
    asked.weights.push(w);
    if (!p) continue;
    const spelled = q.marks.map((m) => index.markedIds.get(m));
    if (p.ids.length * COMMON_SHARE > index.entries.length && touched.n > 0 && touched.n * COMMON_RATIO < p.ids.length) {
      for (let k = 0; k < touched.n; k++) {
        const id = touched.ids[k]!;
        const f = index.entries[id]!.weights.get(q.term);
        if (f !== undefined) acc[id]! += w * f * marksFactor(spelled, id);
      }
      continue;
    }
    for (let k = 0; k < p.ids.length; k++) {
      const id = p.ids[k]!;
      if (acc[id] === 0) touched.ids[touched.n++] = id;
      acc[id]! += w * p.weights[k]! * marksFactor(spelled, id);
    }
  }
  return shortlist(touched, acc).map((id) => finalScore(index, id, acc[id]! / total, asked, total)).sort((a, b) => b.score - a.score);
}

function marksFactor(spelled: (Set<number> | undefined)[], id: number): number {
  let f = 1;
  for (let j = 0; j < spelled.length; j++) if (!spelled[j]?.has(id)) f *= WRONG_MARKS;
  return f;
}

/** The SHORTLIST ids with the highest accumulated weight, without sorting them all. */
function shortlist(touched: Touched, acc: Float64Array): number[] {
  if (touched.n <= SHORTLIST) return Array.from(touched.ids.subarray(0, touched.n));
  const best = Array.from(touched.ids.subarray(0, SHORTLIST));
  let minAt = 0;
  const findMin = () => {
    minAt = 0;
    for (let k = 1; k < best.length; k++) if (acc[best[k]!]! < acc[best[minAt]!]!) minAt = k;
  };
  findMin();
  for (let k = SHORTLIST; k < touched.n; k++) {
    const id = touched.ids[k]!;
    if (acc[id]! > acc[best[minAt]!]!) {
      best[minAt] = id;
      findMin();
    }
  }
  return best;
}

/**
 * How well one name (title or alias) and the question fit each other: the harmonic mean of the
 * share of the name that was asked and the share of the question the name explains, so a short
 * alias inside a longer, more specific question does not win by itself.
 */
function nameFit(index: TermIndex, id: number, asked: Asked, total: number): number {
  let best = 0;
  for (const name of index.entries[id]!.names) {
    let hit = 0;
    let explained = 0;
    for (let k = 0; k < asked.terms.length; k++) {
      const inName = name.weights.get(asked.terms[k]!);
      if (inName === undefined) continue;
      hit += inName;
      explained += asked.weights[k]!;
    }
    if (!hit || !name.total) continue;
    const a = hit / name.total;
    const b = Math.min(1, explained / total);
    best = Math.max(best, (2 * a * b) / (a + b));
  }
  return best;
}

function finalScore(index: TermIndex, id: number, questionCoverage: number, asked: Asked, total: number): Scored {
  const ie = index.entries[id]!;
  const nameCoverage = nameFit(index, id, asked, total);
  const q = Math.min(1, questionCoverage);
  const prior = (ie.curated ? 1 : CATALOGUE_FACTOR) * (LEVEL_FACTOR[ie.entry.level ?? 'commune'] ?? 1);
  const score = ((1 - NAME_SHARE) * q + NAME_SHARE * nameCoverage) * prior;
  return { id, score, questionCoverage: q, nameCoverage };
}
