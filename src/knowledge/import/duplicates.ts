import type { Entry } from '../types.js';
import { fold } from './domains.js';
import { cut } from './plain.js';

const LEVEL_WORDS: Record<string, string> = { commune: 'cấp xã', province: 'cấp tỉnh', district: 'cấp huyện cũ', ministry: 'cấp bộ', other: 'cơ quan khác' };
const key = (e: Entry) => fold(e.short_title ?? e.title).replace(/[^a-z0-9]+/g, ' ').trim();

/** Words of `title` that the other titles of its group do not all have ("… tại cấp xã"). */
function distinctWords(title: string, group: string[]): string {
  const words = (t: string) => t.replace(/[(),.;:]/g, ' ').split(/\s+/).filter(Boolean);
  const others = group.filter((t) => t !== title).map((t) => new Set(words(t).map((w) => w.toLowerCase())));
  return words(title).filter((w) => others.some((o) => !o.has(w.toLowerCase()))).join(' ');
}

/**
 * Gives every entry of a group with the same short title a distinguishing short title: the words
 * its official title has that the others lack, else its level, else its agency, else its code.
 */
export function distinguishDuplicates(entries: Entry[], plain: (official: string) => string = (s) => s): void {
  const groups = new Map<string, Entry[]>();
  for (const e of entries) groups.set(key(e), [...(groups.get(key(e)) ?? []), e]);
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const titles = group.map((e) => plain(e.title));
    const labels = group.map((e) => {
      const words = distinctWords(plain(e.title), titles);
      return words && words.length <= 40 ? words : '';
    });
    const unique = (xs: string[]) => xs.every((x) => x) && new Set(xs.map((x) => x.toLowerCase())).size === xs.length;
    const byLevel = group.map((e) => LEVEL_WORDS[e.level ?? ''] ?? '');
    const byAgency = group.map((e) => e.agency ?? '');
    const chosen = unique(labels) ? labels : unique(byLevel) ? byLevel : unique(byAgency) ? byAgency : group.map((_, i) => [labels[i], byLevel[i]].filter(Boolean).join(', '));
    group.forEach((e, i) => {
      const base = e.short_title ?? e.title;
      const label = chosen[i] || `mã ${e.id}`;
      e.short_title = `${cut(base, Math.max(20, 76 - label.length))} (${label})`.slice(0, 80);
    });
    // Still the same (identical titles, levels and agencies): the code tells them apart.
    const seen = new Map<string, number>();
    for (const e of group) seen.set(key(e), (seen.get(key(e)) ?? 0) + 1);
    for (const e of group) if ((seen.get(key(e)) ?? 0) > 1) e.short_title = `${cut(e.short_title ?? e.title, 64)} (mã ${e.id})`;
  }
}
