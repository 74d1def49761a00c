import path from 'node:path';
import type { Entry } from '../types.js';
import { applyEntry, indexEntryFiles } from './apply.js';
import type { LevelT } from './levels.js';
import { readCatalogue } from './read-sources.js';
import { mergeRows, toRow, type CatalogueRow, type RowField } from './rows.js';
import { rowToEntry } from './to-entry.js';
import { loadImportRules } from './rules-files.js';
import { distinguishDuplicates } from './duplicates.js';
import { plainText } from './plain.js';
import { pruneDropped } from './prune.js';
import { today } from '../dated.js';

export interface ImportRequest {
  knowledgeDir: string;
  inputs: string[];
  /** Files whose rows only fill fields of codes found in `inputs` (e.g. a names/URL list). */
  enrich: string[];
  columns: Map<string, RowField>;
  sourceName?: string;
  levels: LevelT[];
  dryRun?: boolean;
  /** "Today" for dated facts; default: KB_TODAY or the real date. */
  today?: Date;
  /** Remove catalogue entries from these inputs that the import no longer produces (default true). */
  prune?: boolean;
  progress?: { start(total: number, label: string): void; tick(done: number): void; stop(): void };
}

export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** catalogue entry files removed because their record is now skipped (e.g. another province's) */
  removed: number;
  /** reason → codes (or origins when there is no code) */
  reasons: Map<string, string[]>;
  /** rows kept, by level they carry */
  byLevel: Record<string, number>;
}

async function readRows(input: string, columns: Map<string, RowField>, req: ImportRequest, summary: ImportSummary): Promise<CatalogueRow[]> {
  req.progress?.start(0, `read ${path.basename(input)}`);
  const { records, errors } = await readCatalogue(input, (done, total) => {
    if (done === 1) req.progress?.start(total, `read ${path.basename(input)}`);
    req.progress?.tick(done);
  });
  req.progress?.stop();
  for (const e of errors) reject(summary, 'file unreadable', e);
  return records.map((r) => toRow(r, columns));
}

function reject(summary: ImportSummary, reason: string, what: string): void {
  summary.rejected++;
  const list = summary.reasons.get(reason) ?? [];
  list.push(what);
  summary.reasons.set(reason, list);
}

/** Reads, maps, merges and writes a catalogue import; returns what happened to each row. */
export async function runImport(req: ImportRequest): Promise<ImportSummary> {
  const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0, rejected: 0, removed: 0, reasons: new Map(), byLevel: {} };
  const merged = new Map<string, CatalogueRow>();
  for (const input of req.inputs) {
    const rows = await readRows(input, req.columns, req, summary);
    for (const r of rows) if (!r.code) reject(summary, 'no procedure code', r.origins[0] ?? '(no origin)');
    mergeRows(rows, merged);
  }
  for (const input of req.enrich) mergeRows(await readRows(input, req.columns, req, summary), merged, false);
  const sourceName = req.sourceName ?? path.basename(path.dirname(path.resolve(req.inputs[0] ?? '.')));
  const index = await indexEntryFiles(req.knowledgeDir);
  const rows = [...merged.values()].sort((a, b) => String(a.code).localeCompare(String(b.code)));
  const rules = loadImportRules(req.knowledgeDir);
  const entries: Entry[] = [];
  for (const row of rows) {
    try {
      const result = rowToEntry(row, { sourceName, levels: req.levels, rules, today: req.today ?? today() });
      if ('reason' in result) reject(summary, result.reason, String(row.code));
      else entries.push(result.entry);
    } catch (err) {
      reject(summary, `record unusable: ${(err as Error).message.split('\n')[0]}`, String(row.code));
    }
  }
  distinguishDuplicates(entries, (t) => plainText(t, rules));
  req.progress?.start(entries.length, 'write entries');
  for (const [i, entry] of entries.entries()) {
    await write(req, index, entry, summary);
    req.progress?.tick(i + 1);
  }
  req.progress?.stop();
  if (req.prune !== false) {
    const datasets = req.inputs.map((input) => `${sourceName}/${path.basename(path.resolve(input))}`);
    summary.removed = await pruneDropped(req.knowledgeDir, index, new Set(entries.map((e) => e.id)), datasets, req.dryRun);
  }
  return summary;
}

async function write(req: ImportRequest, index: Map<string, string>, entry: Entry, summary: ImportSummary): Promise<void> {
  try {
    const outcome = await applyEntry(req.knowledgeDir, index, entry, req.dryRun);
    if (outcome.status === 'rejected') return reject(summary, outcome.reason, entry.id);
    summary[outcome.status]++;
    for (const l of entry.levels ?? []) summary.byLevel[l] = (summary.byLevel[l] ?? 0) + 1;
  } catch (err) {
    reject(summary, `write failed: ${(err as Error).message}`, entry.id);
  }
}
