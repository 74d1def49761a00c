/**
 * The processing time a national-portal record states in words, when its time cell gives none
 * (set A often carries a bare "1" placeholder). Only a time the record says is how long the office
 * takes is used; a deadline the applicant must meet ("trong thời hạn 10 ngày kể từ ngày có thay
 * đổi"), a partial stage ("trả lời tính đầy đủ của hồ sơ trong 01 ngày") or a request to complete
 * the file is never taken for it. Where the text gives several different times, none is used.
 */

export const UNIT = '(?:Ngày làm việc|ngày làm việc|Ngày|ngày|Giờ làm việc|giờ làm việc|Giờ|giờ|Tháng|tháng|Năm|năm|Phút|phút)';

/** "05", "05 (năm)", "năm (05)": the digits, with the words the portal adds either side. */
const NUM = '(?:(\\d{1,3})\\s*(?:\\(\\s*[\\p{L} ]{1,15}\\))?|[\\p{L}]{1,6}(?: [\\p{L}]{1,6})?\\s*\\(\\s*(\\d{1,3})\\s*\\))';
const TIME = `${NUM}\\s*(${UNIT})`;

const num = (s: string) => String(Number(s));

const ANY_TIME = new RegExp(TIME, 'iu');
/** True when the text states some time ("02 ngày làm việc", "năm (05) ngày"), whatever it counts. */
export const statesTime = (text: string | undefined): boolean => ANY_TIME.test(text ?? '');
const unit = (s: string) => s.toLowerCase();

/** "02 tháng và 15 ngày làm việc" → "2 tháng và 15 ngày làm việc". */
function timePhrase(text: string): string | undefined {
  const m = new RegExp(`^${TIME}(?:\\s*và\\s*${TIME})?`, 'iu').exec(text.trim());
  if (!m) return undefined;
  const first = `${num(m[1] ?? m[2] ?? '')} ${unit(m[3] ?? '')}`;
  return m[6] ? `${first} và ${num(m[4] ?? m[5] ?? '')} ${unit(m[6])}` : first;
}

/** What the channel's description cell says about time instead of a number. */
const STATEMENTS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/không quy định thời (?:gian|hạn)/iu, () => 'Không quy định thời hạn'],
  [/chưa quy định cụ thể (?:về )?thời (?:gian|hạn) giải quyết/iu, () => 'Chưa quy định thời hạn giải quyết'],
  [/^(?:đổi|làm|trả kết quả|giải quyết) ngay\.?$/iu, (m) => m[0].replace(/\.$/, '')],
];

const sentence = (s: string) => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

/**
 * A time the label "Thời hạn giải quyết: …" gives: a time phrase or "Ngay sau khi nhận đủ hồ sơ".
 * ("Thời hạn trả kết quả", "thời hạn tiếp nhận…" name one stage only and are not read.)
 */
