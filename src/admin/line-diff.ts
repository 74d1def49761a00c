/**
 * A small line diff (longest common subsequence) for the knowledge history. Entry files are a
 * few hundred lines at most; larger pairs fall back to "all removed, all added".
 */
const MAX_CELLS = 4_000_000;

/** Unified-style lines: "  same", "- removed", "+ added"; unchanged runs far from a change are cut to "…". */
export function lineDiff(before: string | null, after: string | null, context = 2): string {
  const a = before === null ? [] : before.replace(/\n$/, '').split('\n');
  const b = after === null ? [] : after.replace(/\n$/, '').split('\n');
  const ops = a.length * b.length > MAX_CELLS ? [...a.map((l) => `- ${l}`), ...b.map((l) => `+ ${l}`)] : lcsOps(a, b);
  return trimContext(ops, context).join('\n');
}

function lcsOps(a: string[], b: string[]): string[] {
  const n = a.length;
  const m = b.length;
  // Longest-common-suffix lengths, row-major (n + 1) × (m + 1); cells past either end are 0.
  const table = new Uint32Array((n + 1) * (m + 1));
  const cell = (i: number, j: number): number => table[i * (m + 1) + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] = a[i] === b[j] ? cell(i + 1, j + 1) + 1 : Math.max(cell(i + 1, j), cell(i, j + 1));
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (cell(i + 1, j) >= cell(i, j + 1)) out.push(`- ${a[i++]}`);
    else out.push(`+ ${b[j++]}`);
  }
  while (i < n) out.push(`- ${a[i++]}`);
  while (j < m) out.push(`+ ${b[j++]}`);
  return out;
}

function trimContext(ops: string[], context: number): string[] {
  const changed = ops.map((l) => !l.startsWith('  '));
  const keep = ops.map((_, i) => changed.slice(Math.max(0, i - context), i + context + 1).some(Boolean));
  const out: string[] = [];
  ops.forEach((l, i) => {
    if (keep[i]) out.push(l);
    else if (out[out.length - 1] !== '…') out.push('…');
  });
  return out;
}
