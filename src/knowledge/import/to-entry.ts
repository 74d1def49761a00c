import type { Entry } from '../types.js';
import { domainFor, fold } from './domains.js';
import { levelsFrom, type LevelT } from './levels.js';
import type { CatalogueRow } from './rows.js';
import { addDetail, mergeDetails } from './detail-to-entry.js';
import { isLocalDecision, isQuangNinh, otherProvinceIn } from './province.js';
import type { ImportRules } from './rules-files.js';
import { cut, plainText } from './plain.js';

export interface ImportOptions {
  /** Prefix for the dataset reference in `sources`, e.g. `shared/data/procedures`. */
  sourceName: string;
  /** Rows are kept only when they have one of these levels (default: commune, district, province). */
  levels: LevelT[];
  /** Plain-words, reform and agency rules from knowledge/ (none: the entry keeps the catalogue fields only). */
  rules?: ImportRules;
  /** "Today" for dated facts (a fee whose end date has passed is not stated). */
  today?: Date;
}

export type RowResult = { entry: Entry } | { reason: string };

const URL_RE = /^https?:\/\/\S+$/;

/** The fields kb:import owns in a catalogue entry; everything else in a file is left as written. */
export const CATALOGUE_FIELDS = [
  'title', 'short_title', 'level', 'levels', 'agency', 'online', 'where', 'documents', 'fee', 'duration', 'duration_cases', 'channels', 'valid_until',
  'steps', 'conditions', 'result', 'official', 'legal_basis', 'border_area', 'sources',
] as const;

/** Why a row is another province's own procedure, or undefined when nothing says so. */
export function otherProvinceReason(row: CatalogueRow): string | undefined {
  const named = (what: string, text: string | undefined) => {
    const p = otherProvinceIn(text);
    return p ? `another province's own procedure: its ${what} names another province` : undefined;
  };
  const titles = [row.title, ...row.details.map((d) => d.title)];
  const agencies = [row.agency, ...row.details.flatMap((d) => [d.agency, d.authority])];
  const decisions = [row.decision, ...row.details.map((d) => d.decision)].filter((d): d is string => !!d);
  return (
    titles.map((t) => named('title', t)).find(Boolean) ??
    named('issuer', row.issuer) ??
    agencies.map((a) => named('agency', a)).find(Boolean) ??
    (decisions.some(isLocalDecision) && !isQuangNinh(row.issuer) ? "another province's own procedure: decided by a provincial People's Committee, not Quảng Ninh's" : undefined)
  );
}

/**
 * A merged catalogue row → a catalogue entry (`curated: false`), or the reason it is left out.
 * Online mode is `partial` when the source lists an online channel ("Trực tuyến") and `none` when it
 * lists channels without one: the data does not say whether the whole procedure runs online, so
 * `full` is only ever set by hand from a source. No channel data → no `online` (the URL stays in sources).
 */
export function rowToEntry(row: CatalogueRow, opts: ImportOptions): RowResult {
  if (!row.code) return { reason: 'no procedure code' };
  if (!/^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/.test(row.code)) return { reason: 'procedure code unusable as a file name' };
  if (!row.title) return { reason: row.wrongPage ? 'record page shows another procedure (wrong title); no other set has this code' : 'no title' };
  if (row.wrongPage && !row.details.length) return { reason: 'record page shows another procedure (wrong title); no other set has this code' };
  const other = otherProvinceReason(row);
  if (other) return { reason: other };
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
  if (opts.rules) {
    entry.short_title = cut(plainText(entry.title.replace(/^Thủ tục\s+/i, ''), opts.rules), 80).replace(/^./, (c) => c.toLocaleUpperCase('vi'));
    addDetail(entry, mergeDetails(row.details), opts.rules, opts.today ?? new Date());
  }
  entry.sources = [...(url ? [url] : []), ...[...new Set(row.origins)].map((o) => `${opts.sourceName}/${o}`)];
  return { entry };
}
