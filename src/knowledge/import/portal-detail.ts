import type { ChannelModeT } from '../types.js';
import { timeStatementIn, UNIT } from './durations.js';

/**
 * What one national-portal record says about a procedure, parsed but not yet put in plain words.
 * Set A (JSON) flattens the portal's tables into strings without separators; set B (Markdown)
 * keeps real tables. Both parsers produce this shape, so the entry builder does not care which.
 */
export interface ParsedChannel {
  mode: ChannelModeT;
  /** Processing time as stated, with its unit ("5 Ngày làm việc"); absent when the record gives none. */
  duration?: string;
  /** The record's fee cell (amount and its note), absent when the record says nothing. */
  feeText?: string;
  feeVnd: number[];
  free?: boolean;
  /** Free text of the channel's description cell. */
  description?: string;
  /** A time cell with a number but no unit ("1", "20"): the unit must come from elsewhere in the record. */
  bareTime?: string;
}

export interface ParsedDocument {
  name: string;
  original?: number;
  copy?: number;
  form?: string;
  /** The case heading the document is listed under ("Đối với trường hợp …"). */
  group?: string;
}

export interface PortalDetail {
  set: 'a' | 'b';
  code: string;
  /** Code printed on the crawled page itself (set A raw_text), when it differs the page is another procedure. */
  pageCode?: string;
  title?: string;
  decision?: string;
  level?: string;
  field?: string;
  agency?: string;
  authority?: string;
  channels: ParsedChannel[];
  documents: ParsedDocument[];
  /** Rows of the documents table that name no paper (counts 0/0): notes and case headings. */
  documentNotes: string[];
  /** Papers of a set-B page whose documents table was flattened into one line (no Markdown table). */
  looseDocuments?: ParsedDocument[];
  steps: string[];
  conditions?: string;
  result?: string;
  legal: string[];
  url?: string;
  /** All of the record's text, for the "every number is in the source" check. */
  sourceText: string;
}

const NONE = /^(không có thông tin|không có|không|n\/a|-|)$/i;
const clean = (s: string | undefined) => (s ?? '').replace(/\u00a0|\u200e|\u200b/g, ' ').replace(/[ \t]+/g, ' ').trim();
const known = (s: string | undefined) => {
  const c = clean(s).replace(/\.$/, '');
  return NONE.test(c) ? undefined : c;
};

export const CHANNEL_WORDS: Record<string, ChannelModeT> = { 'Trực tiếp': 'in_person', 'Trực tuyến': 'online', 'Dịch vụ bưu chính': 'post' };

/** Time cells that state something other than a time; the plain words say what the record says. */
const TIME_STATEMENTS: Record<string, string> = {
  'Không phải trả kết quả cho người nộp thuế': 'Không phải chờ: cơ quan thuế không trả kết quả',
  'Không quy định': 'Không quy định thời hạn',
};

/** Amounts in đồng a fee text states: "2,000,000", "2.000.000", "15000000", "50.000đ". */
export function amountsIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/(?<![\d/.,])(\d{1,3}(?:[.,]\d{3})+|\d{4,})(?![\d/])(?:[.,]00(?!\d))?/g)) {
    const n = Number((m[1] ?? '').replace(/[.,]/g, ''));
    // Years and decree numbers are not fees: keep only amounts shown with a money word nearby.
    const around = text.slice(m.index ?? 0, (m.index ?? 0) + m[0].length + 25).toLowerCase();
    const before = text.slice(Math.max(0, (m.index ?? 0) - 30), m.index).toLowerCase();
    const money = /đồng|vnđ|vnd|đ\b|đ\/|\/(lần|hồ sơ|giấy|bản|trang|thẻ|xe|người|loại|đơn)|triệu/.test(around) || /(phí|lệ phí|mức thu|thu)\s*:?\s*$/.test(before);
    if (n >= 1000 && money && !out.includes(n)) out.push(n);
  }
  return out;
}

/** "(…(…)…)" at the start of s → [inner, rest]; unbalanced → everything is inner. */
function leadingParen(s: string): [string, string] {
  if (!s.startsWith('(')) return ['', s];
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return [s.slice(1, i), s.slice(i + 1)];
  }
  return [s.slice(1), ''];
}

