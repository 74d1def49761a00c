import YAML from 'yaml';
import { CHANNEL_MODES, Entry } from '../knowledge/types.js';

/**
 * Checks and normalises what a civil servant typed on the entry form, before it is patched into
 * the YAML: amounts in đồng ("7.500.000 đ" → 7500000), dates (31/12/2026 → 2026-12-31, as the
 * schema wants), https links, and that facts keep a source. Every message is in Vietnamese and
 * names the field (`channels[0].fee_vnd`), so the page can point at the box.
 */
export interface FormProblem {
  field: string;
  reason: string;
}

const MODE_NAMES: Record<string, string> = { in_person: 'Nộp trực tiếp', online: 'Nộp trực tuyến', post: 'Gửi bưu điện' };
/** Fields that state a fact about the procedure: changing one needs the entry to name a source. */
const FACT_FIELDS = ['agency', 'level', 'levels', 'where', 'documents', 'fee', 'duration', 'channels', 'valid_until', 'conditions', 'result', 'official', 'legal_basis', 'online'];
const ENTRY_FIELDS = new Set(Object.keys(Entry.properties));
const MAX_VND = 10_000_000_000;

/** "7.500.000", "7,500,000 đ", "50000 đồng" → 7500000 / 50000; null when it is not an amount in đồng. */
export function parseVnd(raw: string): number | null {
  const text = raw.trim().replace(/\s*(đồng|đ|vnđ|vnd)\.?$/i, '').trim();
  if (!/^\d{1,3}([.,\s]\d{3})*$|^\d+$/.test(text)) return null;
  const n = Number(text.replace(/[.,\s]/g, ''));
  return Number.isSafeInteger(n) && n <= MAX_VND ? n : null;
}

/** "31/12/2026", "31-12-2026" or "2026-12-31" → "2026-12-31"; null when it is not a real day. */
export function parseDay(raw: string): string | null {
  const text = raw.trim();
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [y, m, d] = vn ? [vn[3], vn[2], vn[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (!y || !m || !d) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
  return date.toISOString().slice(0, 10);
}

const dayProblem = (field: string, raw: string): FormProblem => ({ field, reason: `Ngày "${raw}" không đúng: ghi ngày/tháng/năm, ví dụ 31/12/2026.` });

interface ChannelIn { from?: number; mode: string; duration?: string; fee?: string; fee_vnd?: string | number[]; fee_free?: boolean; exemption?: string; valid_until?: string }

function checkChannels(channels: ChannelIn[], out: FormProblem[]): Record<string, unknown>[] {
  const seen = new Set<string>();
  return channels.map((c, i) => {
    const at = `channels[${i}]`;
    const name = MODE_NAMES[c.mode] ?? c.mode;
    if (!(CHANNEL_MODES as readonly string[]).includes(c.mode)) out.push({ field: `${at}.mode`, reason: `Cách nộp "${c.mode}" không có: chọn Nộp trực tiếp, Nộp trực tuyến hoặc Gửi bưu điện.` });
    else if (seen.has(c.mode)) out.push({ field: `${at}.mode`, reason: `Cách nộp "${name}" ghi hai lần: mỗi cách nộp chỉ một dòng.` });
    seen.add(c.mode);
    const typed = typeof c.fee_vnd === 'string' ? c.fee_vnd.split(/[;\n]|\s+và\s+/).map((s) => s.trim()).filter(Boolean) : (c.fee_vnd ?? []).map(String);
    const amounts: number[] = [];
    for (const raw of typed) {
      const n = parseVnd(raw);
      if (n === null) out.push({ field: `${at}.fee_vnd`, reason: `Số tiền lệ phí (${name}) "${raw}" không đúng: ghi số đồng, ví dụ 50.000 hoặc 50000; nhiều mức thì cách nhau bằng dấu chấm phẩy.` });
      else amounts.push(n);
    }
    if (c.fee_free && amounts.some((n) => n > 0)) out.push({ field: `${at}.fee_free`, reason: `${name}: đã đánh dấu "Miễn phí" nhưng lại ghi số tiền; bỏ một trong hai.` });
    let until: string | undefined;
    if (c.valid_until?.trim()) {
      until = parseDay(c.valid_until) ?? undefined;
      if (!until) out.push(dayProblem(`${at}.valid_until`, c.valid_until));
    }
    const text = (s?: string) => s?.trim() || undefined;
    return {
      ...(c.from === undefined ? {} : { from: c.from }), mode: c.mode, duration: text(c.duration), fee: text(c.fee),
      fee_vnd: amounts.length ? amounts : undefined, fee_free: c.fee_free ? true : undefined, exemption: text(c.exemption), valid_until: until,
    };
  });
}

/** Checks the form fields and returns them normalised, or the problems (nothing is patched then). */
export function checkFormFields(fields: Record<string, unknown>, text: string): { fields: Record<string, unknown>; problems: FormProblem[] } {
  const out: FormProblem[] = [];
  const next: Record<string, unknown> = { ...fields };
  if (Array.isArray(fields.channels)) next.channels = checkChannels(fields.channels as ChannelIn[], out);
  if (fields.valid_until && typeof fields.valid_until === 'object') {
    const dates: Record<string, string> = {};
    for (const [key, raw] of Object.entries(fields.valid_until as Record<string, string>)) {
      if (!ENTRY_FIELDS.has(key)) out.push({ field: `valid_until.${key}`, reason: `Không có mục "${key}" để ghi ngày hết hiệu lực.` });
      else if (!raw.trim()) dates[key] = '';
      else {
        const day = parseDay(raw);
        if (day) dates[key] = day;
        else out.push(dayProblem(`valid_until.${key}`, raw));
      }
    }
    next.valid_until = dates;
  }
  const url = (fields.online as { url?: string } | undefined)?.url?.trim();
  if (url && !/^https:\/\/[^\s/]+\.[^\s]+$/i.test(url)) out.push({ field: 'online.url', reason: `Đường dẫn "${url}" không đúng: phải bắt đầu bằng https:// (ví dụ https://dichvucong.gov.vn/…).` });
  for (const [lang, o] of Object.entries((fields.translations ?? {}) as Record<string, { source?: string }>)) {
    const source = o.source?.trim();
    if (source && /^[a-z]+:\/\//i.test(source) && !/^https:\/\//i.test(source)) out.push({ field: `${lang}.source`, reason: `Nguồn bản dịch "${source}": đường dẫn phải bắt đầu bằng https://.` });
  }
  out.push(...sourceProblems(fields, text));
  return { fields: next, problems: out };
}

/** A fact changed on the form needs the entry to keep at least one source; the form never empties it. */
function sourceProblems(fields: Record<string, unknown>, text: string): FormProblem[] {
  const facts = FACT_FIELDS.filter((f) => f in fields);
  let current: unknown[] = [];
  try {
    const parsed = YAML.parse(text) as { sources?: unknown } | null;
    if (Array.isArray(parsed?.sources)) current = parsed.sources;
  } catch {
    // the route refuses unparsable text before this
  }
  const sources = Array.isArray(fields.sources) ? (fields.sources as string[]) : current;
  if (sources.length) return [];
  if (Array.isArray(fields.sources) && current.length) return [{ field: 'sources', reason: 'Không được xoá hết nguồn: mọi thông tin của mục này phải ghi rõ lấy từ đâu.' }];
  if (facts.length) return [{ field: 'sources', reason: 'Thông tin phải có nguồn: ghi đường dẫn hoặc tên văn bản vào ô "Nguồn" (mục Liên kết) rồi sửa lại.' }];
  return [];
}
