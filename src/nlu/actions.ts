/**
 * The action a question asks for, and the action a procedure performs. Many procedures share
 * one object ("giấy khai sinh": register, register again, copy, correct), so the object words
 * alone cannot tell them apart: the verb does. Phrases are folded words; at each position the
 * longest phrase wins, so "thay đổi" (correct) is read before "đổi" (exchange) and "trợ cấp"
 * (an allowance) is not the verb "cấp".
 */
export type Action = 'reregister' | 'reissue' | 'report_loss' | 'exchange' | 'correct' | 'copy' | 'suspend' | 'terminate' | 'extend' | 'confirm' | 'use';

/** Phrases that carry no action although they contain an action word. */
const NEUTRAL = ['chao doi', 'ra doi', 'cuoc doi', 'doi song', 'doi nguoi', 'doi voi', 'doi tuong', 'doi tac', 'doi chieu', 'doi song', 'doi ngoai', 'doi dien', 'doi ung', 'so hong', 'tro cap', 'chuyen doi', 'doi thua', 'sua chua', 'cap xa', 'cap huyen', 'cap tinh', 'cap trung uong', 'cap bo', 'mat bao', 'mat tien', 'mat may', 'mat phi', 'mat thoi gian', 'ban sao y'];

const PHRASES: readonly (readonly [Action, readonly string[]])[] = [
  ['reregister', ['dang ki lai']],
  ['reissue', ['cap lai', 'lam lai', 'xin lai', 'bi mat', 'lam mat', 'danh mat', 'roi mat', 'danh roi', 'mat the', 'mat ca', 'mat giay', 'mat so', 'mat bang', 'mat can cuoc', 'mat ho chieu', 'mat vi', 'that lac', 'bi trom', 'bi moc', 'lost', 'replace', 'replacement']],
  ['report_loss', ['trinh bao mat', 'bao mat']],
  ['exchange', ['cap doi', 'doi', 'bi rach', 'rach', 'bi hong', 'hong', 'gay doi', 'bi gay', 'mo chu', 'bi mo', 'nhau nat', 'renew', 'exchange']],
  ['correct', ['sua', 'sua doi', 'cai chinh', 'thay doi', 'bo sung', 'dieu chinh', 'ghi sai', 'bi sai', 'sai ten', 'viet sai', 'ghi nham', 'doi ten', 'doi ho', 'xac dinh lai', 'cap nhat', 'hieu dinh', 'correct', 'correction', 'change']],
  ['copy', ['ban sao', 'trich luc', 'copy']],
  ['suspend', ['tam ngung', 'tam dung', 'tam nghi', 'nghi tam']],
  ['terminate', ['cham dut', 'giai the', 'thoi huong', 'xoa', 'huy', 'cat khau', 'cat ho khau', 'dong cua', 'dung kinh doanh', 'nghi kinh doanh', 'khong kinh doanh']],
  ['extend', ['gia han', 'het han']],
  ['confirm', ['xac nhan']],
  // Using an app or an account, not applying for something: the guides, not the procedures.
  ['use', ['kich hoat', 'cai dat', 'su dung', 'dung vneid', 'dung app', 'dung ung dung', 'tai app', 'tai ung dung', 'cai app', 'cai ung dung']],
];

interface Rule {
  action: Action | null;
  parts: string[];
}

const RULES: Rule[] = [
  ...NEUTRAL.map((p) => ({ action: null, parts: p.split(' ') })),
  ...PHRASES.flatMap(([action, ps]) => ps.map((p) => ({ action, parts: p.split(' ') }))),
].sort((a, b) => b.parts.length - a.parts.length);

/**
 * One-word verbs that other words fold to (`đối`, `đội`, `sữa`, `hồng`): typed with diacritics,
 * they count only when spelt as the verb.
 */
