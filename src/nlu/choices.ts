import { actionsIn } from './actions.js';
import { titleAgeRange } from './facts.js';
import { tokenize } from './normalize.js';

/**
 * Clarify choices a person can tell apart: versions of one procedure (the same title but for the
 * level in brackets, or the same words in another order) become one choice, and each button is
 * labelled by what distinguishes it from the others, short enough for a quick reply.
 */

/** Longest quick-reply title Messenger shows whole (Zalo and web chat allow more). */
export const CHOICE_LABEL_MAX = 20;
/** Titles sharing this share of their words (Jaccard) are versions of one procedure. */
const SAME_PROCEDURE = 0.85;

/** Words that never tell two procedures apart. */
const NOISE = new Set(['thu', 'tuc', 'hoac', 'va', 'cac', 'nhung', 'voi', 'cua', 'tai', 'o']);
/** Words a label should not start with. */
const WEAK_START = new Set(['cho', 'nguoi', 'voi', 'cua', 'trong', 'truong', 'hop', 'thu', 'tuc', 'viec', 've', 'va', 'hoac', 'tai', 'o', 'la']);

/** The title without "Thủ tục" and without bracketed notes such as "(thực hiện tại cấp tỉnh)". */
function core(title: string): string {
  return title.replace(/\([^)]*\)/g, ' ').replace(/^\s*thủ tục\s+/i, '').replace(/\s+/g, ' ').trim();
}

function wordSet(title: string): Set<string> {
  return new Set(tokenize(core(title)).map((t) => t.folded).filter((w) => !NOISE.has(w)));
}

/** What keeps two similar titles apart whatever their other words: the action and the age. */
function signature(title: string): string {
  const toks = tokenize(title);
  const folded = toks.map((t) => t.folded);
  const ages = titleAgeRange(folded);
  return `${actionsIn(folded, toks.map((t) => t.marked)).sort().join(',')}|${ages ? `${ages.from}-${ages.to ?? ''}` : ''}`;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const w of a) if (b.has(w)) inter++;
  const union = a.size + b.size - inter;
  return union ? inter / union : 1;
}

/** Keeps the first of every group of near-identical titles (the list is best first). */
export function collapseVariants<T>(items: readonly T[], titleOf: (item: T) => string): T[] {
  const kept: { item: T; words: Set<string>; sig: string }[] = [];
  for (const item of items) {
    const words = wordSet(titleOf(item));
    const sig = signature(titleOf(item));
    if (kept.some((k) => k.sig === sig && jaccard(k.words, words) >= SAME_PROCEDURE)) continue;
    kept.push({ item, words, sig });
  }
  return kept.map((k) => k.item);
}

/** Cuts a label at a word boundary to at most `max` characters (an ellipsis marks a cut). */
export function clipLabel(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const sp = cut.lastIndexOf(' ');
  return `${(sp > max / 2 ? cut.slice(0, sp) : cut).trim()}…`;
}

/**
 * One label per title, each at most `max` characters, no two alike: the words of a title that its
 * closest neighbour in the list does not have ("dưới 14 tuổi", "Cấp lại", "có yếu tố nước
 * ngoài"), or the title itself when it has no word of its own.
 */
export function distinctLabels(titles: readonly string[], max = CHOICE_LABEL_MAX): string[] {
  const toks = titles.map((t) => core(t).split(' ').filter(Boolean));
  const folded = toks.map((ws) => ws.map((w) => tokenize(w)[0]?.folded ?? w.toLowerCase()));
  const sets = folded.map((f) => new Set(f));
  const labels = toks.map((ws, i) => {
    const f = folded[i]!;
    let near = -1;
    let bestSim = -1;
    sets.forEach((other, j) => {
      const sim = j === i ? -1 : jaccard(sets[i]!, other);
      if (sim > bestSim) [near, bestSim] = [j, sim];
    });
    const theirs = near >= 0 ? sets[near]! : new Set<string>();
    let from = f.findIndex((w) => !theirs.has(w) && !WEAK_START.has(w));
    if (from < 0) from = f.findIndex((w) => !theirs.has(w));
    if (from < 0 || near < 0) return clipLabel(capitalize(ws.join(' ')), max);
    let to = from + 1;
    while (to < f.length && !theirs.has(f[to]!)) to++;
    // A lone short word ("lại", "Cấp") reads better with a neighbour ("Cấp lại", "Cấp hộ chiếu").
    while (ws.slice(from, to).join(' ').length < 8 && (from > 0 || to < f.length)) {
      if (from > 0 && !WEAK_START.has(f[from - 1]!)) from--;
      else if (to < f.length) to++;
      else from--;
    }
    return clipLabel(capitalize(withoutEdgePunctuation(ws.slice(from, to).join(' '))), max);
  });
  return unique(labels, titles, max);
}

/** A label cut out of a title does not start or end on its punctuation ("Tích hợp," → "Tích hợp"). */
function withoutEdgePunctuation(s: string): string {
  return s.replace(/^[\s,;:.\-–(]+|[\s,;:\-–(]+$/gu, '');
}

function capitalize(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/** Two labels still alike: fall back to the titles, then number them. */
function unique(labels: string[], titles: readonly string[], max: number): string[] {
  const count = (ls: string[], l: string) => ls.filter((x) => x === l).length;
  let out = labels.map((l, i) => (count(labels, l) > 1 ? clipLabel(capitalize(core(titles[i]!)), max) : l));
  out = out.map((l, i) => (count(out, l) > 1 ? `${clipLabel(l, max - 4)} (${i + 1})` : l));
  return out;
}
