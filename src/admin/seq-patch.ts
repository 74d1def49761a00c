import { isDeepStrictEqual } from 'node:util';
import type YAML from 'yaml';
import { isMap, isNode, isSeq, type YAMLMap } from 'yaml';

/**
 * Sets a list of mappings (e.g. `documents`) in place. Each item may say which existing item it
 * was (`from`, its index when the form loaded), so a removed or moved item keeps its other keys
 * and comments. Only the `managed` keys are set or removed, and only where the value changed, so
 * the history diff shows just the change.
 */
export function patchListOfMaps(doc: YAML.Document, key: string | string[], items: (Record<string, unknown> & { from?: number })[], managed: readonly string[]): void {
  const at = typeof key === 'string' ? [key] : key;
  const node = doc.getIn(at, true);
  const before = isSeq(node) ? [...node.items] : [];
  const next = items.map(({ from, ...values }) => {
    const old = from !== undefined ? before[from] : undefined;
    const map = (isMap(old) ? old : doc.createNode({})) as YAMLMap;
    for (const field of managed) {
      const value = values[field];
      if (value === undefined || value === '') {
        if (map.has(field)) map.delete(field);
      } else {
        const current = map.get(field, true);
        const plain = isNode(current) ? current.toJSON() : current;
        if (!isDeepStrictEqual(plain, value)) map.set(field, typeof value === 'object' ? doc.createNode(value) : value);
      }
    }
    return map;
  });
  if (isSeq(node)) node.items = next;
  else doc.setIn(at, doc.createNode(next));
}
