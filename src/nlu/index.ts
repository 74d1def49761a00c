import type { Entry } from '../knowledge/types.js';
import { entryActions, type Action } from './actions.js';
import { titleAgeRange, type AgeRange } from './facts.js';
import { FILLERS, FILLER_WEIGHT } from './fillers.js';
import { applyReplacements, type CompiledLexicon } from './lexicon.js';
import { tokenize, type Token } from './normalize.js';

/** How much a word found in each field of an entry counts (1 = as much as the title). */
export const FIELD_WEIGHTS = { title: 1, aliases: 1, keywords: 0.9, examples: 0.75, summary: 0.5, translated: 0.6 } as const;

/** One entry as the index sees it. */
export interface IndexedEntry {
  entry: Entry;
  /** term → best field weight */
  weights: Map<string, number>;
  /** every word of the entry with its diacritics, to reward an exact diacritic match */
  marked: Set<string>;
  /** title and aliases, each as its terms with their weight, to measure how much of a name was asked */
  names: NameTerms[];
  curated: boolean;
  /** What the procedure does to its object, from its title (cấp lại, cấp đổi, cải chính…). */
  actions: Action[];
  /** The title also covers the plain, first-time case. */
  plain: boolean;
  /** Folded words of the title (to see whether it is about something the message negates). */
  titleWords: Set<string>;
  /** The age range the title names ("dưới 14 tuổi"), if any. */
  ages?: AgeRange;
  /** Entries whose title is this one's but for the age range ("dưới 14" / "từ đủ 14"). */
  ageSiblings?: number[];
}

/** Entries holding a term, with the term's field weight in each. */
export interface Posting {
  ids: Int32Array;
  weights: Float32Array;
}

/** A title or alias: its distinct terms with their weight (filler × idf × occurrences) and the total. */
export interface NameTerms {
  terms: string[];
  weights: Map<string, number>;
  total: number;
}

/** An inverted index over unigrams and syllable bigrams of folded words. */
export interface TermIndex {
  entries: IndexedEntry[];
  postings: Map<string, Posting>;
  /** folded single words the knowledge base knows → how many entries use them */
  vocabulary: Map<string, number>;
  /** one-letter deletions of known words → the words (symmetric-delete spelling repair) */
  deletions: Map<string, string[]>;
  lexicon: CompiledLexicon;
  maxIdf: number;
  /** word with diacritics → entries that spell it so */
  markedIds: Map<string, Set<number>>;
  /** scratch accumulator and entry list reused by every query (matching is synchronous) */
  scratch: Float64Array;
  touchedScratch: Int32Array;
}

/** Unigrams and syllable bigrams of a word sequence (Vietnamese words are mostly two syllables). */
export function termsOf(words: string[]): string[] {
  const out: string[] = [...words];
  for (let i = 0; i + 1 < words.length; i++) out.push(`${words[i]} ${words[i + 1]}`);
  return out;
}

/** Weight of a term in a question or a name: words that only shape a question count little. */
export function termWeight(term: string): number {
  const sp = term.indexOf(' ');
  if (sp < 0) return FILLERS.has(term) || term.length === 1 ? FILLER_WEIGHT : 1;
  return FILLERS.has(term.slice(0, sp)) && FILLERS.has(term.slice(sp + 1)) ? FILLER_WEIGHT : 1;
}

/** Inverse document frequency of a term; unknown terms get the highest value. */
export function idf(index: TermIndex, term: string): number {
  const p = index.postings.get(term);
  return p ? Math.log(1 + index.entries.length / p.ids.length) : index.maxIdf;
}

function entryTokens(text: string | undefined, lex: CompiledLexicon): Token[] {
  return text ? applyReplacements(tokenize(text), lex) : [];
}

function fieldTexts(e: Entry): [string | undefined, number][] {
  const out: [string | undefined, number][] = [[e.title, FIELD_WEIGHTS.title], [e.summary, FIELD_WEIGHTS.summary]];
  for (const a of e.aliases ?? []) out.push([a, FIELD_WEIGHTS.aliases]);
  for (const k of e.keywords ?? []) out.push([k, FIELD_WEIGHTS.keywords]);
  for (const x of e.examples ?? []) out.push([x, FIELD_WEIGHTS.examples]);
  for (const o of [e.tay, e.dao, e.en]) {
    if (!o) continue;
    out.push([o.title, FIELD_WEIGHTS.translated]);
    for (const x of o.examples ?? []) out.push([x, FIELD_WEIGHTS.translated]);
  }
  return out;
}