export function labelledTime(text: string): string | undefined {
  const label = /(?<!quy định |quy định cụ thể về |về )(?:thời hạn|thời gian) (?:giải quyết|xử lý)(?: hồ sơ| thủ tục hành chính)?\s*(?:là|:)?\s*(?:tối đa|không quá)?\s*(?:là\s*)?/giu;
  for (const m of text.matchAll(label)) {
    const rest = text.slice((m.index ?? 0) + m[0].length);
    const time = timePhrase(rest);
    if (time) return time;
    const now = /^(ngay (?:sau khi|trong ngày|khi)[^.;\n(]{0,60}?)(?:\s*theo quy định)?\s*(?:[.;\n(]|$)/iu.exec(rest);
    if (now?.[1]) return sentence(now[1].trim());
  }
  return undefined;
}

/** The description cell's statement about time ("Không quy định thời gian thực hiện"), if any. */
export function timeStatementIn(description: string | undefined): string | undefined {
  const d = (description ?? '').trim();
  if (!d) return undefined;
  for (const [re, say] of STATEMENTS) {
    const m = re.exec(d);
    if (m) return sentence(say(m));
  }
  // The cell opens with the time ("02 tháng và 15 ngày làm việc, trong đó: …"), unless that time
  // counts from something other than receiving the file (a deadline the applicant must meet).
  const start = timePhrase(d);
  const clause = d.split(/[,.;:\n]/)[0] ?? '';
  if (start && !(/kể từ|tính từ|trước|sau khi/iu.test(clause) && !/(?:nhận|tiếp nhận|thụ lý)[\p{L} ]{0,12}hồ sơ/iu.test(clause))) return start;
  return labelledTime(d);
}

/** Words that make a "within N days" clause something other than the office's processing time. */
const NOT_PROCESSING = /chưa (?:đầy đủ|hợp lệ)|không (?:đầy đủ|hợp lệ)|bổ sung|hoàn thiện|tính đầy đủ|khiếu nại|từ chối|tiếp nhận và kiểm tra|xác nhận vào (?:đơn|tờ khai)/iu;

const STAGE = new RegExp(
  `(?:(?:trong thời hạn|trong vòng)\\s*(?:tối đa|không quá)?\\s*|(?:^|\\n|:\\s*|-\\s+))${TIME}\\s*,?\\s*(?:kể từ|tính từ)\\s*(?:ngày|khi)\\s*(?:nhận|tiếp nhận)(?: được)?\\s*(?:văn bản(?! đề nghị)|văn bản đề nghị (?:của|do) (?:Sở|Bộ|cơ quan|Ủy ban|UBND|Chủ tịch|Cục)|kết quả|hồ sơ(?: trình)? (?:do|của)|hồ sơ trình|đề nghị|ý kiến|thông tin|báo cáo|tờ trình|quyết định)`,
  'imu',
);

/**
 * Times anchored to the office receiving the file: "trong thời hạn 05 ngày làm việc kể từ ngày nhận
 * đủ hồ sơ" (and "05 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ" at the start of a line).
 */
export function anchoredTimes(text: string): string[] {
  const re = new RegExp(
    `(?:(?:trong thời hạn|trong vòng)\\s*(?:tối đa|không quá)?\\s*|(?:^|\\n|:\\s*|-\\s+))${TIME}\\s*,?\\s*(?:kể từ|tính từ)\\s*(?:ngày|khi|thời điểm)\\s*(?:[\\p{L} ]{0,30}?\\s)?(?:(?:nhận|tiếp nhận|thụ lý)(?: được)?(?: đủ| đầy đủ)?\\s*(?:hồ sơ|đơn|văn bản đề nghị)(?![\\p{L} ]{0,25}\\s(?:do|của)\\s(?:Sở|Bộ|cơ quan|Ủy ban|Uỷ ban|UBND|Chủ tịch|Cục|Phòng|Chi cục|Hội đồng|Tòa|Công an|Kho bạc))|hồ sơ được tiếp nhận)`,
    'giu',
  );
  // A later stage counted from another office's paper ("kể từ ngày nhận được văn bản thẩm định"):
  // the whole time is the sum of stages, which the record does not state.
  if (STAGE.test(text)) return [];
  const out: string[] = [];
  for (const m of text.matchAll(re)) {
    const start = m.index ?? 0;
    const before = text.slice(0, start);
    const clause = before.slice(Math.max(before.lastIndexOf('.'), before.lastIndexOf(';'), before.lastIndexOf('\n'), before.search(/trường hợp(?!.*trường hợp)/iu)) + 1);
    const after = text.slice(start + m[0].length).split(/[.;\n]/)[0] ?? '';
    if (NOT_PROCESSING.test(clause) || NOT_PROCESSING.test(after)) continue;
    const time = `${num(m[1] ?? m[2] ?? '')} ${unit(m[3] ?? '')}`;
    if (!out.includes(time)) out.push(time);
  }
  return out;
}

/** A stage of the office's work: "Bước 3: Trong thời hạn 18 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, …". */
const STAGE_TIME = new RegExp(`(?:trong thời hạn|trong vòng)\\s*(?:tối đa|không quá)?\\s*${TIME}\\s*,?\\s*(?:kể từ|tính từ)`, 'giu');

/**
 * A unit-less time cell ("20") is the total when the record's office stages, counted from receiving
 * a file, are all in one unit and add up to exactly that number (18 + 2 ngày làm việc = "20"): the
 * record then states the unit. A notice to complete the file, a complaint or the completeness
 * answer is not a stage. Each record's text is summed on its own (sets A and B repeat the steps).
 */
export function totalFromStages(text: string, bare: string | undefined): string | undefined {
  if (!bare || !/^\d+$/.test(bare) || Number(bare) < 2) return undefined;
  const stages: { n: number; unit: string }[] = [];
  for (const m of text.matchAll(STAGE_TIME)) {
    const start = m.index ?? 0;
    const before = text.slice(0, start);
    const clause = before.slice(Math.max(before.lastIndexOf('.'), before.lastIndexOf(';'), before.lastIndexOf('\n')) + 1);
    const after = text.slice(start + m[0].length).split(/[.;\n]/)[0] ?? '';
    if (NOT_PROCESSING.test(clause) || NOT_PROCESSING.test(after)) continue;
    stages.push({ n: Number(m[1] ?? m[2]), unit: unit(m[3] ?? '') });
  }
  const units = new Set(stages.map((s) => s.unit));
  const [only] = [...units];
  if (stages.length < 2 || units.size !== 1 || !only) return undefined;
  return stages.reduce((sum, s) => sum + s.n, 0) === Number(bare) ? `${Number(bare)} ${only}` : undefined;
}

/** "cung cấp ngay trong ngày làm việc hoặc theo thời gian thống nhất với bên yêu cầu cung cấp". */
function sameDay(text: string): string | undefined {
  const m = /(?:trả kết quả|cung cấp|giải quyết)\s+(ngay trong ngày(?: làm việc)?(?: hoặc theo thời gian thống nhất với bên yêu cầu(?: cung cấp)?)?)/iu.exec(text);
  return m?.[1] ? sentence(m[1]) : undefined;
}

/**
 * A processing time the record's own text states: the same number as a unit-less time cell followed
 * by a unit ("20" → "20 ngày làm việc"); else the time after "Thời hạn giải quyết"; else the one
 * time anchored to receiving the file; else "ngay trong ngày". Undefined when the text says none.
 */
export function durationInText(text: string, bare?: string): string | undefined {
  if (bare && bare !== '0') {
    const m = new RegExp(`(?<![\\d.,/])0*${bare.replace('.', '\\.')}\\s*(${UNIT})`, 'u').exec(text);
    if (m?.[1]) return `${bare} ${unit(m[1])}`;
  }
  const labelled = labelledTime(text);
  if (labelled) return labelled;
  const anchored = anchoredTimes(text);
  if (anchored.length === 1) return anchored[0];
  if (anchored.length > 1) return undefined;
  return sameDay(text);
}
