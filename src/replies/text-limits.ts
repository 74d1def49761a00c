/** About one phone screen: no text part is longer unless the user asked for details. */
export const MAX_PART_CHARS = 600;
/** Steps shown in a short answer; the rest are behind "Xem thêm". */
export const MAX_STEPS = 6;

/** Cuts a text at a word boundary so it fits `max` characters, ending with "…" (the one helper: src/lib/text.ts). */
export { clipAtWord as clip } from '../lib/text.js';
import { clipAtWord as clip } from '../lib/text.js';

/**
 * Joins lines into as many texts as needed, each at most `max` characters. The header starts the
 * first text only; a single over-long line is clipped.
 */
export function packLines(lines: string[], max = MAX_PART_CHARS): string[] {
  const out: string[] = [];
  let cur = '';
  for (const raw of lines) {
    const line = clip(raw, max);
    if (cur && cur.length + 1 + line.length > max) {
      out.push(cur);
      cur = line;
    } else cur = cur ? `${cur}\n${line}` : line;
  }
  if (cur) out.push(cur);
  return out;
}

/** The lines that fit in one text of `max` characters; reports how many were left out. */
export function fitLines(lines: string[], max = MAX_PART_CHARS): { text: string; left: number } {
  let text = '';
  let used = 0;
  for (const line of lines) {
    const next = text ? `${text}\n${line}` : line;
    if (next.length > max - 30) break; // room for the "… and N more" line
    text = next;
    used += 1;
  }
  return { text: text || clip(lines[0] ?? '', max), left: lines.length - Math.max(used, 1) };
}

/** Joins neighbouring text parts that fit one screen together, so a phone shows fewer bubbles. */
export function mergeTexts<P extends { type: string }>(parts: P[], max = MAX_PART_CHARS): P[] {
  const out: P[] = [];
  for (const p of parts) {
    const prev = out.at(-1) as { type: string; text?: string } | undefined;
    const cur = p as unknown as { type: string; text: string };
    if (prev?.type === 'text' && p.type === 'text' && prev.text!.length + 2 + cur.text.length <= max) {
      out[out.length - 1] = { ...prev, text: `${prev.text}\n\n${cur.text}` } as unknown as P;
    } else out.push(p);
  }
  return out;
}
