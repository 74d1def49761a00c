/**
 * Things a message says the person does NOT have or need ("không có di chúc", "chưa có sổ đỏ"):
 * a procedure about such a thing is not what they ask for, unless the message asks for it too.
 * Words are folded.
 */

/** Phrases that negate what follows them (a correction such as "không phải" is not one). */
const NEGATORS = ['khong co', 'chua co', 'khong can', 'chang co', 'cha co', 'ko co', 'k co', 'kh co', 'khong he co'].map((p) => p.split(' '));
/** Words that end a negated object: a new request or a conjunction starts. */
const STOP = new Set(['muon', 'can', 'xin', 'lam', 'nhung', 'ma', 'thi', 'nen', 'vay', 'va', 'de', 'con', 'giup', 'hoi']);
/** A negated object is at most this many words. */
const SPAN = 3;

/** The folded words negated in a word sequence, and the rest (what is said positively). */
export function negatedWords(words: readonly string[]): { negated: Set<string>; positive: Set<string> } {
  const negated = new Set<string>();
  const positive = new Set<string>();
  for (let i = 0; i < words.length; ) {
    const neg = NEGATORS.find((p) => p.every((x, j) => words[i + j] === x));
    if (!neg) {
      positive.add(words[i]!);
      i++;
      continue;
    }
    let j = i + neg.length;
    const end = Math.min(words.length, j + SPAN);
    while (j < end && !STOP.has(words[j]!)) negated.add(words[j++]!);
    i = j;
  }
  for (const w of negated) if (positive.has(w)) negated.delete(w);
  return { negated, positive };
}

/**
 * Whether a title is about something negated: it holds a negated word and none of the words the
 * message says positively (content words only, as judged by `isContent`).
 */
export function aboutNegated(titleWords: ReadonlySet<string>, neg: { negated: Set<string>; positive: Set<string> }, isContent: (w: string) => boolean): boolean {
  let hit = false;
  for (const w of neg.negated) if (isContent(w) && titleWords.has(w)) hit = true;
  if (!hit) return false;
  for (const w of neg.positive) if (isContent(w) && titleWords.has(w)) return false;
  return true;
}