const FREE_NOTE = /^(không|không có|không quy định|miễn phí|không thu|không có thông tin|theo quy định( của pháp luật)?)\.?$/i;

/** One channel cell group of set A: "20 Ngày làm việcMiễn phí(…)Mô tả…". */
export function parseChannelCells(mode: ChannelModeT, cells: string): ParsedChannel {
  const ch: ParsedChannel = { mode, feeVnd: [] };
  let rest = cells;
  // "120 VNĐ(20.000 vnđ/tờ khai)": the time placeholder "1" glued to the fee "20 VNĐ".
  const glued = /^1(?=\d[\d.,]*\s*(?:Việt Nam Đồng|VNĐ|Đồng|đồng))/.test(rest);
  if (glued) rest = rest.slice(1);
  const t = glued ? null : new RegExp(`^(\\d+(?:[.,]\\d+)?)\\s*(${UNIT})?`).exec(rest);
  const [, num = '', unit] = t ?? [];
  if (glued) ch.bareTime = '1';
  if (t) {
    rest = rest.slice(t[0].length);
    if (unit) ch.duration = `${num.replace(',', '.')} ${unit.toLowerCase()}`;
  } else if (rest.startsWith(',')) rest = rest.slice(1);
  else if (/^Không có thông tin(?=\s*(?:Miễn phí|Không có thông tin|[\d.,]+\s*(?:Việt Nam Đồng|VNĐ|Đồng|đồng)|Phí\s*:|Lệ phí\s*:))/.test(rest)) rest = rest.slice('Không có thông tin'.length);
  if (t && !unit) ch.bareTime = num;
  const stated = /^(Không phải trả kết quả cho người nộp thuế|Không quy định)/.exec(rest);
  if (!t && stated) {
    ch.duration = TIME_STATEMENTS[stated[0]];
    rest = rest.slice(stated[0].length);
  }
  let fee = '';
  let note = '';
  rest = rest.replace(/^\s*(?:Đồng|VNĐ)\s*(?=\()/, '');
  const head = /^(Miễn phí|Không có thông tin|Phí\s*:\s*[\d.,]*\s*Đồng|Lệ phí\s*:\s*[\d.,]*\s*Đồng|[\d.,]+\s*(?:Việt Nam Đồng|VNĐ|Đồng|đồng))/.exec(rest);
  if (head) {
    fee = head[0];
    rest = rest.slice(head[0].length);
    [note, rest] = leadingParen(rest);
  }
  note = clean(note);
  if (fee === 'Miễn phí') {
    if (!note || FREE_NOTE.test(note)) ch.free = true;
    else if (!amountsIn(note).length && /đến hết/iu.test(note)) (ch.free = true), (ch.feeText = note);
    else ch.feeText = note;
  } else if (fee && fee !== 'Không có thông tin') {
    ch.feeText = clean(note ? `${fee} (${note})` : fee);
  } else if (note) ch.feeText = note;
  // A glued amount ("20 VNĐ", "20,000 VNĐ") is not read: the fee is the note's own amount in đồng
  // ("20.000 vnđ /tờ khai"), else the fee is unknown.
  if (glued) {
    if (amountsIn(note).length) ch.feeText = note;
    else delete ch.feeText;
  }
  if (ch.feeText) ch.feeVnd = amountsIn(ch.feeText);
  const desc = known(rest);
  if (desc) ch.description = desc;
  if (!ch.duration && t && !unit && desc) {
    // A bare number with no unit: the description often says "N ngày làm việc"; use it only then.
    const descUnit = new RegExp(`(?<![\\d.,])${num}\\s*(${UNIT})`).exec(desc)?.[1];
    if (descUnit) ch.duration = `${num} ${descUnit.toLowerCase()}`;
  }
  if (!ch.duration && desc) {
    const said = timeStatementIn(desc);
    if (said) ch.duration = said;
  }
  return ch;
}

/** Set A `cach_thuc_thuc_hien`: 'Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1Miễn phíDịch vụ bưu chính…'. */
export function parseChannelsA(text: string): ParsedChannel[] {
  const body = clean(text).replace(/^Hình thức nộp\s*Thời gian\s*Phí, lệ phí\s*Mô tả/, '');
  const re = /(Trực tiếp|Trực tuyến|Dịch vụ bưu chính)(?=\s*(?:\d|,|Miễn phí|Không có thông tin|Phí\s*:|Lệ phí\s*:|$))/g;
  const marks = [...body.matchAll(re)];
  const out: ParsedChannel[] = [];
  marks.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = marks[i + 1]?.index ?? body.length;
    const mode = CHANNEL_WORDS[m[1] ?? ''];
    if (mode && !out.some((c) => c.mode === mode)) out.push(parseChannelCells(mode, body.slice(start, end).trim()));
  });
  return out;
}

