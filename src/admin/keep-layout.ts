import { isDeepStrictEqual } from 'node:util';
import YAML from 'yaml';

const MAX_CELLS = 4_000_000;

/**
 * The serializer writes one list indentation for the whole file, but entry files mix both
 * ("key:\n- item" at the top, "  examples:\n    - item" inside language blocks). Lines the edit
 * did not touch get their original text back (matched by content, ignoring indentation), so the
 * diff shows only the edited field. The result is used only when it parses to the same data.
 */
export function keepLayout(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length * b.length > MAX_CELLS) return after;
  const key = (l: string) => l.trimStart();
  const n = a.length;
  const m = b.length;
  const ka = a.map(key);
  const kb = b.map(key);
  // Longest-common-suffix lengths, row-major (n + 1) × (m + 1); cells past either end are 0.
  const table = new Uint32Array((n + 1) * (m + 1));
  const cell = (i: number, j: number): number => table[i * (m + 1) + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] = ka[i] === kb[j] ? cell(i + 1, j + 1) + 1 : Math.max(cell(i + 1, j), cell(i, j + 1));
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  for (let theirs = b[j]; theirs !== undefined; theirs = b[j]) {
    const mine = a[i];
    if (mine !== undefined && ka[i] === kb[j]) {
      out.push(mine);
      i++;
      j++;
    } else if (i < n && cell(i + 1, j) >= cell(i, j + 1)) i++;
    else {
      out.push(theirs);
      j++;
    }
  }
  const merged = out.join('\n');
  try {
    return isDeepStrictEqual(YAML.parse(merged), YAML.parse(after)) ? merged : after;
  } catch {
    return after;
  }
}
