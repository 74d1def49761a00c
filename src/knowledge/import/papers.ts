import type { ParsedDocument } from './portal-detail.js';

/** List markers the portal leaves at the start of a row: "a)", "-", "+", "1.", "(2)". */
const MARKER = /^\s*(?:[-+•*]+|[a-zđ]\)|\d+[.)]|\(\d+\))\s*/iu;

/** A row that names a paper: it starts with what the paper is ("Đơn…", "Bản sao…", "02 ảnh…"). */
const PAPER = /^(?:(?:bản gốc và )?(?:một|hai|ba) \(0?\d\)\s+|0?\d+\s+)?(?:đơn|tờ khai|tờ trình|văn bản|bản (?:sao|chính|gốc|kê|khai|chụp|thuyết minh|vẽ|đồ|cam kết)|giấy|quyết định|báo cáo|danh sách|tài liệu|chứng từ|hợp đồng|sổ|ảnh|phiếu|biên bản|chứng chỉ|thẻ|hộ chiếu|căn cước|sơ đồ|phương án|đề án|vận tải đơn|hóa đơn|hoá đơn|công văn|lý lịch|hồ sơ)\b/iu;

/**
 * Papers a record lists in its documents table without a count (every row 0 originals, 0 copies):
 * the rows that name a paper, with no count stated. Rows such as "Không quy định", "Do UBND cấp
 * tỉnh quy định" or case headings are not papers. Used only when the record counts no paper at all.
 */
export function papersFromNotes(notes: string[]): ParsedDocument[] {
  const out: ParsedDocument[] = [];
  for (const note of notes) {
    const name = note.replace(MARKER, '').trim();
    if (PAPER.test(name) && !out.some((d) => d.name === name)) out.push({ name });
  }
  return out;
}
