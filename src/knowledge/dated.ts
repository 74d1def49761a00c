/** Dated facts: "đến hết ngày 31/12/2026" in a record → 2026-12-31, and how close today is to it. */

const DAY_MS = 24 * 3600 * 1000;
/** kb:check warns this many days before a dated fact ends. */
export const WARN_DAYS = 30;

/** The latest "đến hết (ngày) dd/mm/yyyy" / "đến ngày dd/mm/yyyy" end date a text states, as YYYY-MM-DD. */
export function endDateIn(text: string | undefined): string | undefined {
  let best: string | undefined;
  for (const m of (text ?? '').matchAll(/đến\s+(?:hết\s+)?(?:ngày\s+)?(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{4})/giu)) {
    const [, day = '', month = '', year = ''] = m;
    const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    if (!Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) && (!best || iso > best)) best = iso;
  }
  return best;
}

export type DateState = 'ok' | 'ending' | 'expired';

/** `expired` after the last day, `ending` within WARN_DAYS of it, else `ok`. */
export function dateState(validUntil: string, today: Date): DateState {
  const last = Date.parse(`${validUntil}T00:00:00Z`); // the whole last day still holds
  const now = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  if (now > last) return 'expired';
  if (last - now <= WARN_DAYS * DAY_MS) return 'ending';
  return 'ok';
}

/** "2026-12-31" → "31/12/2026", as the reply says it ("đến hết 31/12/2026"). */
export const vnDate = (iso: string) => iso.split('-').reverse().join('/');

/** Quang Ninh's clock: UTC+7 all year (no daylight saving), so a fact "đến hết 31/12" holds until midnight there. */
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

/**
 * Today in Vietnam, as a Date whose UTC fields are the Vietnamese date (what dateState reads), for
 * kb:check, kb:import and the replies. KB_TODAY=YYYY-MM-DD pins it (tests, reproducible runs).
 */
export function today(): Date {
  const pinned = process.env.KB_TODAY;
  return pinned && /^\d{4}-\d{2}-\d{2}$/.test(pinned) ? new Date(`${pinned}T00:00:00Z`) : new Date(Date.now() + VIETNAM_OFFSET_MS);
}
