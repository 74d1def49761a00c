import type { Scored } from './score.js';

/**
 * Logistic calibration of the raw score into "the chance this candidate is what the user meant".
 * Fitted on tests/eval/dev.jsonl with `npm run eval -- --questions tests/eval/dev.jsonl --calibrate`
 * (features: score, lead over the next candidate, question coverage); refit after large KB changes.
 */
export const CALIBRATION = { bias: -6.0, score: 9.0, lead: 6.0, coverage: 2.0 };

/** Features of a ranked candidate that the calibration reads. */
export function features(ranked: Scored[], i: number): [number, number, number] {
  const c = ranked[i]!;
  const other = i === 0 ? ranked[1] : ranked[0];
  const lead = i === 0 ? c.score - (other?.score ?? 0) : 0;
  return [c.score, lead, c.questionCoverage];
}

/** Calibrated confidence in [0, 1] for the i-th ranked candidate. */
export function confidenceOf(ranked: Scored[], i: number, cal = CALIBRATION): number {
  const [score, lead, coverage] = features(ranked, i);
  const z = cal.bias + cal.score * score + cal.lead * lead + cal.coverage * coverage;
  const p = 1 / (1 + Math.exp(-z));
  return i === 0 ? p : Math.min(p, (1 - confidenceOf(ranked, 0, cal)) * 0.99 + 0.01 * p);
}
