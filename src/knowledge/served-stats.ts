import { dateState } from './dated.js';
import type { ReformTerm } from './import/rules-files.js';
import type { Entry } from './types.js';
import { datedFacts, otherProvinceFindings, preReformFindings } from './villager-text.js';

/** The `kb:stats --json` contract (issue 12): counts over served province- and commune-level entries. */
export interface ServedStats {
  entries: number;
  byLevel: Record<string, number>;
  served: number;
  actionable: number;
  withDocuments: number;
  withDuration: number;
  withWhere: number;
  withSteps: number;
  withFeeOrNoFeeStated: number;
  otherProvinceShown: number;
  preReformTerms: number;
  expired: number;
  /** Extra key (not in the issue-12 contract): served entries whose first answer is a stub. */
  stubAnswers: number;
}

/** A procedure entry the bot serves as a Quang Ninh answer at province or commune level. */
export function isServed(e: Entry): boolean {
  return e.kind === 'procedure' && (e.level === 'province' || e.level === 'commune');
}

const hasDocuments = (e: Entry) => (e.documents?.length ?? 0) > 0;
const hasSteps = (e: Entry) => (e.steps?.length ?? 0) >= 2;
const feeStated = (e: Entry) => !!e.fee || (e.channels ?? []).some((c) => c.fee_free || c.fee || c.fee_vnd?.length);

/** `isStub` says whether the bot's first answer for an entry is a stub (the replies layer decides). */
export function servedStats(all: readonly Entry[], terms: ReformTerm[], today: Date, isStub: (e: Entry) => boolean): ServedStats {
  const byLevel: Record<string, number> = {};
  for (const e of all) if (e.level) byLevel[e.level] = (byLevel[e.level] ?? 0) + 1;
  const served = all.filter(isServed);
  const count = (p: (e: Entry) => boolean) => served.filter(p).length;
  return {
    entries: all.length,
    byLevel,
    served: served.length,
    actionable: count((e) => hasDocuments(e) && !!e.duration && !!e.where && hasSteps(e)),
    withDocuments: count(hasDocuments),
    withDuration: count((e) => !!e.duration),
    withWhere: count((e) => !!e.where),
    withSteps: count(hasSteps),
    withFeeOrNoFeeStated: count(feeStated),
    otherProvinceShown: count((e) => otherProvinceFindings(e).length > 0),
    preReformTerms: count((e) => preReformFindings(e, terms).length > 0),
    expired: count((e) => datedFacts(e).some((d) => dateState(d.until, today) === 'expired')),
    stubAnswers: count(isStub),
  };
}

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)}%` : '-');

export function formatServedStats(s: ServedStats): string[] {
  const rows: [string, number][] = [
    ['actionable (documents + time + where + 2 steps)', s.actionable], ['with documents', s.withDocuments], ['with duration', s.withDuration],
    ['with where', s.withWhere], ['with steps (2+)', s.withSteps], ['with fee or "no fee" stated', s.withFeeOrNoFeeStated],
    ['showing another province', s.otherProvinceShown], ['with pre-reform terms', s.preReformTerms], ['with an expired dated fact', s.expired],
    ['stub answers (no papers, fee or time)', s.stubAnswers],
  ];
  return [
    `entries: ${s.entries} (${Object.entries(s.byLevel).map(([k, v]) => `${k} ${v}`).join(', ')})`,
    `served (province and commune level): ${s.served}`,
    ...rows.map(([label, n]) => `  ${label.padEnd(50)} ${String(n).padStart(6)}  ${pct(n, s.served)}`),
  ];
}
