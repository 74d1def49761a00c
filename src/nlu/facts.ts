/**
 * Facts in a question that pick between variants of one procedure. Today: the age of the person
 * the procedure is for ("con tôi 15 tuổi" → the ID card "từ đủ 14 tuổi", not "dưới 14 tuổi").
 * Words are folded.
 */

/** An age range a procedure's title names: [from, to), `to` undefined when open. */
export interface AgeRange {
  from: number;
  to?: number;
}

const num = (w: string | undefined) => (w && /^\d{1,3}$/.test(w) ? Number(w) : undefined);

/** Newborn phrases: the child is under one year old. */
const NEWBORN = ['chao doi', 'moi sinh', 'moi de', 'so sinh', 'moi ra doi', 'thang tuoi', 'newborn', 'baby'];

/** The first age stated in the words ("15 tuổi", "mới sinh"), if any. */
export function statedAge(words: readonly string[]): number | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const pair = `${w} ${words[i + 1] ?? ''}`;
    if (NEWBORN.includes(w) || NEWBORN.includes(pair)) return 0;
    const n = num(w);
    if (n !== undefined && (words[i + 1] === 'tuoi' || words[i + 1] === 'years' || words[i + 1] === 'year')) {
      // "mấy tháng tuổi" style: "3 thang tuoi" is read above as newborn; "năm nay 78 tuổi" here.
      if (words[i - 1] === 'du' && (words[i - 2] === 'tu' || words[i - 2] === 'chua')) continue; // a rule quoted, not an age
      return n;
    }
  }
  return undefined;
}

/** The age range a title names ("dưới 14 tuổi", "từ đủ 14 tuổi trở lên", "từ đủ 75 tuổi đến 80 tuổi"). */
export function titleAgeRange(words: readonly string[]): AgeRange | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === 'duoi' && num(words[i + 1]) !== undefined && words[i + 2] === 'tuoi') return { from: 0, to: num(words[i + 1]) };
    const at = w === 'du' || w === 'tren' ? i + 1 : -1;
    const from = num(words[at]);
    if (at < 0 || from === undefined || words[at + 1] !== 'tuoi') continue;
    const start = w === 'tren' ? from + 1 : from;
    // "… đến 80 tuổi" / "đến dưới 75 tuổi"
    const den = words.indexOf('den', at + 2);
    if (den > 0 && den <= at + 3) {
      const below = words[den + 1] === 'duoi';
      const to = num(words[den + (below ? 2 : 1)]);
      if (to !== undefined) return { from: start, to: below ? to : to + 1 };
    }
    return { from: start };
  }
  return undefined;
}

/** Whether an age falls in a range. */
export function ageFits(age: number, range: AgeRange): boolean {
  return age >= range.from && (range.to === undefined || age < range.to);
}