const DOC_HEADER = /Tên giấy tờ\s*Mẫu đơn, tờ khai\s*Số lượng/;
const COUNT = /(\d+)\s*bản chính(?:\s*,\s*(\d+)\s*bản sao)?|(\d+)\s*bản sao/g;
const FORM_FILE = /\.(docx?|pdf|xlsx?|rar|zip)$/i;

/**
 * Splits a glued "name + form file name" ("…Giấy chứng nhậnMẫu đơn xin cấp lại….docx"). The form is
 * the "Mẫu …" the name cites, else the file name when it reads as a form name; garbled file names
 * ("MuCT01banhnh….doc") are dropped.
 */
function splitForm(text: string): { name: string; form?: string } {
  const s = text.trim();
  const cited = /\bMẫu(?:\s+số)?\s+[0-9A-ZĐ][\w./-]*/u.exec(s)?.[0]?.replace(/[.,;]$/, '');
  if (!FORM_FILE.test(s)) return { name: s, ...(cited ? { form: cited } : {}) };
  let cut = -1;
  for (let i = s.length - 1; i > 0; i--) {
    if (/\p{Lu}/u.test(s.charAt(i)) && /[\p{Ll}0-9).;:,]/u.test(s.charAt(i - 1))) {
      cut = i;
      break;
    }
  }
  const name = cut > 0 ? s.slice(0, cut).trim() : s.replace(FORM_FILE, '');
  const file = cut > 0 ? s.slice(cut).replace(FORM_FILE, '').trim() : '';
  const readable = /\s/.test(file) && /(mẫu|tờ khai|đơn|phụ lục)/iu.test(file) ? file : undefined;
  const form = cited ?? readable;
  return { name, ...(form ? { form } : {}) };
}

/** Set A `thanh_phan_ho_so`: case headings, the header row, then items each ending in "1 bản chính,1 bản sao". */
export function parseDocumentsA(text: string): { documents: ParsedDocument[]; notes: string[] } {
  const documents: ParsedDocument[] = [];
  const notes: string[] = [];
  const chunks = clean(text).split(DOC_HEADER);
  let group = known(chunks[0]?.replace(/^[-\s]+/, ''));
  for (const chunk of chunks.slice(1)) {
    let last = 0;
    for (const m of chunk.matchAll(COUNT)) {
      const raw = chunk.slice(last, m.index).trim();
      last = (m.index ?? 0) + m[0].length;
      // "…ngày 01/01/20261 bản chính": the year and the count are glued; the count is what follows the year.
      const glued = (n: string | undefined, at: number) => (n && n.length >= 5 && /\/$/.test(chunk.slice(0, at)) ? n.slice(4) : n);
      const original = m[1] !== undefined ? Number(glued(m[1], m.index ?? 0)) : 0;
      const copy = m[2] !== undefined ? Number(m[2]) : m[3] !== undefined ? Number(glued(m[3], m.index ?? 0)) : 0;
      const { name, form } = splitForm(raw);
      const n = clean(name);
      if (!n) continue;
      if (original + copy === 0) notes.push(n);
      else documents.push({ name: n, original, copy, ...(form ? { form } : {}), ...(group ? { group } : {}) });
    }
    group = known(chunk.slice(last).replace(/^[-\s]+/, ''));
  }
  return { documents, notes };
}