/** What an entry contributes to the index on its own (entry + lexicon): computed once per entry object and reused by later builds. */
interface OwnIndex {
  weights: Map<string, number>;
  marked: Set<string>;
  nameTerms: string[][];
  actions: Action[];
  plain: boolean;
  titleWords: Set<string>;
  ages?: AgeRange;
}

/**
 * Entries a reload did not change are the same objects (the loader caches them per file), so a
 * rebuild after one edit tokenizes only that entry. Keyed by entry; valid for one compiled lexicon.
 */
const ownCache = new WeakMap<Entry, { lexicon: CompiledLexicon; own: OwnIndex }>();

function ownIndex(entry: Entry, lex: CompiledLexicon): OwnIndex {
  const cached = ownCache.get(entry);
  if (cached?.lexicon === lex) return cached.own;
  const weights = new Map<string, number>();
  const marked = new Set<string>();
  for (const [text, w] of fieldTexts(entry)) {
    const toks = entryTokens(text, lex);
    for (const t of toks) marked.add(t.marked);
    for (const term of termsOf(toks.map((t) => t.folded))) weights.set(term, Math.max(weights.get(term) ?? 0, w));
  }
  const nameTerms = [entry.title, ...(entry.aliases ?? [])].map((n) => termsOf(entryTokens(n, lex).map((t) => t.folded)));
  const { actions, plain } = entryActions(entry.title, tokenize);
  const ages = titleAgeRange(tokenize(entry.title).map((t) => t.folded));
  const titleWords = new Set(entryTokens(entry.title, lex).map((t) => t.folded));
  const own: OwnIndex = { weights, marked, nameTerms, actions, plain, titleWords, ...(ages ? { ages } : {}) };
  ownCache.set(entry, { lexicon: lex, own });
  return own;
}

function indexEntry(entry: Entry, lex: CompiledLexicon): IndexedEntry {
  const { nameTerms, ...own } = ownIndex(entry, lex);
  // names are weighed per build (idf depends on every entry): fresh objects each time
  const names = nameTerms.map((terms) => ({ terms, weights: new Map<string, number>(), total: 0 }));
  return { entry, ...own, names, curated: entry.curated === true };
}

/** Builds the index once per knowledge snapshot. */
export function buildIndex(list: readonly Entry[], lexicon: CompiledLexicon): TermIndex {
  return runToEnd(indexSteps(list, lexicon));
}

/** Drives a step generator to its end without pausing. */
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The index build as small steps (one entry, one word): `buildIndex` runs them in one go, and
 * a reload on a serving instance runs them a few milliseconds at a time between requests
 * (src/lib/cooperative.ts), so a rebuild never holds the event loop for long.
 */
export function* indexSteps(list: readonly Entry[], lexicon: CompiledLexicon): Generator<void, TermIndex, void> {
  const entries: IndexedEntry[] = [];
  for (const e of list) {
    entries.push(indexEntry(e, lexicon));
    yield;
  }
  const { postings, vocabulary, markedIds } = yield* invert(entries);
  for (const w of lexicon.words) if (!vocabulary.has(w)) vocabulary.set(w, 0);
  yield* weighNames(entries, postings);
  linkAgeSiblings(entries);
  yield;
  const deletions = yield* deletionsOf(vocabulary);
  const n = entries.length;
  return {
    entries, postings, vocabulary, deletions, lexicon, maxIdf: Math.log(1 + Math.max(1, n)), markedIds,
    scratch: new Float64Array(n), touchedScratch: new Int32Array(n),
  };
}

/** Words of an age phrase, removed to compare titles that differ only by age. */
const AGE_WORDS = new Set(['duoi', 'tu', 'du', 'tuoi', 'tro', 'len', 'den', 'tren']);

