import YAML from 'yaml';
import { CHANNEL_MODES, Entry, MAX_STEP_CHARS } from '../knowledge/types.js';
import { ICONS } from '../replies/icons.js';

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

/** What the check needs to know beyond the text: the entries that exist (for `related`) and where this one's file is. */
export interface FormContext {
  titles?: ReadonlyMap<string, string>;
  file?: string;
  /** Today's date (YYYY-MM-DD) written by "Tôi đã kiểm tra với nguồn". */
  today?: string;
}

const LANG_NAMES: Record<string, string> = { tay: 'Tày', dao: 'Dao', en: 'Anh', 'dao-iumien': 'Dao Iu Mien', 'dao-kimmun': 'Dao Kim Mun' };

interface TranslationIn { steps?: { text: string; icon: string }[]; glossary?: { term: string; meaning: string }[]; examples?: string[] }

/** A translation's steps (short, with a known icon) and glossary rows (both boxes filled, each word once). */
function checkTranslationLists(lang: string, o: TranslationIn, out: FormProblem[]): TranslationIn {
  const name = `tiếng ${LANG_NAMES[lang] ?? lang}`;
  const next = { ...o };
  if (o.steps) {
    next.steps = o.steps.map((s) => ({ text: s.text.trim(), icon: s.icon })).filter((s) => s.text);
    next.steps.forEach((s, i) => {
      if (s.text.length > MAX_STEP_CHARS) out.push({ field: `${lang}.steps[${i}].text`, reason: `Bước ${i + 1} (${name}) dài ${s.text.length} ký tự: mỗi bước tối đa ${MAX_STEP_CHARS} ký tự để đọc vừa màn hình điện thoại; tách thành hai bước.` });
      if (!(s.icon in ICONS)) out.push({ field: `${lang}.steps[${i}].icon`, reason: `Bước ${i + 1} (${name}): biểu tượng "${s.icon}" không có; chọn trong danh sách.` });
    });
  }
  if (o.glossary) {
    const seen = new Set<string>();
    next.glossary = o.glossary.map((g) => ({ term: g.term.trim(), meaning: g.meaning.trim() })).filter((g) => g.term || g.meaning);
    next.glossary.forEach((g, i) => {
      if (!g.term || !g.meaning) out.push({ field: `${lang}.glossary`, reason: `Từ vựng (${name}), dòng ${i + 1}: ghi cả từ tiếng Việt và lời giải thích.` });
      else if (seen.has(g.term)) out.push({ field: `${lang}.glossary`, reason: `Từ vựng (${name}): từ "${g.term}" ghi hai lần; mỗi từ một dòng.` });
      seen.add(g.term);
    });
  }
  if (o.examples) next.examples = o.examples.map((e) => e.trim()).filter(Boolean);
  return next;
}

/** `related` names entries by their id: each must exist, not be this entry, and be listed once. */
function checkRelated(ids: string[], text: string, titles: ReadonlyMap<string, string> | undefined, out: FormProblem[]): string[] {
  let self: unknown;
  try {
    self = (YAML.parse(text) as { id?: unknown } | null)?.id;
  } catch {
    // the route refuses unparsable text before this
  }
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    const field = `related[${i}]`;
    if (id === String(self)) out.push({ field, reason: 'Không thể liên kết một thủ tục với chính nó.' });
    else if (titles && !titles.has(id)) out.push({ field, reason: `Không có thủ tục mã "${id}": chọn thủ tục trong danh sách tìm kiếm.` });
    else if (seen.has(id)) out.push({ field, reason: `Thủ tục "${titles?.get(id) ?? id}" đã có trong danh sách liên quan.` });
    seen.add(id);
  });
  return ids;
}

/** Checks the form fields and returns them normalised, or the problems (nothing is patched then). */
export function checkFormFields(fields: Record<string, unknown>, text: string, ctx: FormContext = {}): { fields: Record<string, unknown>; problems: FormProblem[] } {
  const out: FormProblem[] = [];
  const next: Record<string, unknown> = { ...fields };
  if (fields.translations && typeof fields.translations === 'object') {
    next.translations = Object.fromEntries(Object.entries(fields.translations as Record<string, TranslationIn>).map(([lang, o]) => [lang, checkTranslationLists(lang, o, out)]));
  }
  if (Array.isArray(fields.related)) next.related = checkRelated(fields.related as string[], text, ctx.titles, out);
  if (typeof fields.domain === 'string') {
    const folder = /^procedures\/([^/]+)\//.exec(ctx.file ?? '')?.[1];
    if (folder && folder !== fields.domain) out.push({ field: 'domain', reason: `Thủ tục này lưu trong thư mục lĩnh vực procedures/${folder}/: đổi lĩnh vực cần chuyển tệp sang thư mục procedures/${fields.domain}/, việc này nhờ người quản trị kỹ thuật làm.` });
  }
  if (typeof fields.updated === 'string' && fields.updated.trim()) {
    const day = parseDay(fields.updated);
    if (day) next.updated = day;
    else out.push(dayProblem('updated', fields.updated));
  } else if (typeof fields.updated === 'string') next.updated = '';
  if (fields.reviewed === true) {
    next.reviewed = ctx.today ?? new Date().toISOString().slice(0, 10);
    let sources: unknown;
    try {
      sources = (YAML.parse(text) as { sources?: unknown } | null)?.sources;
    } catch {
      // refused by the route before this
    }
    if (!Array.isArray(sources) || !sources.length) out.push({ field: 'reviewed', reason: 'Mục này chưa ghi nguồn nào: ghi nguồn trước, rồi mới xác nhận đã kiểm tra với nguồn.' });
  }
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
