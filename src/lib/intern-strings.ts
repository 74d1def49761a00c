/** Shorter strings cost more to look up than they save. */
const MIN_LENGTH = 12;

/**
 * Makes equal strings inside `root` one string: walks plain objects, arrays and Map values
 * (each object once) and replaces every string value by the first equal one seen. Knowledge read
 * from YAML or from the v8 snapshot holds each agency name, address and fee line once per entry
 * that mentions it (~10 MB for the full catalogue); after this they are shared. Keys (object keys,
 * Map keys, Set members) and short strings (MIN_LENGTH) are left alone. Returns how many strings
 * were replaced.
 */
export function internStrings(root: unknown, pool = new Map<string, string>()): number {
  const seen = new Set<object>();
  const stack: object[] = [];
  let replaced = 0;
  const one = (v: string): string => {
    if (v.length < MIN_LENGTH) return v;
    const known = pool.get(v);
    if (known === undefined) {
      pool.set(v, v);
      return v;
    }
    replaced += 1;
    return known;
  };
  const push = (v: unknown) => {
    if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v) && !seen.has(v)) {
      seen.add(v);
      stack.push(v);
    }
  };
  push(root);
  while (stack.length) {
    const o = stack.pop()!;
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) {
        const v: unknown = o[i];
        if (typeof v === 'string') o[i] = one(v);
        else push(v);
      }
    } else if (o instanceof Map) {
      for (const [k, v] of o) {
        if (typeof v === 'string') o.set(k, one(v));
        else push(v);
      }
    } else if (o instanceof Set) {
      for (const v of o) push(v);
    } else {
      const rec = o as Record<string, unknown>;
      for (const k of Object.keys(rec)) {
        const v = rec[k];
        if (typeof v === 'string') rec[k] = one(v);
        else push(v);
      }
    }
  }
  return replaced;
}
