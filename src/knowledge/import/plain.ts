import { MAX_STEP_CHARS } from '../types.js';
import { applyReformTerms, phraseRegExp, type ImportRules } from './rules-files.js';

/** Everyday words for official text: boilerplate cut, glossary applied, pre-reform terms rewritten. */
export function plainText(text: string, rules: ImportRules): string {
  let out = text.replace(/\s+/g, ' ').trim();
  for (const re of rules.glossary.remove) out = out.replace(re, '');
  out = applyReformTerms(out, rules.reform);
  for (const t of rules.glossary.terms) {
    // Apply a term once per text and never inside a phrase already in plain words.
    if (out.toLowerCase().includes(t.plain.toLowerCase())) continue;
    out = out.replace(phraseRegExp(t.official), t.plain);
  }
  return tidy(out);
}

function tidy(s: string): string {
  return s
    .replace(/\s+([,.;:)])/g, '$1')
    .replace(/\(\s*\)/g, '')
    .replace(/([,;:])(?=[^\s\d])/g, '$1 ')
    .replace(/[,;:]\s*$/, '')
    .replace(/\s{2,}/g, ' ')
    .replace(/^[\s,.;:-]+/, '')
    .trim();
}

/** Cuts at a word boundary so the text fits `max` characters, ending with "…" when cut. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > max * 0.6 ? head.slice(0, space) : head).replace(/[\s,;:(-]+$/, '')}…`;
}

/** First sentence (up to ". " / "; "), so a short form says one thing. */
export function firstSentence(text: string): string {
  const first = /^(.{20,}?[.;])\s+[A-ZĐ(+-]/u.exec(text)?.[1] ?? text;
  return first.replace(/[.;]$/, '').trim();
}

/** Capital first letter, as a sentence starts. */
export const sentence = (s: string) => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

/** A step sentence from a template, cut to the phone-sized step length. */
export function stepText(template: string, values: Record<string, string>): string {
  let out = template;
  for (const [k, v] of Object.entries(values)) out = out.replace(`{${k}}`, v);
  out = out.replace(/…\.$/, '…');
  if (out.length <= MAX_STEP_CHARS) return out;
  // Shorten the longest filled value, keep the sentence end.
  return cut(out.replace(/[.]$/, ''), MAX_STEP_CHARS);
}

/** "2500000" → "2.500.000 đồng". */
export function dong(n: number): string {
  return `${n.toLocaleString('de-DE')} đồng`;
}
