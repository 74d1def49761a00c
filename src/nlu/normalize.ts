/**
 * Vietnamese text normalisation for matching. Two forms of every word are kept: the `marked`
 * form (NFC, lower case, diacritics kept) so an exact diacritic match can score higher, and the
 * `folded` form (no diacritics, đ→d) used for recall.
 */

/** One word of the user's text. */
export interface Token {
  /** Lower case, NFC, diacritics kept (đ stays đ). */
  marked: string;
  /** Lower case ASCII: diacritics removed, đ→d. */
  folded: string;
  /** True when the user typed at least one diacritic in this word. */
  hasMarks: boolean;
}

/** Longest text the matcher reads; the rest is noise for a question. */
export const MAX_MATCH_CHARS = 300;

const COMBINING = /[\u0300-\u036f]/g;

/** NFC, lower case, punctuation / emoji / other scripts → spaces; diacritics kept. */
export function clean(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{Script=Latin}0-9\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Folds Vietnamese text for matching: NFC, lower case, đ→d, no diacritics, no punctuation. */
export function fold(text: string): string {
  return clean(text)
    .split(' ')
    .map((w) => foldWord(iForY(w)))
    .join(' ')
    .replace(/[^a-z0-9\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const foldCache = new Map<string, string>();

function foldWord(word: string): string {
  let f = foldCache.get(word);
  if (f === undefined) {
    f = word.replace(/đ/g, 'd').normalize('NFD').replace(COMBINING, '').normalize('NFC');
    if (foldCache.size > 50_000) foldCache.clear();
    foldCache.set(word, f);
  }
  return f;
}

/** Folded words of a text. */
export function tokens(text: string): string[] {
  const f = fold(text);
  return f ? f.split(' ') : [];
}

/** Splits text into tokens with both forms; input beyond MAX_MATCH_CHARS is ignored. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const word of clean(text.slice(0, MAX_MATCH_CHARS)).split(' ')) {
    if (!word) continue;
    const marked = iForY(word);
    const folded = foldWord(marked).replace(/[^a-z0-9]/g, '');
    if (!folded) continue;
    out.push({ marked, folded, hasMarks: folded !== marked });
  }
  return out;
}

const Y_TO_I: Record<string, string> = { y: 'i', ý: 'í', ỳ: 'ì', ỷ: 'ỉ', ỹ: 'ĩ', ỵ: 'ị' };
const LONE_Y = /^(b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x|ch|gh|kh|nh|ph|th|tr|ng)([yýỳỷỹỵ])$/;

/** `ký`/`kí`, `lý`/`lí`, `mỹ`/`mĩ` are one syllable spelt two ways: use the i spelling. */
export function iForY(word: string): string {
  const [, onset = '', y = ''] = LONE_Y.exec(word) ?? [];
  const i = Y_TO_I[y];
  return i ? onset + i : word;
}

/** Runs of one letter: `dcccc` → candidates `dc`; used only when the word is unknown. */
export function squeezeRepeats(word: string): string[] {
  const out: string[] = [];
  const three = word.replace(/([a-z])\1{2,}/g, '$1');
  if (three !== word) out.push(three);
  const two = word.replace(/([a-z])\1+/g, '$1');
  if (two !== word && two !== three) out.push(two);
  return out;
}

const TELEX_TONE = /([aeiouy][a-z]*?)[sfrxj]([a-z]*)$/;

/**
 * Removes telex residue from a folded word (`vieejt` → `viet`, `dduwowcj` → `duoc`). Vietnamese
 * syllables never contain s/f/r/x/j after the vowel, nor `w`, nor doubled vowels, so these are
 * keystrokes of an input method that did not compose. Returns undefined when nothing changes.
 */
export function telexFold(word: string): string | undefined {
  if (!/[aeiouy]/.test(word)) return undefined;
  let w = word.replace(/^dd/, 'd').replace(/([aeo])\1/g, '$1').replace(/([aou])w/g, '$1').replace(/^w/, 'u');
  const head = w.match(/^[^aeiouy]*/)?.[0] ?? '';
  const rest = w.slice(head.length);
  const tone = rest.replace(TELEX_TONE, '$1$2');
  w = head + tone;
  return w !== word ? w : undefined;
}

/** Removes VNI residue (`vie6t` → `viet`, `d9uoc75` → `duoc`); undefined when nothing changes. */
export function vniFold(word: string): string | undefined {
  if (!/[a-z]/.test(word) || !/[1-9]/.test(word)) return undefined;
  const w = word.replace(/[1-9]/g, '');
  return w.length >= 2 && w !== word ? w : undefined;
}

/** Folded variants to try, in order, when a word is not in the vocabulary. */
export function repairCandidates(folded: string): string[] {
  const out = new Set<string>();
  for (const s of squeezeRepeats(folded)) out.add(s);
  const t = telexFold(folded);
  if (t) out.add(t);
  const v = vniFold(folded);
  if (v) out.add(v);
  for (const s of [...out]) {
    const t2 = telexFold(s);
    if (t2) out.add(t2);
  }
  return [...out];
}
