import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isPortalPageB, isPortalRecordA, parseRecordA, parseRecordB, type PortalDetail } from './portal-detail.js';

/** One source record as found: field label → text, plus where it came from. */
export interface RawRecord {
  fields: Record<string, string>;
  /** Dataset path (and row for tables), relative to the input's parent folder. */
  origin: string;
  /** Everything the national-portal record says (documents, channels, steps…), when it is one. */
  detail?: PortalDetail;
}

/** Minimal RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, BOM stripped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(cell), rows.push(row), (row = []), (cell = '');
    } else cell += ch;
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row);
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

function csvRecords(text: string, origin: string): RawRecord[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((r, i) => ({ fields: Object.fromEntries(header.map((h, j) => [h.trim(), r[j] ?? ''])), origin: `${origin}#row${i + 2}` }));
}

function stringFields(obj: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
  return out;
}

function jsonRecords(text: string, origin: string): RawRecord[] {
  const data = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  const list = Array.isArray(data) ? data : Array.isArray((data as { records?: unknown[] })?.records) ? (data as { records: unknown[] }).records : [data];
  const many = list.length > 1;
  return list
    .filter((x): x is Record<string, unknown> => !!x && typeof x === 'object')
    .map((x, i) => {
      const rec: RawRecord = { fields: stringFields(x), origin: many ? `${origin}#${i}` : origin };
      if (isPortalRecordA(x)) {
        rec.detail = parseRecordA(x);
        // The crawled page shows another procedure: its title and facts are not this code's.
        if (rec.detail.pageCode && rec.detail.pageCode !== rec.detail.code) rec.fields = { ma_thu_tuc: rec.detail.code, wrong_page: rec.detail.pageCode };
      }
      return rec;
    });
}

/** National-portal Markdown page: `* **Label:** value` lines, `# title`, and `## Section` bodies. */
export function portalMarkdownRecord(text: string, origin: string): RawRecord {
  const fields: Record<string, string> = {};
  const title = /^#\s+(.+)$/m.exec(text)?.[1];
  if (title) fields['Tên thủ tục'] = title.trim();
  for (const [, label = '', value = ''] of text.matchAll(/^\* \*\*([^*]+?):\*\*\s*(.*)$/gm)) fields[label.trim()] ??= value.trim();
  for (const [, heading = '', body = ''] of text.matchAll(/^## (.+)\n([\s\S]*?)(?=^## |(?![\s\S]))/gm)) fields[`## ${heading.trim()}`] = body.trim();
  const [agency = ''] = (fields['## Cơ quan thực hiện'] ?? '').split('\n');
  if (fields['## Cơ quan thực hiện']) fields['Cơ quan thực hiện'] = agency;
  if (fields['## Cách thức thực hiện']) fields['Cách thức thực hiện'] = fields['## Cách thức thực hiện'];
  if (fields['Nguồn fallback']) fields.url = fields['Nguồn fallback'];
  return { fields, origin, ...(isPortalPageB(text) ? { detail: parseRecordB(text) } : {}) };
}

async function walk(dir: string): Promise<string[]> {
  const names = (await fs.readdir(dir, { recursive: true })) as string[];
  return names.filter((n) => /\.(json|csv|md)$/i.test(n)).map((n) => path.join(dir, n)).sort();
}

/**
 * Reads a catalogue file (CSV, JSON array / record, national-portal Markdown) or every such file
 * under a directory. Origins are relative to the input's parent folder, e.g.
 * `national-portal-a/bo-tu-phap/1.000080.json`. Unreadable files are reported, not thrown.
 */
export async function readCatalogue(input: string, onFile?: (done: number, total: number) => void): Promise<{ records: RawRecord[]; errors: string[] }> {
  const st = await fs.stat(input);
  const files = st.isDirectory() ? await walk(input) : [input];
  const base = path.dirname(path.resolve(input));
  const records: RawRecord[] = [];
  const errors: string[] = [];
  for (const [i, file] of files.entries()) {
    const origin = path.relative(base, path.resolve(file)).split(path.sep).join('/');
    try {
      // NFC: the portal mixes composed and decomposed Vietnamese letters; rules match composed text.
      const text = (await fs.readFile(file, 'utf8')).normalize('NFC');
      if (/\.csv$/i.test(file)) records.push(...csvRecords(text, origin));
      else if (/\.json$/i.test(file)) records.push(...jsonRecords(text, origin));
      else records.push(portalMarkdownRecord(text, origin));
    } catch (err) {
      errors.push(`${origin}: ${(err as Error).message.split('\n')[0]}`);
    }
    onFile?.(i + 1, files.length);
  }
  return { records, errors };
}