const SPELLED: Record<string, readonly string[]> = { doi: ['đổi'], sua: ['sửa'], hong: ['hỏng'], xoa: ['xóa', 'xoá'], huy: ['hủy', 'huỷ'], rach: ['rách'], lost: ['lost'] };

const FIRST = new Map<string, Rule[]>();
for (const r of RULES) {
  const list = FIRST.get(r.parts[0]!);
  if (list) list.push(r);
  else FIRST.set(r.parts[0]!, [r]);
}

/**
 * Actions named in a sequence of folded words, in order of appearance (no duplicates). `marked`
 * (the same words with their diacritics, when known) keeps `đối với` from reading as `đổi`.
 */
export function actionsIn(words: readonly string[], marked?: readonly string[]): Action[] {
  const out: Action[] = [];
  const spelled = (r: Rule, i: number) => {
    if (r.parts.length > 1 || !marked) return true;
    const m = marked[i];
    const want = SPELLED[r.parts[0]!];
    return !want || !m || m === words[i] || want.includes(m);
  };
  for (let i = 0; i < words.length; ) {
    const rules = FIRST.get(words[i]!);
    const hit = rules?.find((r) => r.parts.every((p, j) => words[i + j] === p) && spelled(r, i));
    if (!hit) {
      i++;
      continue;
    }
    if (hit.action && !out.includes(hit.action)) out.push(hit.action);
    i += hit.parts.length;
  }
  return out;
}

/** Entry actions a question's action is satisfied by. */
const SATISFIED_BY: Record<Action, readonly Action[]> = {
  reregister: ['reregister', 'reissue'],
  reissue: ['reissue', 'report_loss', 'reregister'],
  report_loss: ['report_loss', 'reissue'],
  exchange: ['exchange'],
  correct: ['correct'],
  copy: ['copy'],
  suspend: ['suspend'],
  terminate: ['terminate'],
  extend: ['extend', 'exchange'],
  confirm: ['confirm'],
  use: ['use'],
};

/** Actions that make a procedure a variant ("again", "a copy", "a correction") of a plain one. */
const VARIANT: ReadonlySet<Action> = new Set(['reregister', 'reissue', 'report_loss', 'exchange', 'correct', 'copy', 'suspend', 'terminate']);

/** How the actions of a question and of an entry fit. */
export type ActionFit = 'match' | 'contradicts' | 'variant' | 'neutral';

/**
 * `match`: the entry does what was asked; `contradicts`: the question asks for an action the entry
 * does not perform; `variant`: the question names no action and the entry is only a variant
 * (copy, correction…) of a plain procedure; `neutral` otherwise.
 */
/** Whether an entry performs one asked action. */
export function satisfies(asked: Action, entry: readonly Action[]): boolean {
  return SATISFIED_BY[asked].some((e) => entry.includes(e));
}

export function actionFit(asked: readonly Action[], entry: readonly Action[], entryPlain: boolean): ActionFit {
  if (asked.length) {
    const ok = asked.some((a) => SATISFIED_BY[a].some((e) => entry.includes(e)));
    return ok ? 'match' : 'contradicts';
  }
  return !entryPlain && entry.some((a) => VARIANT.has(a)) ? 'variant' : 'neutral';
}

/**
 * The actions an entry's title names, and whether it also covers the plain (first-time) case:
 * "Thực hiện, điều chỉnh, thôi hưởng …" lists the plain case first, before the first comma.
 * `tokenize` is passed in (normalize.ts) so this module stays free of text handling.
 */
export function entryActions(title: string, tokenize: (text: string) => { folded: string; marked: string }[]): { actions: Action[]; plain: boolean } {
  const read = (text: string) => {
    const toks = tokenize(text);
    return actionsIn(toks.map((t) => t.folded), toks.map((t) => t.marked));
  };
  const actions = read(title);
  if (!actions.length) return { actions, plain: true };
  const head = title.split(/[,;]/)[0] ?? title;
  return { actions, plain: read(head).length === 0 };
}
