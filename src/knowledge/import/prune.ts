import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * Removes catalogue entries (`curated: false`) built from these datasets that this import no longer
 * produces (their record is now skipped, e.g. another province's own procedure). Curated entries and
 * entries from other sources are never touched. Returns how many files were (or would be) removed.
 */
export async function pruneDropped(root: string, index: Map<string, string>, kept: Set<string>, datasets: string[], dryRun = false): Promise<number> {
  let removed = 0;
  for (const [id, rel] of index) {
    if (kept.has(id) || !rel.startsWith('procedures/')) continue;
    const full = path.join(root, rel);
    let doc: { curated?: unknown; sources?: unknown } | undefined;
    try {
      doc = parse(await fs.readFile(full, 'utf8')) as typeof doc;
    } catch {
      continue;
    }
    if (doc?.curated !== false || !Array.isArray(doc.sources)) continue;
    const fromDatasets = doc.sources.some((s) => datasets.some((d) => String(s).startsWith(`${d}/`)));
    if (!fromDatasets) continue;
    removed++;
    if (!dryRun) {
      await fs.rm(full);
      index.delete(id);
    }
  }
  return removed;
}
