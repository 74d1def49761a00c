import { anchoredTimes, UNIT } from './durations.js';
import { cut } from './plain.js';

/** One processing time the record states for one case ("cấp lại Giấy xác nhận": "5 ngày làm việc"). */
export interface CaseTime {
  /** The case as the record words it; absent for the time the record gives without a case. */
  case?: string;
  time: string;
}

const NUM = '0*(\\d{1,3})(?:\\s*\\(\\s*[\\p{L} ]{1,15}\\))?';
const TIME = `${NUM}\\s*(${UNIT})`;
const ANY_TIME = new RegExp(`\\d{1,3}(?:\\s*\\([\\p{L} ]{1,15}\\))?\\s*${UNIT}`, 'giu');
const HAS_TIME = new RegExp(ANY_TIME.source, 'iu');
/** Counted from the office receiving the applicant's file, and nothing else after it. */
const FROM_FILE = '\\s*,?\\s*(?:kể từ|tính từ)\\s*(?:ngày|khi|thời điểm)\\s*(?:nhận|tiếp nhận)(?: được)?(?: đủ| đầy đủ)?\\s*hồ sơ(?:\\s*(?:đầy đủ|hợp lệ|đầy đủ, hợp lệ|đầy đủ và hợp lệ))?';
const LABEL = '([^:]{3,220}?)';
const CASE = 'trường h[ơợ]p';

/** "Đối với trường hợp cấp lại Giấy xác nhận là 05 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ, hợp lệ". */
const LABEL_FIRST = new RegExp(`^(?:đối với\\s+)?(?:trong\\s+)?${CASE}\\s+${LABEL}\\s*(?::|\\s+là|\\s+thì(?: thời (?:gian|hạn)[^:;]{0,80}?)?\\s*là)\\s*(?:trong\\s*(?:thời hạn\\s*)?)?(?:tối đa|không quá)?\\s*${TIME}(?:${FROM_FILE})?$`, 'iu');
/** "07 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ trong trường hợp cần kiểm tra thực tế …". */
const TIME_FIRST = new RegExp(`^${TIME}${FROM_FILE}\\s*,?\\s*(?:(?:trong|đối với)\\s+${CASE}\\s+${LABEL})?$`, 'iu');

/** Words that make a case something other than the office's time to decide (a file to complete, a refusal). */
const NOT_A_CASE = /chưa (?:đầy đủ|hợp lệ)|không (?:đầy đủ|hợp lệ)|bổ sung|hoàn thiện|tính đầy đủ|khiếu nại|từ chối|kể từ ngày (?!(?:nhận|tiếp nhận))/iu;

const unitOf = (s: string) => s.toLowerCase();

function caseItem(item: string): CaseTime | undefined {
  const text = item.trim().replace(/^\s*(?:[-+*•]|[a-zđ]\)|\(?\d{1,2}[).])\s*/iu, '').replace(/[.\s]+$/u, '').replace(/\s+/g, ' ');
  const first = LABEL_FIRST.exec(text);
  const after = first ? undefined : TIME_FIRST.exec(text);
  const [label, n, unit] = first ? [first[1], first[2], first[3]] : after ? [after[3], after[1], after[2]] : [];
  if (!n || !unit || (label && NOT_A_CASE.test(label))) return undefined;
  const time = `${Number(n)} ${unitOf(unit)}`;
  return label ? { case: label.trim().replace(/,$/u, ''), time } : { time };
}

/**
 * The times a channel's time cell gives case by case: "Đối với trường hợp cấp Giấy xác nhận là 08
 * ngày làm việc kể từ …; trường hợp cấp lại Giấy xác nhận là 05 ngày làm việc kể từ …" or "- 03 ngày
 * làm việc kể từ …; - 07 ngày làm việc kể từ … trong trường hợp cần kiểm tra thực tế …". Every part
 * that states a time must be one case with one time counted from receiving the file (or a case with a
 * bare time); at most one part has no case. A part with two times, a stage ("Thông báo …: 02 ngày"),
 * a time counted from another paper or a request to complete the file makes the whole cell not
 * case by case (undefined), and so do fewer than two different times.
 */
