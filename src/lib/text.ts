/** Cuts `text` to at most `max` characters (code points, so an emoji is never split), ending with "…". */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/**
 * Cuts at the last word boundary so the result fits `max` UTF-16 units (what the reply limits
 * count), ending with "…", so no word is left half-shown.
 */
export function clipAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

/** `s` as a literal inside a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
