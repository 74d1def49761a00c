import { describe, expect, it } from 'vitest';
import { runFuzz } from '../../src/fuzz/run.js';

describe('fuzz: generated malformed and hostile requests at a running bot', () => {
  it('a few hundred requests over every route: no server error, no crash, no secret stored', async () => {
    const report = await runFuzz({ requests: 300, seed: Date.now() % 100_000, concurrency: 8 });
    expect(report.requests).toBe(300);
    expect(report.examples).toEqual([]);
    expect({ serverErrors: report.serverErrors, crashes: report.crashes, secretsStored: report.secretsStored }).toEqual({ serverErrors: 0, crashes: 0, secretsStored: 0 });
  }, 120_000);
});
