import { FILLERS } from '../nlu/fillers.js';
import { iForY } from '../nlu/normalize.js';
import type { EntryField, SmalltalkIntent } from '../domain/outcome.js';

/**
 * Phrase rules on the folded words of a message. Every label the bot shows on its own buttons
 * (locales/*.yaml: menu.*, button.*, handoff.button…, in every language) reads as what the button
 * does, so a label typed or sent back as text is understood (tests/unit/nlu-buttons.test.ts).
 * Words are folded (after abbreviations: `ko` is already `khong`).
 * A small-talk or follow-up rule only decides the turn when no topic word is left over, so
 * "chào bạn, làm khai sinh ở đâu" is a question, not a greeting.
 */
type Phrases<K extends string> = readonly (readonly [K, readonly string[]])[];

export type CommandIntent = Extract<SmalltalkIntent, 'greeting' | 'thanks' | 'bye' | 'menu' | 'help' | 'language' | 'feedback_up' | 'feedback_down'> | 'handoff' | 'next';

export const COMMAND_PHRASES: Phrases<CommandIntent> = [
  ['handoff', ['gap nguoi', 'gap can bo', 'gap nhan vien', 'noi chuyen voi nguoi', 'nguoi that', 'nguoi ho tro', 'can bo ho tro', 'tu van vien', 'nhan vien', 'gap truc tiep', 'goi dien cho toi', 'chuyen cho can bo', 'tong dai vien', 'can nguoi giup', 'hoi can bo', 'pang', 'talk to a helper', 'talk to a person', 'a helper', 'a person']],
  ['language', ['doi ngon ngu', 'ngon ngu', 'tieng tay', 'tieng dao', 'tieng viet', 'tieng anh', 'english', 'chon tieng', 'language']],
  ['next', ['cai khac', 'khong phai', 'khong dung', 'sai roi', 'viec khac', 'thu tuc khac', 'khac', 'khong phai cai nay', 'none of these']],
  ['menu', ['menu', 'danh muc', 'bat dau', 'start', 'quay lai', 'trang chu', 'huy hoi may', 'cancel ask the bot']],
  ['help', ['tro giup', 'huong dan su dung', 'help', 'lam duoc gi', 'giup duoc gi', 'biet lam gi', 'hoi gi', 'giup toi', 'giup voi', 'khong hieu', 'chua hieu']],
  ['thanks', ['cam on', 'cam ta', 'chom bai', 'pjom bai', 'duoc roi', 'hieu roi', 'tot qua', 'vang', 'da vang', 'duoc', 'uh', 'u', 'um', 'dong y', 'nhe', 'roi', 'thanks', 'thank you']],
  ['feedback_up', ['co ich', 'huu ich', 'hay qua', 'rat hay', 'chinh xac', 'chu dung', 'helpful']],
  ['feedback_down', ['vo ich', 'khong co ich', 'khong huu ich', 'te qua', 'khong hieu gi', 'chua dung', 'bau chua dung', 'maiv khong dung', 'not right']],
  ['bye', ['tam biet', 'bye', 'bai bai', 'hen gap lai', 'chao nhe', 'goodbye']],
  ['greeting', ['xin chao', 'chao', 'alo', 'a lo', 'ni sleng bau', 'sleng bau', 'chao ban', 'chao em', 'buoi sang', 'buoi chieu', 'chuc mung', 'hello', 'hi']],
];

