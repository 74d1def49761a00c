import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listYaml } from '../../src/knowledge/load.js';
import { loadLexicon } from '../../src/knowledge/lexicon.js';
import type { KnowledgeProblem } from '../../src/knowledge/problems.js';
import { applyReplacements, compileLexicon, expansions, outOfScopeHits, type CompiledLexicon } from '../../src/nlu/lexicon.js';
import { tokenize, tokens } from '../../src/nlu/normalize.js';

const ROOT = path.resolve('knowledge');
let lex: CompiledLexicon;

beforeAll(async () => {
  const problems: KnowledgeProblem[] = [];
  lex = compileLexicon(await loadLexicon(ROOT, await listYaml(ROOT, 'lexicon'), problems));
  expect(problems).toEqual([]);
});

const replaced = (text: string) => applyReplacements(tokenize(text), lex).map((t) => t.folded).join(' ');
const expanded = (text: string) => expansions(tokenize(text), lex).map((e) => e.map((t) => t.folded).join(' '));

describe('knowledge/lexicon: abbreviations and teencode', () => {
  it.each([
    ['ko dc', 'khong duoc'],
    ['đc k', 'duoc khong'],
    ['lam cccd o dau', 'lam can cuoc cong dan o dau'],
    ['cmnd', 'chung minh nhan dan'],
    ['gks mat bn tien', 'giay khai sinh mat bao nhieu tien'],
    ['doi gplx', 'doi giay phep lai xe'],
    ['sdt cua xa', 'so dien thoai cua xa'],
    ['the bhyt', 'the bao hiem y te'],
    ['nhap hk cho con', 'nhap ho khau cho con'],
    ['can j', 'can gi'],
    ['lam onl dc ko', 'lam truc tuyen duoc khong'],
  ])('%s → %s', (typed, meant) => {
    expect(replaced(typed)).toBe(meant);
  });

  it('reads hk as hộ khẩu, not the teencode "không", in a public-service bot', () => {
    expect(replaced('hk')).toBe(tokens('hộ khẩu').join(' '));
  });
});

describe('knowledge/lexicon: everyday words for official terms', () => {
  it.each([
    ['nhập khẩu cho vợ', 'dang ki thuong tru'],
    ['làm sổ đỏ', 'giay chung nhan quyen su dung dat'],
    ['lay nhau', 'dang ki ket hon'],
    ['bằng lái', 'giay phep lai xe'],
  ])('%s adds %s and keeps the words typed', (typed, official) => {
    expect(expanded(typed)).toContain(official);
  });

  it('maps Tày words to the Vietnamese concept (au khươi = kết hôn)', () => {
    expect(expanded('au khươi')).toContain('ket hon');
  });
});

describe('knowledge/lexicon: out of scope', () => {
  it.each(['thoi tiet hom nay', 'kết quả bóng đá', 'giá vàng', 'người yêu bỏ rồi'])('%s names an out-of-scope topic', (text) => {
    expect(outOfScopeHits(tokens(text), lex).length).toBeGreaterThan(0);
  });

  it.each(['yêu cầu cấp bản sao', 'đăng ký khai sinh', 'hỗ trợ hộ nghèo'])('%s does not', (text) => {
    expect(outOfScopeHits(tokens(text), lex)).toEqual([]);
  });
});
