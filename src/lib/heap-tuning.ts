import v8 from 'node:v8';
import { ConfigError } from '../config.js';

/**
 * How much V8 lets the old generation grow past what survived the last full collection before it
 * collects again, in percent. V8's own factor (up to 4× the live data when allocation is fast)
 * let a busy bot with ~100 MB of live data sit at 300+ MB of heap that was mostly garbage; a
 * fixed, modest factor keeps the heap near its live size at the cost of more frequent
 * (concurrent) full collections. This is not a cap: the heap still grows as live data grows.
 * `HEAP_GROWING_PERCENT=0` leaves V8's default.
 */
export const DEFAULT_HEAP_GROWING_PERCENT = 30;

export function tuneHeap(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.HEAP_GROWING_PERCENT;
  const percent = raw === undefined || raw === '' ? DEFAULT_HEAP_GROWING_PERCENT : Number(raw);
  if (!Number.isInteger(percent) || percent < 0) throw new ConfigError('HEAP_GROWING_PERCENT', `must be a whole number ≥ 0, got "${raw}"`);
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
