import type { Scored } from './score.js';

/**
 * Logistic calibration of the raw score into "the chance this candidate is what the user meant".
 * Fitted on tests/eval/dev.jsonl with `npm run eval -- --questions tests/eval/dev.jsonl --calibrate`
 * (features: score, lead over the next candidate, question coverage); refit after large KB changes.
 */
export const CALIBRATION = { bias: -4.62, score: 14.82, lead: 10.12, coverage: -1.98 };

/** Features of a ranked candidate that the calibration reads. */
export function features(ranked: Scored[], i: number): [number, number, number] {
  const c = ranked[i]!;
  const other = i === 0 ? ranked[1] : ranked[0];
  const lead = i === 0 ? c.score - (other?.score ?? 0) : 0;
  return [c.score, lead, c.questionCoverage];
}

/**
 * Scores this close are a tie: "bằng lái xe" fits "cấp", "đổi" and "cấp lại" almost equally, and
 * the honest answer is to ask. The candidate's share of exp(score / TIE_SCALE) among the top five
 * multiplies the fitted probability.
 */
export const TIE_SCALE = 0.03;

/** The candidate's share of the top candidates, softmax over scores. */
export function tieShare(ranked: Scored[], i: number): number {
  let sum = 0;
  const top = ranked.slice(0, 5);
  for (const c of top) sum += Math.exp((c.score - top[0]!.score) / TIE_SCALE);
  return Math.exp((ranked[i]!.score - top[0]!.score) / TIE_SCALE) / sum;
}

/** Fitted probability that the i-th candidate is right, before the tie share. */
export function fittedProbability(ranked: Scored[], i: number, cal = CALIBRATION): number {
  const [score, lead, coverage] = features(ranked, i);
  return 1 / (1 + Math.exp(-(cal.bias + cal.score * score + cal.lead * lead + cal.coverage * coverage)));
}

/** Calibrated confidence in [0, 1] for the i-th ranked candidate. */
export function confidenceOf(ranked: Scored[], i: number, cal = CALIBRATION): number {
  return fittedProbability(ranked, i, cal) * tieShare(ranked, i);
}
