import type { Matcher } from '../nlu/matcher.js';
import { FILLERS } from '../nlu/fillers.js';
import { tokenize } from '../nlu/normalize.js';

/** At most this many words are offered per missed question. */
const MAX_WORDS = 6;

/**
 * Words of a question the bot does not know: not in any entry, not in the lexicon (the matcher's
 * vocabulary), not a question-form word, not a number. Returned as typed (with their marks), so a
 * translator teaches `slèng`, not `sleng`.
 */
export function unknownWordsOf(matcher: Matcher, texts: string[]): string[] {
  const out = new Map<string, string>();
  for (const text of texts) {
    const unknown = new Set(matcher.match(text).unknownWords ?? []);
    for (const t of tokenize(text)) {
      if (!unknown.has(t.folded) || FILLERS.has(t.folded) || /^\d+$/.test(t.folded) || t.folded.length < 2) continue;
      if (!out.has(t.folded)) out.set(t.folded, t.marked.toLowerCase());
      if (out.size >= MAX_WORDS) return [...out.values()];
    }
  }
  return [...out.values()];
}