/** Official step paragraphs: split at "Bước", "a)", "1.", "-" line starts; wrapped lines joined. */
export function splitSteps(text: string): string[] {
  const lines = (text ?? '').replace(/\r/g, '').split('\n');
  const paras: string[] = [];
  for (const raw of lines) {
    const line = clean(raw);
    if (!line) continue;
    const starts = /^(Bước\s*\d|[a-zđ]\)|\d+[.)]\s|[-+•*]\s*|\(\d+\)|\([ivx]+\))/i.test(line);
    if (starts || !paras.length) paras.push(line);
    else paras[paras.length - 1] += ` ${line}`;
  }
  return paras.map((p) => p.replace(/^\d+\.\s*-?\s*/, '').trim()).filter(Boolean);
}

/** "Quyết định …24/2024" rows glued together → the document numbers ("24/2024/QĐ-UBND", "60/2014/QH13"). */
export function legalCodes(text: string): string[] {
  const out: string[] = [];
  const re = /(?<![\d/])\d+[a-z.]*\d*\/(?:\d{4}\/)?(?:QH\d{2}|[A-ZĐ][A-ZĐa-z0-9]*(?:-[A-ZĐ0-9]+)+)(?!\p{Ll})/gu;
  for (const m of (text ?? '').matchAll(re)) {
    // A code glued to the next row's number ("…/NĐ-CP14/2020/…", "…/TT-BTC226"): drop the digits.
    const code = /-QH\d{2}$/.test(m[0]) ? m[0] : m[0].replace(/(-[A-ZĐ]{2,}[A-ZĐa-z]*)\d+$/u, '$1');
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

/** Set A `ket_qua_xu_ly`: "Giấy phép …Mã: KQ.G10.000272Từ khóa…" → "Giấy phép …". */
export function resultA(text: string | undefined): string | undefined {
  const [head = ''] = clean(text).split(/Từ khóa/);
  const parts = head.split(/Mã:\s*(?:KQ\.[A-Z0-9]+\.\d+|[0-9.]*[A-Z]\d+-KQ\d+)/).map((p) => clean(p).replace(/^[-–\s]+/, '').replace(/[.;]$/, '')).filter(Boolean);
  return known(parts.join('; '));
}

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v.normalize('NFC') : undefined);

export function parseRecordA(rec: Json): PortalDetail {
  const raw = str(rec.raw_text) ?? '';
  const pageCode = /Mã thủ tục\s*([0-9]+\.[0-9]+)/.exec(raw)?.[1];
  const { documents, notes } = parseDocumentsA(str(rec.thanh_phan_ho_so) ?? '');
  return {
    set: 'a',
    code: clean(str(rec.ma_thu_tuc)),
    ...(pageCode ? { pageCode } : {}),
    title: known(str(rec.ten_thu_tuc)),
    decision: known(str(rec.so_quyet_dinh)),
    level: known(str(rec.cap_thuc_hien)),
    field: known(str(rec.linh_vuc)),
    agency: known(str(rec.co_quan_thuc_hien)),
    authority: known(str(rec.co_quan_co_tham_quyen)),
    channels: parseChannelsA(str(rec.cach_thuc_thuc_hien) ?? ''),
    documents,
    documentNotes: notes,
    steps: splitSteps(str(rec.trinh_tu_thuc_hien) ?? ''),
    conditions: known(str(rec.yeu_cau_dieu_kien)),
    result: resultA(str(rec.ket_qua_xu_ly)),
    legal: legalCodes(str(rec.can_cu_phap_ly) ?? ''),
    url: known(str(rec.detail_url)),
    sourceText: Object.values(rec).filter((v): v is string => typeof v === 'string').join('\n').normalize('NFC'),
  };
}

/** Markdown table rows under a heading → arrays of cells (header and divider rows dropped). */
function tableRows(section: string): string[][] {
  const rows: string[][] = [];
  for (const line of section.split('\n')) {
    if (!/^\|.*\|\s*$/.test(line.trim())) continue;
    const cells = line.trim().slice(1, -1).split('|').map((c) => clean(c));
    if (cells.every((c) => /^-+$/.test(c)) || cells[0] === 'Tên giấy tờ' || cells[0] === 'Hình thức nộp' || cells[0] === 'Tên văn bản pháp lý') continue;
    rows.push(cells);
  }
  return rows;
}

const FLAT_HEADER = 'Tên giấy tờ Mẫu đơn, tờ khai Số lượng';
const FLAT_CASE = /^(?:\d+\.\s*)?((?:Trường hợp|Đối với)\s.+?)(?:\s*\((?:Trường hợp)?\.{3}|\.{3}|:)?$/u;

/** "1. Trường hợp đang tham gia BHXH bắt buộc… (Trường hợp..." → "Trường hợp đang tham gia BHXH bắt buộc…". */
function flatCase(text: string): string | undefined {
  const c = clean(text);
  const head = FLAT_CASE.exec(c)?.[1]?.replace(/[.,;:]+$/, '');
  // The page cut the heading ("… người bảo..."): say so rather than show a cut phrase as whole.
  return head && /\.{3}$/.test(c) ? `${head}…` : head;
}

/** Rows that are a note or a reference to other rows, not a paper. */
const FLAT_NOT_PAPER = /^(?:(?:hồ sơ|giấy tờ)\s(?:như|đối với từng)|thành phần hồ sơ|trường hợp không quy định)/iu;

/**
 * A set-B documents section flattened into one line: "… Tên giấy tờ Mẫu đơn, tờ khai Số lượng
 * a) Sổ BHXH Bản chính: 1 - Bản sao: 0 b) Quyết định … 12_HSB.docx Bản chính: 1 - Bản sao: 0".
 * Each "Bản chính: N - Bản sao: M" closes one paper; a case heading before the table header is
 * the paper's case. Text after the last count (cut off by the page) is not a paper.
 */
export function flatDocumentsB(section: string): ParsedDocument[] {
  const text = clean(section.replace(/\s*\n\s*/g, ' '));
  const out: ParsedDocument[] = [];
  let last = 0;
  let group: string | undefined;
  for (const m of text.matchAll(/Bản chính:\s*(\d+)\s*-\s*Bản sao:\s*(\d+)/gu)) {
    let seg = text.slice(last, m.index);
    last = (m.index ?? 0) + m[0].length;
    const header = seg.lastIndexOf(FLAT_HEADER);
    if (header >= 0) {
      group = flatCase(seg.slice(0, header));
      seg = seg.slice(header + FLAT_HEADER.length);
    }
    let caseOf = group;
    const inline = /^\s*(Trường hợp [^:]{3,200}):\s*(.+)$/u.exec(seg);
    if (inline?.[1] && inline[2]) (caseOf = inline[1].trim()), (seg = inline[2]);
    // The attached form file ("Mẫu TK1-TS.docx", "03_CBH.docx") is the form, not part of the name.
    const file = /\s((?:Mẫu\s+)?\S+)\.(?:docx?|pdf|xlsx?)\s*$/iu.exec(seg);
    if (file) seg = seg.slice(0, file.index);
    const name = clean(seg.replace(/^\s*(?:(?:[-+•*]+|[a-zđ]\)|\d+(?:\.\d+)*[.)]|\(\d+\))\s*)+/iu, '')).replace(/[.;,]+$/, '');
    if (name.length < 3 || FLAT_NOT_PAPER.test(name)) continue;
    out.push({ name, original: Number(m[1]), copy: Number(m[2]), ...(file?.[1] ? { form: file[1] } : {}), ...(caseOf ? { group: caseOf } : {}) });
  }
  return out;
}

