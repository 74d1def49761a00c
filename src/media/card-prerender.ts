import { LANGS } from '../domain/messages.js';
import type { Entry } from '../knowledge/types.js';
import type { CardCache } from '../replies/card.js';
import type { Locales } from '../replies/locales.js';

/** Entries whose cards are drawn ahead of the first request: the curated ones the bot answers with most. */
export function servedEntries(list: readonly Entry[]): Entry[] {
  return list.filter((e) => e.curated);
}

/**
 * Draws the cards of `entries` in every language in the background, at low priority (a waiting
 * user's card goes first) and `concurrency` at a time, so the pool keeps room for live requests.
 * Cards already on disk cost a hash and a read. Resolves the number rendered; `stopped()` ends it early.
 */
export async function prerenderCards(cards: CardCache, entries: readonly Entry[], locales: Locales, opts: { concurrency?: number; stopped?: () => boolean } = {}): Promise<number> {
  const jobs = entries.flatMap((e) => LANGS.map((lang) => ({ e, lang })));
  const before = cards.renders;
  const queue = jobs.values(); // shared by the lanes: each takes the next job
  const lane = async () => {
    for (let job = queue.next(); !job.done && !opts.stopped?.(); job = queue.next()) {
      await cards.get(job.value.e, job.value.lang, locales, { priority: 'low' });
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 1 }, lane));
  return cards.renders - before;
}