export function caseTimes(cell: string | undefined): CaseTime[] | undefined {
  if (!cell) return undefined;
  const parts = cell.replace(/<br\s*\/?>/giu, '\n').split(/;|\n|(?:^|\s)-\s/u);
  const cases: CaseTime[] = [];
  let pending = '';
  for (const part of parts) {
    const times = part.match(ANY_TIME) ?? [];
    if (!times.length) {
      // A case's wording may itself hold a ";": keep it for the part that states the time.
      pending = /trường h[ơợ]p/iu.test(part) || pending ? `${pending}${part};` : '';
      continue;
    }
    if (times.length > 1) return undefined;
    const item = caseItem(`${pending}${part}`) ?? caseItem(part);
    pending = '';
    if (!item) return undefined;
    cases.push(item);
  }
  const unlabelled = cases.filter((c) => !c.case).length;
  if (cases.length < 2 || unlabelled > 1 || new Set(cases.map((c) => c.time)).size < 2) return undefined;
  return cases;
}

/** A step that opens a case: "Trường hợp 1: Điều chỉnh … - Bước 1: …", "(2) Trường hợp 2: …", "a) Đối với trường hợp cấp lại …:". */
const NUMBERED_HEAD = /^\s*(?:\(\d{1,2}\)\s*)?trường h[ơợ]p\s*\d{1,2}\s*:\s*(.+?)(?:\s+-\s+Bước\b|$)/isu;
const NAMED_HEAD = /^\s*(?:\(\d{1,2}\)\s*|[a-zđ]\)\s*)?(?:đối với\s+)?trường h[ơợ]p\s+([^:]{3,300}?)\s*:/iu;

function caseHead(step: string): string | undefined {
  const label = (NUMBERED_HEAD.exec(step) ?? NAMED_HEAD.exec(step))?.[1]?.trim();
  return label && !NOT_A_CASE.test(label) ? label : undefined;
}

/**
 * The times a record's steps give case by case: the steps fall into two or more blocks, each opened
 * by a case ("Trường hợp 1: …", "a) Đối với trường hợp …:"), and each block states exactly one time,
 * counted from receiving the file. A time before the first case, a block with no time or with two
 * (stages), or a case that is a file to complete makes the steps not case by case (undefined).
 */
export function caseTimesInSteps(steps: string[]): CaseTime[] | undefined {
  const blocks: { label: string; text: string }[] = [];
  for (const step of steps) {
    const label = caseHead(step);
    if (label) blocks.push({ label, text: step });
    else if (blocks.length) (blocks.at(-1) as { text: string }).text += `\n${step}`;
    else if (HAS_TIME.test(step)) return undefined;
  }
  if (blocks.length < 2) return undefined;
  const cases: CaseTime[] = [];
  for (const block of blocks) {
    const anchored = anchoredTimes(block.text);
    if ((block.text.match(ANY_TIME) ?? []).length !== 1 || anchored.length !== 1 || !anchored[0]) return undefined;
    cases.push({ case: cut(block.label.replace(/[\s.,;]+$/u, ''), 200), time: anchored[0] });
  }
  return new Set(cases.map((c) => c.time)).size < 2 ? undefined : cases;
}

/** "3–7 ngày làm việc, tùy trường hợp" (one unit), else "24 giờ hoặc 7 ngày làm việc, tùy trường hợp". */
export function caseSummary(cases: CaseTime[]): string {
  const parsed = cases.map((c) => /^(\d+) (.+)$/u.exec(c.time)).filter((m): m is RegExpExecArray => !!m);
  const units = new Set(parsed.map((m) => m[2]));
  if (parsed.length === cases.length && units.size === 1) {
    const ns = parsed.map((m) => Number(m[1]));
    return `${Math.min(...ns)}–${Math.max(...ns)} ${[...units][0]}, tùy trường hợp`;
  }
  return `${[...new Set(cases.map((c) => c.time))].join(' hoặc ')}, tùy trường hợp`;
}
