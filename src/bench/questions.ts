import { promises as fs } from 'node:fs';

/** One line of an evaluation file (tests/eval/*.jsonl). */
export interface Question {
  text: string;
  /** Expected entry id, or "none" for a question the bot should not answer with a procedure. */
  expect?: string;
  lang?: string;
  /** 1-based line number, for error messages. */
  line: number;
}

/** Reads a JSONL question file; a bad line is a clear error naming the file and line. */
export async function readQuestions(file: string): Promise<Question[]> {
  const text = await fs.readFile(file, 'utf8');
  const out: Question[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('//')) return;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (err) {
      throw new Error(`${file}:${i + 1}: not valid JSON (${(err as Error).message})`);
    }
    const q = obj as Record<string, unknown>;
    if (!q || typeof q.text !== 'string') throw new Error(`${file}:${i + 1}: each line needs a "text" string`);
    if (q.expect !== undefined && typeof q.expect !== 'string') throw new Error(`${file}:${i + 1}: "expect" must be an entry id or "none"`);
    out.push({ text: q.text, expect: q.expect as string | undefined, lang: typeof q.lang === 'string' ? q.lang : undefined, line: i + 1 });
  });
  return out;
}

/** Percentile (0..100) of a list of numbers; 0 for an empty list. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Milliseconds per question: the median of `rounds` timed runs of each one. A question that is
 * slow every time stays slow; a pause caused by another process on a shared machine does not.
 */
export function timePerQuestion<T>(items: T[], run: (item: T) => void, rounds: number): number[] {
  const samples = items.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    items.forEach((item, i) => {
      const t0 = performance.now();
      run(item);
      samples[i]!.push(performance.now() - t0);
    });
  }
  return samples.map((s) => percentile(s, 50));
}
