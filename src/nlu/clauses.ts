/**
 * Long messages are read the way a person reads them: cut into clauses, and the clause that
 * names a need ("muốn làm giấy khai sinh") is scored on its own, so a family story, greetings
 * and place names around it do not dilute it.
 */

/** Longest text read from one message (clause-wise; the rest is ignored). */
export const MAX_READ_CHARS = 1000;
/** At most this many clauses are scored. */
export const MAX_CLAUSES = 16;
/** A message with more words than this is read clause by clause. */
export const LONG_WORDS = 6;

/** The first MAX_READ_CHARS characters, ending at a clause boundary when one is near. */
export function readablePart(text: string): string {
  if (text.length <= MAX_READ_CHARS) return text;
  const cut = text.slice(0, MAX_READ_CHARS);
  const end = Math.max(cut.lastIndexOf('.'), cut.lastIndexOf('?'), cut.lastIndexOf('!'), cut.lastIndexOf('\n'), cut.lastIndexOf(','));
  return end > MAX_READ_CHARS / 2 ? cut.slice(0, end + 1) : cut;
}

/** Clauses of a text: split at sentence and clause punctuation. */
export function clausesOf(text: string): string[] {
  return text
    .split(/[.!?;:\n,…()]+|\s[-–]\s/u)
    .map((c) => c.trim())
    .filter((c) => /[\p{L}\p{N}]/u.test(c))
    .slice(0, MAX_CLAUSES);
}

/** Folded phrases that say "this clause is what I want" (a request or a question). */
const NEED = [
  'muon', 'can', 'xin', 'hoi', 'lam the nao', 'lam sao', 'the nao', 'o dau', 'dau', 'duoc khong', 'phai', 'giup', 'thu tuc',
  'dang ki', 'lam', 'bao nhieu', 'nhu nao', 'ra sao', 'how', 'where', 'need', 'want', 'can i',
].map((p) => p.split(' '));

/** Where the first request word of a clause is (-1 when the clause asks for nothing: a story, a greeting). */
export function needAt(words: readonly string[]): number {
  for (let i = 0; i < words.length; i++) if (NEED.some((p) => p.every((x, j) => words[i + j] === x))) return i;
  return -1;
}
