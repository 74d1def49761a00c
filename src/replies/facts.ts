import { dateState, today } from '../knowledge/dated.js';
import type { Entry, SubmissionChannelT } from '../knowledge/types.js';

type T = (key: string, params?: Record<string, string | number>) => string;

/** The facts a first answer states; each is either known from the entry or named as not known. */
export const FACTS = ['documents', 'fee', 'duration', 'where'] as const;
export type Fact = (typeof FACTS)[number];

/** "2026-12-31" → "31/12/2026" (the way a Vietnamese reader writes a date). */
export function viDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** 4000 → "4.000đ": đồng with dots between thousands, whatever the runtime's ICU data. */
export function dong(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '.')}đ`;
}

/**
 * Adds "(đến hết 31/12/2026)" unless the text already says that date. A fact whose last day has
 * passed is not stated at all (undefined): the reply then says it is not known and offers a person,
 * rather than quote an ended fee as if it still held (kb:check reports it as an error meanwhile).
 */
function withUntil(text: string, until: string | undefined, t: T, now: Date): string | undefined {
  if (!until) return text;
  if (dateState(until, now) === 'expired') return undefined;
  const date = viDate(until);
  return text.includes(date) ? text : `${text} (${t('fact.until', { date })})`;
}

/** One channel's fee in plain words, or undefined when the record gives none for it. */
function channelFee(c: SubmissionChannelT, t: T): string | undefined {
  if (c.fee_free) return t('fact.free');
  if (c.fee_vnd?.length) return c.fee_vnd.map(dong).join(' / ');
  return c.fee || undefined;
}

type Stated = { c: SubmissionChannelT; v: string };

/** The channels that state a value, with it. */
function statedBy(channels: SubmissionChannelT[] | undefined, value: (c: SubmissionChannelT) => string | undefined): Stated[] {
  return (channels ?? []).map((c) => ({ c, v: value(c) })).filter((x): x is Stated => !!x.v);
}

/** "trực tiếp 4.000đ; online 5.000đ": each value after its channel's name. */
function labelled(stated: Stated[], t: T): string {
  return stated.map(({ c, v }) => `${t(`channel.${c.mode}`)} ${v}`).join('; ');
}

/** When channels differ ("trực tiếp 4.000đ; online 5.000đ"), or undefined when they agree or say nothing. */
function perChannel(channels: SubmissionChannelT[] | undefined, value: (c: SubmissionChannelT) => string | undefined, t: T): string | undefined {
  const stated = statedBy(channels, value);
  return new Set(stated.map((x) => x.v)).size < 2 ? undefined : labelled(stated, t);
}

/** The one value all channels that state it agree on (and its end date), if any. */
function common(channels: SubmissionChannelT[] | undefined, value: (c: SubmissionChannelT) => string | undefined): Stated | undefined {
  const stated = statedBy(channels, value);
  return stated.length && new Set(stated.map((x) => x.v)).size === 1 ? stated[0] : undefined;
}

/**
 * The fee in one short line: per channel when in person and online differ, else the entry's
 * plain fee, else the channels' common one. A dated fee says until when it holds.
 */
export function feeText(entry: Entry, t: T, now: Date = today()): string | undefined {
  const dated = (c: SubmissionChannelT) => {
    const v = channelFee(c, t);
    return v && withUntil(v, c.valid_until, t, now);
  };
  const split = perChannel(entry.channels, dated, t);
  if (split) return split;
  if (entry.fee) return withUntil(entry.fee, entry.valid_until?.fee, t, now);
  const live = entry.channels?.filter((c) => !c.valid_until || dateState(c.valid_until, now) !== 'expired');
  // a channel whose fee ended: the others' fees keep their channel's name, so none reads as the ended one's
  if (live && live.length < (entry.channels?.length ?? 0)) {
    const stated = statedBy(live, dated);
    return stated.length ? labelled(stated, t) : undefined;
  }
  const one = common(live, (c) => channelFee(c, t));
  return one && withUntil(one.v, one.c.valid_until ?? entry.valid_until?.fee, t, now);
}

/** Who pays less or nothing, from the channels (each text once). */
export function exemptionText(entry: Entry): string | undefined {
  const texts = [...new Set((entry.channels ?? []).map((c) => c.exemption?.trim()).filter((s): s is string => !!s))];
  return texts.length ? texts.join(' ') : undefined;
}

/** The processing time in one short line: per channel when they differ. */
export function durationText(entry: Entry, t: T, now: Date = today()): string | undefined {
  const split = perChannel(entry.channels, (c) => c.duration, t);
  if (split) return split;
  if (entry.duration) return withUntil(entry.duration, entry.valid_until?.duration, t, now);
  return common(entry.channels, (c) => c.duration)?.v;
}

/** The record's case-by-case times, one "• case: time" line each (the time alone for the one without a case). */
export function durationCaseLines(entry: Entry): string[] {
  return (entry.duration_cases ?? []).map((c) => `• ${c.case ? `${c.case}: ` : ''}${c.time}`);
}

/** Where to apply: the entry's own words, else its agency and level. */
export function whereText(entry: Entry, t: T): string | undefined {
  if (entry.where) return entry.where;
  if (!entry.agency) return undefined;
  return entry.level ? `${entry.agency} (${t(`level.${entry.level}`)})` : entry.agency;
}

/** Which of the first answer's facts the entry does not hold. */
export function unknownFacts(entry: Entry, t: T, now: Date = today()): Fact[] {
  return FACTS.filter((f) => {
    if (f === 'documents') return !entry.documents?.length;
    if (f === 'fee') return !feeText(entry, t, now);
    if (f === 'duration') return !durationText(entry, t, now);
    return !whereText(entry, t);
  });
}

/** True when the entry holds nothing a villager can act on: a title (and maybe a link) only. */
export function isTitleOnly(entry: Entry, t: T): boolean {
  return unknownFacts(entry, t).length === FACTS.length && !entry.steps?.length && !entry.summary && !entry.official && !entry.conditions?.length && !entry.result;
}

/**
 * True when the first answer is a stub: the "only the name" reply, or one that can state none of
 * papers, fee and time (at most where to go: the old "Tôi mới có tên và nơi làm thủ tục này").
 */
export function isStubAnswer(entry: Entry, t: T): boolean {
  const unknown = unknownFacts(entry, t);
  return isTitleOnly(entry, t) || (['documents', 'fee', 'duration'] as const).every((f) => unknown.includes(f));
}