/** Links entries whose titles differ only by the age range (and a "(thực hiện tại cấp …)" note). */
function linkAgeSiblings(entries: IndexedEntry[]): void {
  const groups = new Map<string, number[]>();
  entries.forEach((ie, id) => {
    if (!ie.ages) return;
    const key = tokenize(ie.entry.title.replace(/\([^)]*\)/g, ' ')).map((t) => t.folded).filter((w) => !AGE_WORDS.has(w) && !/^\d+$/.test(w) && w !== 'thu' && w !== 'tuc').join(' ');
    const g = groups.get(key);
    if (g) g.push(id);
    else groups.set(key, [id]);
  });
  for (const ids of groups.values()) {
    for (const id of ids) {
      const mine = entries[id]!.ages!;
      const others = ids.filter((o) => o !== id && (entries[o]!.ages!.from !== mine.from || entries[o]!.ages!.to !== mine.to));
      if (others.length) entries[id]!.ageSiblings = others;
    }
  }
}

/** Term → entries (typed arrays), known words with their entry counts, spelt words → entries. */
function* invert(entries: IndexedEntry[]): Generator<void, { postings: Map<string, Posting>; vocabulary: Map<string, number>; markedIds: Map<string, Set<number>> }, void> {
  const building = new Map<string, { ids: number[]; weights: number[] }>();
  const vocabulary = new Map<string, number>();
  const markedIds = new Map<string, Set<number>>();
  for (const [id, ie] of entries.entries()) {
    for (const m of ie.marked) {
      let set = markedIds.get(m);
      if (!set) markedIds.set(m, (set = new Set()));
      set.add(id);
    }
    for (const [term, w] of ie.weights) {
      let p = building.get(term);
      if (!p) building.set(term, (p = { ids: [], weights: [] }));
      p.ids.push(id);
      p.weights.push(w);
      if (!term.includes(' ')) vocabulary.set(term, (vocabulary.get(term) ?? 0) + 1);
    }
    yield;
  }
  const postings = new Map<string, Posting>();
  let k = 0;
  for (const [term, p] of building) {
    postings.set(term, { ids: Int32Array.from(p.ids), weights: Float32Array.from(p.weights) });
    if (++k % 256 === 0) yield;
  }
  return { postings, vocabulary, markedIds };
}

/** Gives each title / alias term its weight once idf is known. */
function* weighNames(entries: IndexedEntry[], postings: Map<string, Posting>): Generator<void, void, void> {
  const idfOf = (t: string) => Math.log(1 + entries.length / (postings.get(t)?.ids.length ?? 1));
  for (const ie of entries) {
    for (const name of ie.names) {
      for (const t of name.terms) {
        const w = termWeight(t) * idfOf(t);
        name.weights.set(t, (name.weights.get(t) ?? 0) + w);
        name.total += w;
      }
      name.terms = [];
    }
    yield;
  }
}

/** Symmetric-delete table: each one-letter deletion of a known word → the words. */
function* deletionsOf(vocabulary: Map<string, number>): Generator<void, Map<string, string[]>, void> {
  const deletions = new Map<string, string[]>();
  for (const word of vocabulary.keys()) {
    if (word.length < 3 || /\d/.test(word)) continue;
    for (const d of deletesOf(word)) {
      const list = deletions.get(d);
      if (list) list.push(word);
      else deletions.set(d, [word]);
    }
    yield;
  }
  return deletions;
}

/** The word with every single letter removed in turn. */
export function deletesOf(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** The best-known word at most one edit away from `word`, if any (most used wins). */
export function nearestWord(index: TermIndex, word: string): string | undefined {
  if (word.length < 3 || /\d/.test(word)) return undefined;
  const found = new Set<string>(index.deletions.get(word) ?? []);
  // Three letters leave too many neighbours: only a dropped letter is repaired ("snh" → "sinh").
  if (word.length > 3) for (const d of deletesOf(word)) {
    if (index.vocabulary.has(d) && d.length >= 2) found.add(d);
    for (const w of index.deletions.get(d) ?? []) found.add(w);
  }
  let best: string | undefined;
  let bestCount = -1;
  for (const w of found) {
    // Deletes on both sides also pair words two edits apart ("agia" ~ "giay" via "gia").
    if (!withinOneEdit(word, w)) continue;
    const c = index.vocabulary.get(w) ?? 0;
    if (c > bestCount || (c === bestCount && best !== undefined && w < best)) {
      best = w;
      bestCount = c;
    }
  }
  return best;
}

/** True when `a` becomes `b` by one substitution, insertion, deletion or swap of neighbours. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
