import type { Lexicon } from '../knowledge/types.js';
import { tokenize, type Token } from './normalize.js';

/** A phrase rule on folded words: `from` (1..n words) becomes or adds `to`. */
interface PhraseRule {
  /** the key as written in the lexicon, with its diacritics */
  from: Token[];
  to: Token[];
}

/** The lexicon compiled for fast application to token sequences. */
export interface CompiledLexicon {
  /** folded phrase → replacement (abbreviations, teencode: the original words are dropped) */
  replace: Map<string, PhraseRule>;
  /** folded phrase → expansion (everyday words, Tày/Dao words: the original words are kept) */
  expand: Map<string, PhraseRule>;
  /** folded phrases that mark a topic the bot does not handle */
  outOfScope: Set<string>;
  /** every folded word the lexicon knows (keys and values), for spelling repair */
  words: Set<string>;
  /** first word of every phrase rule → longest phrase starting with it, per table */
  starts: { replace: Map<string, number>; expand: Map<string, number>; outOfScope: Map<string, number> };
}

const unmarked = (t: Token): Token => ({ ...t, hasMarks: false });

/** Compiles the loaded lexicon; keys are folded so `đc`, `dc` and `Đc` are one key. */
export function compileLexicon(lex: Lexicon | undefined): CompiledLexicon {
  const out: CompiledLexicon = { replace: new Map(), expand: new Map(), outOfScope: new Set(), words: new Set(), starts: { replace: new Map(), expand: new Map(), outOfScope: new Map() } };
  const start = (table: Map<string, number>, key: string[]) => table.set(key[0]!, Math.max(table.get(key[0]!) ?? 0, key.length));
  const add = (target: Map<string, PhraseRule>, starts: Map<string, number>, from: string, to: string) => {
    const fromTokens = tokenize(from);
    const key = fromTokens.map((t) => t.folded);
    if (!key.length) return;
    const toks = tokenize(to).map(unmarked);
    target.set(key.join(' '), { from: fromTokens, to: toks });
    start(starts, key);
    for (const k of key) out.words.add(k);
    for (const t of toks) out.words.add(t.folded);
  };
  for (const [k, v] of lex?.replacements ?? []) add(out.replace, out.starts.replace, k, v);
  for (const [k, v] of lex?.synonyms ?? []) add(out.expand, out.starts.expand, k, v);
  // The official term is read like entry text, so its own abbreviations ("online") are expanded too.
  for (const rule of out.expand.values()) rule.to = applyReplacements(rule.to, out).map(unmarked);
  for (const p of lex?.outOfScope ?? []) {
    const key = tokenize(p).map((t) => t.folded);
    if (!key.length) continue;
    out.outOfScope.add(key.join(' '));
    start(out.starts.outOfScope, key);
  }
  return out;
}

let lastCompiled: { key: string; compiled: CompiledLexicon } | undefined;

/**
 * compileLexicon, reusing the last result while the lexicon says the same: the index caches each
 * entry's tokens per compiled lexicon (src/nlu/index.ts), so an unchanged lexicon keeps that cache.
 */
export function compileLexiconOnce(lex: Lexicon | undefined): CompiledLexicon {
  const key = JSON.stringify([[...(lex?.replacements ?? [])], [...(lex?.synonyms ?? [])], lex?.outOfScope ?? []]);
  if (lastCompiled?.key !== key) lastCompiled = { key, compiled: compileLexicon(lex) };
  return lastCompiled.compiled;
}

/** Replaces abbreviations (longest phrase first). */
export function applyReplacements(tokens: Token[], lex: CompiledLexicon): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; ) {
    const max = lex.starts.replace.get(tokens[i]!.folded);
    const hit = max ? longestMatch(tokens, i, lex.replace, max) : undefined;
    if (hit) {
      out.push(...hit.rule.to);
      i += hit.length;
    } else {
      out.push(tokens[i]!);
      i += 1;
    }
  }
  return out;
}

/** Words added by everyday-word synonyms (the original words stay in the query). */
export function expansions(tokens: Token[], lex: CompiledLexicon): Token[][] {
  const out: Token[][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const max = lex.starts.expand.get(tokens[i]!.folded);
    const hit = max ? longestMatch(tokens, i, lex.expand, max) : undefined;
    if (hit) out.push(hit.rule.to);
  }
  return out;
}

/** Out-of-scope phrases present in the folded words. */
export function outOfScopeHits(words: string[], lex: CompiledLexicon): string[] {
  const hits: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const max = lex.starts.outOfScope.get(words[i]!);
    if (!max) continue;
    for (let n = Math.min(max, words.length - i); n >= 1; n--) {
      const key = words.slice(i, i + n).join(' ');
      if (lex.outOfScope.has(key)) hits.push(key);
    }
  }
  return hits;
}

function longestMatch(tokens: Token[], i: number, rules: Map<string, PhraseRule>, longest: number): { rule: PhraseRule; length: number } | undefined {
  for (let n = Math.min(longest, tokens.length - i); n >= 1; n--) {
    let key = tokens[i]!.folded;
    for (let j = 1; j < n; j++) key += ' ' + tokens[i + j]!.folded;
    const rule = rules.get(key);
    if (rule && sameMarks(tokens, i, rule.from)) return { rule, length: n };
  }
  return undefined;
}

/**
 * A rule written with diacritics fires on a word typed without any (recall), but not on a word
 * typed with other ones: `cười` (laugh) is not `cưới` (wedding).
 */
function sameMarks(tokens: Token[], i: number, from: Token[]): boolean {
  return from.every((k, j) => {
    const typed = tokens[i + j]!;
    return !typed.hasMarks || !k.hasMarks || typed.marked === k.marked;
  });
}
