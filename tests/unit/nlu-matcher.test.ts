import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { Entry, KnowledgeBase } from '../../src/knowledge/types.js';
import { buildIndex, nearestWord, withinOneEdit } from '../../src/nlu/index.js';
import { compileLexicon } from '../../src/nlu/lexicon.js';
import { buildMatcher, type IndexedMatcher } from '../../src/nlu/matcher.js';

const entry = (id: string, title: string, extra: Partial<Entry> = {}): Entry => ({ id, title, kind: 'procedure', curated: false, domain: 'other', ...extra }) as Entry;
const tiny = (list: Entry[]) => buildMatcher({ list, lexicon: { replacements: new Map(), languageMarkers: new Map() } });

/** Damerau–Levenshtein distance (optimal string alignment), the naive reference. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

describe('typo repair against a naive edit distance', () => {
  const words = ['khai', 'sinh', 'thuong', 'tru', 'ket', 'hon', 'giay', 'phep', 'nghiep', 'chung', 'thuc', 'bien', 'gioi'];
  const index = buildIndex([entry('x', words.join(' '))], compileLexicon(undefined));
  const letter = fc.constantFrom(...'abcdeghiklmnopqrstuvxy');

  it('only ever proposes a known word at most one edit away', () => {
    fc.assert(
      fc.property(fc.array(letter, { minLength: 3, maxLength: 8 }).map((a) => a.join('')), (w) => {
        const near = nearestWord(index, w);
        if (near !== undefined) {
          expect(index.vocabulary.has(near)).toBe(true);
          expect(distance(w, near)).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('finds a known word for any one-letter typo of a word longer than three letters', () => {
    const typo = fc.record({ word: fc.constantFrom(...words.filter((w) => w.length > 3)), at: fc.nat(), ch: letter, kind: fc.constantFrom('sub', 'ins', 'del') }).map(({ word, at, ch, kind }) => {
      const i = at % word.length;
      if (kind === 'sub') return word.slice(0, i) + ch + word.slice(i + 1);
      if (kind === 'ins') return word.slice(0, i) + ch + word.slice(i);
      return word.slice(0, i) + word.slice(i + 1);
    });
    fc.assert(
      fc.property(typo, (w) => {
        if (w.length < 4 || index.vocabulary.has(w)) return;
        expect(nearestWord(index, w)).toBeDefined();
      }),
    );
  });
});

describe('ranking rules on a tiny knowledge base', () => {
  it('prefers the curated entry over a catalogue near-duplicate', () => {
    const m = tiny([entry('cat', 'Thủ tục đăng ký khai sinh'), entry('cur', 'Thủ tục đăng ký khai sinh', { curated: true })]);
    expect(m.match('dang ky khai sinh').candidates[0]!.id).toBe('cur');
  });

  it('scores an exact diacritic match higher when the user typed the marks', () => {
    const m = tiny([entry('need', 'Hồ sơ cần có'), entry('id', 'Nhà một căn')]);
    expect(m.match('căn').candidates[0]!.id).toBe('id');
    expect(m.match('cần').candidates[0]!.id).toBe('need');
    expect(m.match('can').candidates.map((c) => c.score)).toEqual([expect.any(Number), expect.any(Number)]);
  });

  it('returns at most 5 candidates, best first, with confidence in [0, 1], whatever the input', () => {
    const m = tiny([entry('a', 'Đăng ký khai sinh'), entry('b', 'Đăng ký kết hôn'), entry('c', 'Đăng ký thường trú')]);
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const { candidates } = m.match(text);
        expect(candidates.length).toBeLessThanOrEqual(5);
        for (const c of candidates) expect(c.confidence).toBeGreaterThanOrEqual(0), expect(c.confidence).toBeLessThanOrEqual(1);
        for (let i = 1; i < candidates.length; i++) expect(candidates[i - 1]!.score!).toBeGreaterThanOrEqual(candidates[i]!.score!);
      }),
    );
  });
});

// Loads the whole real knowledge base: left out of `npm run mutate` (vitest.mutate.config.ts).
describe.skipIf(process.env.QNBOT_MUTATION_RUN === '1')('golden table: what villagers type → the entry they mean (real knowledge base)', () => {
  let kb: KnowledgeBase;
  let m: IndexedMatcher;
  beforeAll(async () => {
    kb = await loadKnowledge(path.resolve('knowledge'));
    m = buildMatcher(kb);
  }, 60_000);

  it.each([
    ['lam giay khai sinh cho con', '1.001193'],
    ['gks cho be', '1.001193'],
    ['khai snh cho con', '1.001193'],
    ['ddawng kys khai sinh', '1.001193'],
    ['KHAI SINH CHO CON!!!', '1.001193'],
    ['thur tucj ket hoon', '1.000894'],
    ['Đăng kí kết hôn', '1.000894'],
    ['lấy nhau cần giấy tờ gì', '1.000894'],
    ['dk ket hon', '1.000894'],
    ['khai tu cho ong', '1.000656'],
    ['dang ky tam tru', '1.004194'],
    ['khai bao tam vang', '1.003677'],
    ['xac nhan tinh trang hon nhan', '1.004873'],
    ['đăng ký nhận cha mẹ con', '1.001022'],
    ['nhap hk cho vo', '1.004222'],
    ['mat cccd lam lai o dau', '1.014064'],
    ['doi the can cuoc het han', '1.014063'],
    ['lam can cuoc cho be 5 tuoi', '1.014062'],
    ['sang tên sổ đỏ cho con', '1.013831'],
    ['cap so do lan dau', '1.013978'],
    ['mở quán tạp hóa', '1.001612'],
    ['thi bang lai xe may', '3.000346'],
    ['mat bang lai', '3.000348'],
    ['sổ thông hành sang Trung Quốc', '1.003133'],
    ['cu dan bien gioi ban hang qua cua khau', '1.008002'],
    ['tem truy xuat cho rau', 'tem-truy-xuat-nguon-goc'],
    ['co form e', '1.000695'],
    ['cài vneid trên điện thoại', 'cai-dat-vneid'],
    ['tra tien dien qua app', 'thanh-toan-tien-dien-nuoc'],
    ['bi lua chuyen tien qua mang', 'phong-tranh-lua-dao'],
    ['ban hang online', 'mo-cua-hang-online'],
    ['nop ho so tren dvc', 'nop-ho-so-truc-tuyen'],
    ['kiểm dịch thực vật xuất khẩu sang Trung Quốc', '2.001046'],
  ])('%s → %s', (text, id) => {
    expect(m.match(text).candidates[0]?.id).toBe(id);
  });
});

describe('withinOneEdit', () => {
  it('agrees with the naive distance on short random words', () => {
    const short = fc.array(fc.constantFrom('a', 'g', 'i', 'y', 'n'), { minLength: 0, maxLength: 5 }).map((a) => a.join(''));
    fc.assert(fc.property(short, short, (a, b) => withinOneEdit(a, b) === distance(a, b) <= 1), { numRuns: 2000 });
  });
});
