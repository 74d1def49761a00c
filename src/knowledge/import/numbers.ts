import type { Entry } from '../types.js';

const digits = (s: string) => s.replace(/[.,]/g, '').replace(/^0+(?=\d)/, '');

/**
 * Every number an entry's short fields state (fee amounts, times, document counts), as digits
 * without separators or leading zeros. A count of 0 is the absence of a count and is not stated.
 */
export function statedNumbers(e: Entry): string[] {
  const texts = [e.fee, e.duration, ...(e.duration_cases ?? []).flatMap((c) => [c.case, c.time]), ...(e.channels ?? []).flatMap((c) => [c.fee, c.duration, c.exemption, ...(c.fee_vnd ?? []).map(String)])];
  const nums = texts.flatMap((t) => (t ?? '').match(/\d[\d.,]*\d|\d/g) ?? []).map(digits);
  for (const d of e.documents ?? []) nums.push(...[d.original, d.copy].filter((n): n is number => !!n).map(String));
  return [...new Set(nums)];
}

/** A record's numbers as digits: "2,000,000" and "2.000.000" both give 2000000; "31/12/2026" gives 31, 12, 2026. */
export function sourceNumbers(text: string): Set<string> {
  return new Set((text.match(/\d[\d.,]*\d|\d/g) ?? []).flatMap((n) => [digits(n), ...n.split(/[.,/]/).map(digits)]));
}
