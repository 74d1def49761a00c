import { setImmediate as nextTurn } from 'node:timers/promises';

/** Longest stretch of work between two yields to the event loop. */
export const SLICE_MS = 8;

export interface CooperativeOptions {
  sliceMs?: number;
  /** Awaited at every yield (tests pause a rebuild here to show requests are served meanwhile). */
  atYield?: () => Promise<void> | void;
}

/**
 * Runs a step generator a slice at a time, yielding to the event loop between slices, so a long
 * CPU job (rebuilding the matcher after an admin save) delays a request by one slice at most.
 */
export async function runCooperatively<T>(steps: Generator<void, T, void>, opts: CooperativeOptions = {}): Promise<T> {
  const sliceMs = opts.sliceMs ?? SLICE_MS;
  let sliceStart = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - sliceStart < sliceMs) continue;
    await nextTurn();
    await opts.atYield?.();
    sliceStart = performance.now();
  }
}
