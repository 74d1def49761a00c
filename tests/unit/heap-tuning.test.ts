import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { DEFAULT_HEAP_GROWING_PERCENT, tuneHeap } from '../../src/lib/heap-tuning.js';

describe('HEAP_GROWING_PERCENT', () => {
  it('defaults to a modest factor, accepts 0 for the V8 default, refuses nonsense with a clear error', () => {
    expect(tuneHeap({})).toBe(DEFAULT_HEAP_GROWING_PERCENT);
    expect(tuneHeap({ HEAP_GROWING_PERCENT: '0' })).toBe(0);
    // the same one-line CONFIG_INVALID as every other variable (main prints it and exits 2)
    expect(() => tuneHeap({ HEAP_GROWING_PERCENT: 'lots' })).toThrow(ConfigError);
    expect(() => tuneHeap({ HEAP_GROWING_PERCENT: 'lots' })).toThrow(/^CONFIG_INVALID: HEAP_GROWING_PERCENT must be a whole number/);
    expect(() => tuneHeap({ HEAP_GROWING_PERCENT: '-5' })).toThrow(/HEAP_GROWING_PERCENT/);
    v8.setFlagsFromString('--heap-growing-percent=0'); // back to V8's own factor for the rest of this worker
  });
});
