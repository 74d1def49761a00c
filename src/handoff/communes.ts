import type { Commune } from '../knowledge/types.js';
import { fold } from '../nlu/normalize.js';

const PREFIX = /^(xa|phuong|dac khu|thi tran|tt|p|x)\s+/;

/** Folds a commune name and drops the unit word ("xã", "phường", "đặc khu"). */
export function communeKey(name: string): string {
  return fold(name).replace(PREFIX, '');
}

/**
 * Finds communes by what a villager typed: an exact name wins alone; otherwise every commune whose
 * name contains the words, best (shortest) first.
 */
export function searchCommunes(communes: Commune[], text: string, limit = 8): Commune[] {
  const q = communeKey(text);
  if (!q) return [];
  const exact = communes.filter((c) => communeKey(c.name) === q || fold(c.code) === q);
  if (exact.length) return exact.slice(0, limit);
  return communes
    .filter((c) => communeKey(c.name).includes(q) || (q.length >= 4 && q.includes(communeKey(c.name))))
    .sort((a, b) => a.name.length - b.name.length)
    .slice(0, limit);
}
