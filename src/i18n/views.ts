import type { Store } from '../store/types.js';

export const VIEW_DAYS = 30;
/** Enough for a province's month of turns; lowdb keeps the newest 100,000 events anyway. */
const MAX_EVENTS = 200_000;

/** How often villagers were shown each interface string and each entry in the last 30 days. */
export interface ViewCounts {
  strings: Map<string, number>;
  entries: Map<string, number>;
  /** Turns counted (the denominator of traffic coverage). */
  turns: number;
}

/** Counts from the events store (`shown` locale keys and the answered entry of each turn). */
export async function countViews(store: Store, now = Date.now(), days = VIEW_DAYS): Promise<ViewCounts> {
  const events = await store.listEvents({ since: now - days * 86_400_000, limit: MAX_EVENTS });
  const strings = new Map<string, number>();
  const entries = new Map<string, number>();
  for (const e of events) {
    for (const key of e.shown ?? []) strings.set(key, (strings.get(key) ?? 0) + 1);
    if (e.entryId && (e.decision === 'answer' || e.decision === 'followup')) entries.set(e.entryId, (entries.get(e.entryId) ?? 0) + 1);
  }
  return { strings, entries, turns: events.length };
}