/** Questions about one field of the topic entry. Order matters: duration before fee ("mất bao lâu"). */
export const FIELD_PHRASES: Phrases<EntryField> = [
  ['online', ['truc tuyen', 'qua mang', 'tren mang', 'dich vu cong', 'tren dien thoai', 'qua dien thoai', 'tai nha', 'o nha', 'qua zalo', 'khong can den', 'khong phai den', 'public service portal', 'online']],
  ['duration', ['bao lau', 'may ngay', 'bao nhieu ngay', 'bao nhieu hom', 'may hom', 'bao gio co', 'khi nao co', 'bao gio xong', 'khi nao xong', 'thoi gian', 'lau khong', 'bao nhieu thang', 'may thang', 'trong bao lau', 'mat bao lau', 'bao gio lay', 'how long']],
  ['fee', ['bao nhieu tien', 'mat tien', 'le phi', 'chi phi', 'phi', 'ton tien', 'ton bao nhieu', 'mien phi', 'mat bao nhieu', 'het bao nhieu', 'tien', 'bao nhieu', 'nop tien', 'tra tien', 'how much', 'fee', 'cost']],
  ['documents', ['giay to', 'ho so', 'can gi', 'can nhung gi', 'mang gi', 'mang theo', 'thanh phan', 'chuan bi gi', 'can chuan bi', 'giay gi', 'can mang', 'nhung gi', 'papers', 'documents', 'what do i need']],
  ['where', ['o dau', 'cho nao', 'noi nao', 'di dau', 'dau', 'co quan nao', 'ai giai quyet', 'ai lam', 'den dau', 'nop dau', 'phong nao', 'where']],
  ['legal_basis', ['can cu', 'luat nao', 'van ban nao', 'quy dinh nao', 'nghi dinh', 'thong tu', 'co so phap ly', 'theo luat']],
  ['steps', ['lam the nao', 'lam sao', 'cac buoc', 'trinh tu', 'quy trinh', 'nhu the nao', 'the nao', 'cach lam', 'lam nhu nao', 'ra sao', 'steps']],
  ['more', ['chi tiet', 'xem them', 'noi ro hon', 'cu the hon', 'them nua', 'day du', 'nghe doc', 'more', 'listen', 'details']],
];

/** Where a phrase rule matched. */
export interface PhraseHit<K extends string> {
  kind: K;
  start: number;
  length: number;
}

const flattened = new WeakMap<object, { kind: string; parts: string[] }[]>();

/**
 * The rules as one list, longest phrase first; computed once per rule table. Each word is spelt as
 * the tokenizer spells it (`ly` → `li`), so "co so phap ly" meets the words it is compared with.
 */
function flatten<K extends string>(rules: Phrases<K>): { kind: K; parts: string[] }[] {
  let flat = flattened.get(rules);
  if (!flat) {
    flat = rules.flatMap(([kind, ps]) => ps.map((p) => ({ kind: kind as string, parts: p.split(' ').map(iForY) }))).sort((a, b) => b.parts.length - a.parts.length);
    flattened.set(rules, flat);
  }
  return flat as { kind: K; parts: string[] }[];
}

/** Every phrase occurrence, longest phrase first at each position, no overlaps. */
export function findPhrases<K extends string>(words: readonly string[], rules: Phrases<K>): PhraseHit<K>[] {
  const hits: PhraseHit<K>[] = [];
  const flat = flatten(rules);
  for (let i = 0; i < words.length; ) {
    const m = flat.find((r) => r.parts.every((p, j) => words[i + j] === p));
    if (m) {
      hits.push({ kind: m.kind, start: i, length: m.parts.length });
      i += m.parts.length;
    } else i += 1;
  }
  return hits;
}

/** Words that are neither fillers nor covered by one of the hits: what the message is about. */
export function topicWords(words: readonly string[], hits: readonly PhraseHit<string>[]): string[] {
  const covered = new Set<number>();
  for (const h of hits) for (let k = 0; k < h.length; k++) covered.add(h.start + k);
  return words.filter((w, i) => !covered.has(i) && !FILLERS.has(w) && !/^\d+$/.test(w));
}

/** The first rule kind by priority among hits (rules are listed by priority). */
export function firstKind<K extends string>(hits: readonly PhraseHit<K>[], rules: Phrases<K>): K | undefined {
  for (const [kind] of rules) if (hits.some((h) => h.kind === kind)) return kind;
  return undefined;
}

/** Emoji-only feedback (👍 / 👎), read before normalisation removes emoji. */
export function emojiFeedback(raw: string): 'feedback_up' | 'feedback_down' | undefined {
  const t = raw.replace(/\s|\uFE0F|\p{Emoji_Modifier}/gu, '');
  if (/^(👍|👌|❤️|❤|🙏|😊|🥰)+$/u.test(t)) return 'feedback_up';
  if (/^(👎|😡|😠)+$/u.test(t)) return 'feedback_down';
  return undefined;
}
