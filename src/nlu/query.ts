import { nearestWord, type TermIndex } from './index.js';
import { applyReplacements, expansions, outOfScopeHits } from './lexicon.js';
import { iForY, repairCandidates, tokenize, type Token } from './normalize.js';
import { FILLERS } from './fillers.js';
import { SYLLABLES } from './syllables.js';

/** A word of the question after repair, with how sure we are it is what the user meant. */
export interface QueryWord extends Token {
  /** 1 as typed; lower when the word was guessed from a typo. */
  trust: number;
}

/** The question as the matcher reads it. */
export interface AnalyzedQuery {
  /** Words after telex/VNI/repeat repair, abbreviations and typo repair. */
  words: QueryWord[];
  /** Folded words as typed (after repair and abbreviations, before typo guesses): for intent rules. */
  typed: string[];
  /** The same words with everyday phrases replaced by official terms (undefined when none). */
  expanded?: QueryWord[];
  /** Out-of-scope phrases found (weather, football…). */
  outOfScope: string[];
  /** Folded words nobody in the knowledge base or lexicon uses, even after repair. */
  unknown: string[];
}

const TYPO_TRUST = 0.7;
/**
 * A word nobody knows that is not a Vietnamese syllable (a Tày or Dao word outside the lexicon, an
 * English word) next to words the bot knows counts this much: the known words decide. A real
 * Vietnamese syllable the knowledge base never uses ("thịt", "chó") is more likely a sign of a
 * topic the bot does not cover, so it keeps more weight. When no content word is known, unknown
 * words keep full weight, so the question scores low and the bot says it did not understand.
 */
export const UNKNOWN_TRUST = 0.1;
export const UNKNOWN_SYLLABLE_TRUST = 0.6;

function known(index: TermIndex, w: string): boolean {
  return index.vocabulary.has(w);
}

/** Telex / VNI residue and repeated letters, only for words nobody knows as typed. */
function repairWord(index: TermIndex, t: Token): Token {
  if (known(index, t.folded) || index.lexicon.replace.has(t.folded)) return t;
  for (const raw of repairCandidates(t.folded)) {
    const c = iForY(raw);
    if (known(index, c) || index.lexicon.replace.has(c)) return { marked: c, folded: c, hasMarks: false };
  }
  return t;
}

function correctTypos(index: TermIndex, toks: Token[]): { words: QueryWord[]; unknown: string[] } {
  const unknown: string[] = [];
  const words = toks.map((t): QueryWord => {
    if (known(index, t.folded)) return { ...t, trust: 1 };
    const near = SYLLABLES.has(t.folded) ? undefined : nearestWord(index, t.folded);
    if (near) return { marked: near, folded: near, hasMarks: false, trust: TYPO_TRUST };
    unknown.push(t.folded);
    return { ...t, trust: 1 };
  });
  const knowsContent = words.some((w) => w.trust > 0 && known(index, w.folded) && !FILLERS.has(w.folded) && w.folded.length > 1);
  if (knowsContent && unknown.length) {
    const strange = new Set(unknown);
    for (const w of words) if (strange.has(w.folded) && !known(index, w.folded)) w.trust = SYLLABLES.has(w.folded) ? UNKNOWN_SYLLABLE_TRUST : UNKNOWN_TRUST;
  }
  return { words, unknown };
}

/** Reads a question: normalise, repair, expand abbreviations, fix one-letter typos, note synonyms. */
export function analyzeQuery(index: TermIndex, text: string): AnalyzedQuery {
  const lex = index.lexicon;
  const repaired = tokenize(text).map((t) => repairWord(index, t));
  const replaced = applyReplacements(repaired, lex);
  const { words, unknown } = correctTypos(index, replaced);
  const outOfScope = outOfScopeHits(replaced.map((t) => t.folded), lex);
  const expanded = expansions(words, lex).length ? expandWords(words, index) : undefined;
  return { words, typed: replaced.map((t) => t.folded), expanded, outOfScope, unknown };
}

function expandWords(words: QueryWord[], index: TermIndex): QueryWord[] {
  const out: QueryWord[] = [];
  const lex = index.lexicon;
  for (let i = 0; i < words.length; ) {
    let matched = 0;
    for (let n = Math.min(lex.starts.expand.get(words[i]!.folded) ?? 0, words.length - i); n >= 1 && !matched; n--) {
      const key = words.slice(i, i + n).map((w) => w.folded).join(' ');
      const rule = lex.expand.get(key);
      if (rule) {
        out.push(...rule.to.map((t) => ({ ...t, trust: 0.9 })));
        matched = n;
      }
    }
    if (matched) i += matched;
    else out.push(words[i++]!);
  }
  return out;
}
