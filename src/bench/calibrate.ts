import { CALIBRATION, features, tieShare } from '../nlu/confidence.js';
import type { IndexedMatcher } from '../nlu/matcher.js';
import type { Question } from './questions.js';

type Weights = typeof CALIBRATION;

/**
 * Fits the logistic calibration of src/nlu/confidence.ts on labelled questions: the target is
 * "the first candidate is the expected entry" (0 for out-of-scope questions). Plain gradient
 * descent on the log loss of (fitted probability × tie share); four parameters do not need more.
 */
export function fitCalibration(questions: Question[], matcher: IndexedMatcher): { weights: Weights; loss: number; n: number } {
  const rows: { x: number[]; y: number; share: number }[] = [];
  for (const q of questions) {
    if (!q.expect) continue;
    const ranked = matcher.rank(q.text);
    if (!ranked.length) continue;
    const top = matcher.index.entries[ranked[0]!.id]!.entry.id;
    rows.push({ x: features(ranked, 0), y: q.expect !== 'none' && top === q.expect ? 1 : 0, share: tieShare(ranked, 0) });
  }
  const w = [CALIBRATION.bias, CALIBRATION.score, CALIBRATION.lead, CALIBRATION.coverage];
  const rate = 0.5;
  let loss = 0;
  for (let it = 0; it < 4000; it++) {
    const grad = [0, 0, 0, 0];
    loss = 0;
    for (const { x, y, share } of rows) {
      const z = w[0]! + w[1]! * x[0]! + w[2]! * x[1]! + w[3]! * x[2]!;
      const s = 1 / (1 + Math.exp(-z));
      // confidence = s × share: gradient of the log loss of that product with respect to z.
      const p = s * share;
      loss -= y * Math.log(p + 1e-12) + (1 - y) * Math.log(1 - p + 1e-12);
      const e = y ? -(1 - s) : (p * (1 - s)) / (1 - p + 1e-12);
      grad[0]! += e;
      for (let k = 0; k < 3; k++) grad[k + 1]! += e * x[k]!;
    }
    for (let k = 0; k < 4; k++) w[k]! -= (rate * grad[k]!) / rows.length;
  }
  const r = (x: number) => Math.round(x * 100) / 100;
  return { weights: { bias: r(w[0]!), score: r(w[1]!), lead: r(w[2]!), coverage: r(w[3]!) }, loss: loss / rows.length, n: rows.length };
}
