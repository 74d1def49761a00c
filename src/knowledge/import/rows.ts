import { fold } from './domains.js';
import type { PortalDetail } from './portal-detail.js';
import type { RawRecord } from './read-sources.js';

/** The catalogue fields kb:import understands (targets of `--map col=field`). */
export const ROW_FIELDS = ['code', 'title', 'domain', 'level', 'agency', 'url', 'online', 'decision', 'issuer'] as const;
export type RowField = (typeof ROW_FIELDS)[number];

/** A catalogue row after column mapping: one procedure, possibly merged from several records. */
export type CatalogueRow = Partial<Record<RowField, string>> & {
  origins: string[];
  /** Parsed national-portal records with this code (set A and/or set B). */
  details: PortalDetail[];
  /** Codes of records whose crawled page showed another procedure (wrong title and facts). */
  wrongPage?: string[];
};

/** Column names recognised without `--map` (folded: lowercase, no diacritics, `_` as space). */
const DEFAULT_COLUMNS: Record<RowField, string[]> = {
  code: ['ma thu tuc', 'ma so', 'code', 'id'],
  title: ['ten thu tuc', 'ten', 'title', 'name'],
  domain: ['linh vuc', 'domain', 'field'],
  level: ['cap thuc hien', 'level'],
  agency: ['co quan thuc hien', 'co quan co tham quyen', 'agency'],
  url: ['detail url', 'url', 'link'],
  online: ['cach thuc thuc hien', 'online', 'channels'],
  decision: ['so quyet dinh', 'decision'],
  issuer: ['co quan ban hanh', 'issuer'],
};

const key = (s: string) => fold(s).replace(/[_*#]/g, ' ').replace(/\s+/g, ' ').trim();

/** Parses `--map "Mã số=code,Tên=title"`; throws with the allowed field names on a bad target. */
export function parseColumnMap(spec: string | undefined): Map<string, RowField> {
  const map = new Map<string, RowField>();
  for (const part of (spec ?? '').split(',').filter((p) => p.trim())) {
    const [col, field = ''] = part.split('=').map((s) => s.trim());
    if (!col || !(ROW_FIELDS as readonly string[]).includes(field)) {
      throw new Error(`--map "${part}": expected column=field with field one of: ${ROW_FIELDS.join(', ')}`);
    }
    map.set(key(col), field as RowField);
  }
  return map;
}

const clean = (s: string) => s.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
const EMPTY = new Set(['', 'khong co thong tin', 'n/a', '-']);

/** Maps one raw record's columns onto row fields (explicit map first, then the defaults). */
export function toRow(rec: RawRecord, columns: Map<string, RowField>): CatalogueRow {
  const row: CatalogueRow = { origins: [rec.origin], details: rec.detail && !rec.fields.wrong_page ? [rec.detail] : [] };
  // A record showing another procedure's page is no source for this code.
  if (rec.fields.wrong_page) (row.wrongPage = [rec.fields.wrong_page]), (row.origins = []);
  const byKey = new Map(Object.entries(rec.fields).map(([k, v]) => [key(k), v]));
  for (const [col, field] of columns) if (byKey.has(col)) row[field] = clean(byKey.get(col) ?? '');
  for (const field of ROW_FIELDS) {
    if (row[field]) continue;
    const col = DEFAULT_COLUMNS[field].find((c) => byKey.has(c) && !EMPTY.has(fold(clean(byKey.get(c) ?? ''))));
    if (col) row[field] = clean(byKey.get(col) ?? '');
  }
  for (const field of ROW_FIELDS) if (row[field] !== undefined && EMPTY.has(fold(row[field] ?? ''))) delete row[field];
  return row;
}

/** Merges rows by code: the first non-empty value of each field wins; origins accumulate. */
export function mergeRows(rows: CatalogueRow[], into = new Map<string, CatalogueRow>(), addNew = true): Map<string, CatalogueRow> {
  for (const row of rows) {
    const code = row.code;
    if (!code) continue;
    const have = into.get(code);
    if (!have) {
      if (addNew) into.set(code, { ...row, origins: [...row.origins], details: [...row.details] });
      continue;
    }
    for (const f of ROW_FIELDS) if (!have[f] && row[f]) have[f] = row[f];
    have.origins.push(...row.origins);
    have.details.push(...row.details);
    if (row.wrongPage) have.wrongPage = [...(have.wrongPage ?? []), ...row.wrongPage];
  }
  return into;
}
