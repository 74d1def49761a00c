import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/process.js';

const run = promisify(execFile);
/** The compiled CLI (dist/, built by tests/global-setup.ts): `npm run eval` runs the same code through tsx. */
const EVAL = path.join(ROOT, 'dist', 'cli', 'eval.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function questions(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('npm run eval (contract)', () => {
  it('prints one JSON object with the summary and, per question, the decision and best three candidates', async () => {
    const file = questions('q.jsonl', [
      JSON.stringify({ text: 'lam giay khai sinh cho con', expect: '1.001193' }),
      JSON.stringify({ text: 'thoi tiet ngay mai', expect: 'none' }),
      JSON.stringify({ text: 'dang ky ket hon', lang: 'vi' }),
    ]);
    const { stdout } = await run(process.execPath, [EVAL, '--questions', file, '--json'], { cwd: ROOT, maxBuffer: 10 * 2 ** 20 });
    const out = JSON.parse(stdout);
    for (const k of ['n', 'top1', 'top3', 'oosPrecision', 'oosRecall', 'clarifyRate', 'p50Ms', 'p99Ms']) expect(typeof out.summary[k]).toBe('number');
    expect(out.summary.n).toBe(3);
    expect(out.results).toHaveLength(3);
    for (const r of out.results) {
      expect(typeof r.text).toBe('string');
      expect(typeof r.decision).toBe('string');
      expect(r.top.length).toBeLessThanOrEqual(3);
      for (const c of r.top) expect(Object.keys(c).sort()).toEqual(['confidence', 'id', 'title']);
    }
    expect(out.results[0].decision).toBe('answer');
    expect(out.results[0].top[0].id).toBe('1.001193');
    expect(out.results[1].decision).toBe('smalltalk');
    expect(out.results[2].top[0].id).toBe('1.000894');
  }, 60_000);

  it('names the file and line of a broken question file', async () => {
    const file = questions('bad.jsonl', [JSON.stringify({ text: 'khai sinh' }), '{"text": ']);
    await expect(run(process.execPath, [EVAL, '--questions', file], { cwd: ROOT })).rejects.toMatchObject({ stderr: expect.stringContaining('bad.jsonl:2') });
  }, 60_000);
});

describe('npm run eval -- --conversations (contract)', () => {
  it('plays each conversation with its state and reports per-turn accuracy and wrong confident answers', async () => {
    const file = questions('c.jsonl', [
      '// comment lines are skipped',
      JSON.stringify({ id: 'a', turns: [{ text: 'lam giay khai sinh cho con', expect: 'answer', entry: '1.001193' }, { text: 'mất bao nhiêu tiền', expect: 'followup', entry: '1.001193' }] }),
      JSON.stringify({ id: 'b', turns: [{ tap: '1.000894' }, { text: 'cần giấy tờ gì', expect: 'followup', entry: '1.000894' }, { text: 'lam giay khai sinh cho con', expect: 'answer', entry: '1.000656' }] }),
    ]);
    const { stdout } = await run(process.execPath, [EVAL, '--conversations', file, '--json'], { cwd: ROOT, maxBuffer: 10 * 2 ** 20 });
    const out = JSON.parse(stdout);
    expect(out.summary).toMatchObject({ conversations: 2, turns: 4, turnsRight: 3, wrongConfident: 1 });
    expect(out.summary.turnAccuracy).toBe(0.75);
    expect(out.results[3]).toMatchObject({ conversation: 'b', decision: 'answer', entryId: '1.001193', right: false, wrongConfident: true });
  }, 60_000);
});
