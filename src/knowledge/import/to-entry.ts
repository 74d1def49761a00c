import type { Entry } from '../types.js';
import { domainFor, fold } from './domains.js';
import { levelsFrom, type LevelT } from './levels.js';
import type { CatalogueRow } from './rows.js';

export interface ImportOptions {
  /** Prefix for the dataset reference in `sources`, e.g. `shared/data/procedures`. */
  sourceName: string;
  /** Rows are kept only when they have one of these levels (default: commune, district, province). */
  levels: LevelT[];
}

export type RowResult = { entry: Entry } | { reason: string };

const URL_RE = /^https?:\/\/\S+$/;

/** The fields kb:import owns in a catalogue entry; everything else in a file is left as written. */
export const CATALOGUE_FIELDS = ['title', 'level', 'levels', 'agency', 'online', 'sources'] as const;

/**
 * A merged catalogue row → a catalogue entry (`curated: false`), or the reason it is left out.
 * Online mode is `partial` when the source lists an online channel ("Trực tuyến") and `none` when it
 * lists channels without one: the data does not say whether the whole procedure runs online, so
 * `full` is only ever set by hand from a source. No channel data → no `online` (the URL stays in sources).
 */
export function rowToEntry(row: CatalogueRow, opts: ImportOptions): RowResult {
  if (!row.code) return { reason: 'no procedure code' };
  if (!/^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/.test(row.code)) return { reason: 'procedure code unusable as a file name' };
  if (!row.title) return { reason: 'no title' };
  const levels = levelsFrom(row.level);
  if (!levels.length) return { reason: 'no level (Cấp thực hiện) in the data' };
  if (!levels.some((l) => opts.levels.includes(l))) return { reason: `level not imported: ${levels.join(', ')}` };
  const url = row.url && URL_RE.test(row.url) ? row.url : undefined;
  const entry: Entry = {
    id: row.code,
    kind: 'procedure',
    curated: false,
    title: row.title.replace(/\.$/, ''),
    domain: domainFor(row.domain),
    level: levels[0],
    levels,
  };
  if (row.agency) entry.agency = row.agency.replace(/\.$/, '');
  if (row.online !== undefined) {
    entry.online = { mode: /truc tuyen/.test(fold(row.online)) ? 'partial' : 'none', ...(url ? { url } : {}) };
  }
  entry.sources = [...(url ? [url] : []), ...[...new Set(row.origins)].map((o) => `${opts.sourceName}/${o}`)];
  return { entry };
}
