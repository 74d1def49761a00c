import { cut, firstSentence, plainText, sentence } from './plain.js';
import type { ImportRules } from './rules-files.js';

/** The everyday name of a paper is shown first and fits a phone line; the official name is one tap away. */
export const MAX_DOCUMENT_NAME = 90;
const MIN_PREFIX = 25;

/**
 * A paper's everyday name from its official wording: the first sentence, form and legal citations
 * cut (glossary `document_remove`), plain words applied, and a name still longer than 90 characters
 * cut before a qualifier (glossary `document_cut_before`) or at a word, ending in "…".
 * `qualifiers: false` cuts at a word only (used when the qualifier cut would make two papers look alike).
 */
export function everydayDocumentName(official: string, rules: ImportRules, opts: { qualifiers?: boolean } = {}): string {
  let s = firstSentence(official);
  let narrowed = false;
  const qualifier = (text: string) => rules.glossary.documentCutBefore.some((w) => text.toLowerCase().includes(w.toLowerCase()));
  for (const re of rules.glossary.documentRemove) {
    const shorter = s.replace(re, '').trim();
    if (shorter.length < 8) continue;
    // A citation cut together with the case it applies to ("… đối với trường hợp …"): say there is more.
    narrowed ||= qualifier(s.slice(shorter.length)) && !qualifier(shorter);
    s = shorter;
  }
  s = sentence(plainText(s, rules).replace(/[\s,;:(-]+$/, ''));
  if (s.length <= MAX_DOCUMENT_NAME) return narrowed ? `${s}…` : s;
  const lower = s.toLowerCase();
  const cuts = (opts.qualifiers === false ? [] : rules.glossary.documentCutBefore).map((w) => lower.indexOf(w.toLowerCase(), MIN_PREFIX)).filter((i) => i >= MIN_PREFIX && i < MAX_DOCUMENT_NAME);
  if (cuts.length) return `${s.slice(0, Math.min(...cuts)).replace(/[\s,;:(-]+$/, '')}…`;
  return cut(s, MAX_DOCUMENT_NAME);
}