function sections(md: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [, heading = '', body = ''] of md.matchAll(/^## (.+)\n([\s\S]*?)(?=^## |(?![\s\S]))/gm)) out.set(heading.trim(), body.trim());
  return out;
}

export function parseRecordB(page: string): PortalDetail {
  const md = page.normalize('NFC');
  const field = (label: string) => known(new RegExp(`^\\* \\*\\*${label}:\\*\\*\\s*(.*)$`, 'm').exec(md)?.[1]);
  const sec = sections(md);
  const channels: ParsedChannel[] = [];
  for (const [how, time, fee, desc] of tableRows(sec.get('Cách thức thực hiện') ?? '')) {
    const mode = CHANNEL_WORDS[how ?? ''];
    if (!mode || channels.some((c) => c.mode === mode)) continue;
    const ch: ParsedChannel = { mode, feeVnd: [] };
    const t = new RegExp(`^(\\d+(?:[.,]\\d+)?)\\s*(${UNIT})`).exec(time ?? '');
    const [, num = '', unit = ''] = t ?? [];
    if (t) ch.duration = `${num.replace(',', '.')} ${unit.toLowerCase()}`;
    const stated = Object.keys(TIME_STATEMENTS).find((k) => (time ?? '').startsWith(k));
    if (!t && stated) ch.duration = TIME_STATEMENTS[stated];
    const f = known(fee);
    if (f) /^miễn phí$/i.test(f) ? (ch.free = true) : ((ch.feeText = f), (ch.feeVnd = amountsIn(f)));
    const d = known(desc);
    if (d) ch.description = d;
    if (!ch.duration && d) {
      const said = timeStatementIn(d.replace(/<br\s*\/?>/gi, '\n'));
      if (said) ch.duration = said;
    }
    channels.push(ch);
  }
  const documents: ParsedDocument[] = [];
  const notes: string[] = [];
  const docSec = sec.get('Thành phần hồ sơ') ?? '';
  for (const block of docSec.split(/^### /m)) {
    const heading = clean(/^\*?\s*(.*?):?\s*$/m.exec(block.split('\n')[0] ?? '')?.[1]?.replace(/^\*\s*/, ''));
    if (/^lưu ý/i.test(heading)) {
      for (const [name] of tableRows(block)) if (name) notes.push(name);
      continue;
    }
    for (const [name, orig, copy] of tableRows(block)) {
      if (!name) continue;
      const original = Number(orig) || 0;
      const copies = Number(copy) || 0;
      if (original + copies === 0) notes.push(name);
      else documents.push({ name, original, copy: copies, ...(/xuất trình/i.test(heading) ? { group: heading } : {}) });
    }
  }
  const loose = documents.length || notes.length ? [] : flatDocumentsB(docSec);
  const steps = splitSteps((sec.get('Trình tự thực hiện') ?? '').replace(/^\s{2,}/gm, ''));
  const results = [...(sec.get('Kết quả xử lý') ?? '').matchAll(/^\*\s*(.+?)\s*(?:\(Mã:.*\))?\s*$/gm)].map((m) => clean(m[1]).replace(/[.;]$/, ''));
  const agencySec = known((sec.get('Cơ quan thực hiện') ?? '').split('\n')[0]);
  return {
    set: 'b',
    code: field('Mã thủ tục') ?? '',
    title: known(/^#\s+(.+)$/m.exec(md)?.[1]),
    decision: field('Số quyết định'),
    level: field('Cấp thực hiện'),
    field: field('Lĩnh vực'),
    agency: agencySec,
    authority: field('Cơ quan có thẩm quyền'),
    channels,
    documents,
    documentNotes: notes,
    ...(loose.length ? { looseDocuments: loose } : {}),
    steps,
    conditions: known(sec.get('Yêu cầu, điều kiện thực hiện')),
    result: known(results.filter((r) => !NONE.test(r)).join('; ')),
    legal: [...new Set(tableRows(sec.get('Căn cứ pháp lý') ?? '').flatMap((r) => legalCodes(r[1] ?? '')[0] ?? legalCodes(r[0] ?? '')[0] ?? []))],
    url: field('Nguồn fallback'),
    sourceText: md,
  };
}

/** True for a set-A JSON record of the national portal. */
export function isPortalRecordA(obj: Json): boolean {
  return typeof obj.ma_thu_tuc === 'string' && ('cach_thuc_thuc_hien' in obj || 'thanh_phan_ho_so' in obj);
}

/** True for a national-portal Markdown page (set B). */
export function isPortalPageB(md: string): boolean {
  return /^\* \*\*Mã thủ tục:\*\*/m.test(md) && /^## Cách thức thực hiện/m.test(md);
}
