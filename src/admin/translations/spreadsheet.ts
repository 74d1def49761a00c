import { createHash } from 'node:crypto';
import { fold } from '../../nlu/normalize.js';
import type { TranslationItem } from './queue.js';
import { placeholderProblem } from './queue.js';
import { SheetError, fromCsv, fromXlsx, sniff, toCsv, toXlsx, unneutralise, type Rows } from './sheet.js';

/** Column headers of the exported sheet (Vietnamese, for the people who fill it in). */
export const HEADERS = ['Mã', 'Loại', 'Tiếng Việt (gốc)', 'Bản dịch', 'Trạng thái', 'Người dịch', 'Lượt xem 30 ngày', 'Mã kiểm tra gốc'] as const;
const STATUS_VI = { missing: 'chưa dịch', draft: 'nháp', reviewed: 'đã duyệt' } as const;
const KIND_VI = { string: 'câu', entry: 'mục' } as const;

/** Above this the importer refuses the file with a clear message (a full queue is about 100 KB). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** A short fingerprint of the Vietnamese source, so an import notices the source changed since export. */
export const sourceHash = (source: string) => createHash('sha256').update(source).digest('hex').slice(0, 12);

export function exportRows(items: TranslationItem[]): Rows {
  return [[...HEADERS], ...items.map((i) => [i.key, KIND_VI[i.kind], i.source, i.text, STATUS_VI[i.status], i.author ?? '', String(i.views), sourceHash(i.source)])];
}

export function exportFile(items: TranslationItem[], format: 'csv' | 'xlsx', sheetName: string): Buffer {
  return format === 'csv' ? toCsv(exportRows(items)) : toXlsx(exportRows(items), sheetName);
}

export interface ImportPlan {
  /** Rows that change something: key → new text. */
  accepted: { row: number; key: string; text: string }[];
  rejected: { row: number; reason: string }[];
  /** Rows left as they were (empty translation, or the same text). */
  unchanged: number;
}

/** Reads the uploaded bytes into rows, or throws SheetError for a file we cannot read at all. */
export function readSheet(bytes: Buffer): Rows {
  if (!bytes.length) throw new SheetError('Tệp rỗng (the file is empty).');
  if (bytes.length > MAX_IMPORT_BYTES) throw new SheetError(`Tệp quá lớn: ${(bytes.length / 1048576).toFixed(1)} MB, tối đa ${MAX_IMPORT_BYTES / 1048576} MB (file too large; export one language at a time).`);
  const kind = sniff(bytes);
  if (kind === 'other') throw new SheetError('Loại tệp không đúng (wrong file type): send the .csv or .xlsx file exported from this page.');
  return kind === 'xlsx' ? fromXlsx(bytes) : fromCsv(bytes);
}

/**
 * Checks every row against the current queue. Structural problems (no header, a required column
 * missing) throw SheetError: nothing is imported. Bad rows are reported, good rows accepted.
 */
export function planImport(rows: Rows, items: TranslationItem[]): ImportPlan {
  const header = (rows[0] ?? []).map((h) => fold(h.trim()));
  const col = (name: string) => header.indexOf(fold(name));
  const [cKey, cText, cHash] = [col(HEADERS[0]), col(HEADERS[3]), col(HEADERS[7])];
  if (cKey < 0 || cText < 0 || cHash < 0) {
    throw new SheetError(`Thiếu cột (missing columns): the first row must hold "${HEADERS[0]}", "${HEADERS[3]}" and "${HEADERS[7]}" as exported. Export again and fill in "${HEADERS[3]}" only.`);
  }
  const byKey = new Map(items.map((i) => [i.key, i]));
  const plan: ImportPlan = { accepted: [], rejected: [], unchanged: 0 };
  const seen = new Set<string>();
  rows.slice(1).forEach((r, i) => {
    const row = i + 2; // spreadsheet row number, header is row 1
    const key = unneutralise((r[cKey] ?? '').trim());
    const text = unneutralise((r[cText] ?? '').trim()).normalize('NFC');
    const item = byKey.get(key);
    if (!key) return plan.rejected.push({ row, reason: `Thiếu mã (no key in column "${HEADERS[0]}")` });
    if (!item) return plan.rejected.push({ row, reason: `Mã không tồn tại: "${key}" (unknown key)` });
    if (item.formOnly) return plan.rejected.push({ row, reason: `Mã "${key}" sửa trên trang của thủ tục, không nhập từ tệp (edited on the entry form only)` });
    if (seen.has(key)) return plan.rejected.push({ row, reason: `Mã "${key}" lặp lại (the same key twice in the file)` });
    seen.add(key);
    if ((r[cHash] ?? '').trim() !== sourceHash(item.source)) return plan.rejected.push({ row, reason: `Câu gốc tiếng Việt đã đổi từ khi xuất tệp (source changed since export): now "${item.source}"` });
    if (!text || text === item.text) return void plan.unchanged++;
    const problem = placeholderProblem(item.source, text);
    if (problem) return plan.rejected.push({ row, reason: `Sai chỗ điền: ${problem}` });
    if (text.length > 2000) return plan.rejected.push({ row, reason: 'Bản dịch dài quá 2000 ký tự (too long)' });
    plan.accepted.push({ row, key, text });
  });
  return plan;
}
