import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MATCH_CHARS, fold, iForY, repairCandidates, squeezeRepeats, telexFold, tokenize, tokens, vniFold } from '../../src/nlu/normalize.js';

const VI_LETTERS = [...'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ'];
const viWord = fc.array(fc.constantFrom(...VI_LETTERS), { minLength: 1, maxLength: 7 }).map((a) => a.join(''));
const viText = fc.array(viWord, { minLength: 0, maxLength: 8 }).map((a) => a.join(' '));

describe('fold', () => {
  it.each([
    ['Đăng Ký Khai Sinh', 'dang ki khai sinh'],
    ['  làm   giấy   ', 'lam giay'],
    ['giấy tờ gì???!!', 'giay to gi'],
    ['căn cước 🙏😀 nhé', 'can cuoc nhe'],
    ['<b>hộ khẩu</b>; DROP TABLE', 'b ho khau b drop table'],
    ['ƯỚC ƠI', 'uoc oi'],
  ])('%s → %s', (input, out) => {
    expect(fold(input)).toBe(out);
  });

  it('reads decomposed (NFD) Vietnamese from some phones exactly like composed text', () => {
    expect(fold('Đăng ký kết hôn'.normalize('NFD'))).toBe('dang ki ket hon');
  });

  it('is idempotent, ASCII-only and the same for NFC and NFD input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const f = fold(s);
        expect(fold(f)).toBe(f);
        expect(f).toMatch(/^[a-z0-9 ]*$/);
        expect(fold(s.normalize('NFD'))).toBe(fold(s.normalize('NFC')));
      }),
    );
  });

  it('ignores upper case in Vietnamese text', () => {
    fc.assert(
      fc.property(viText, (s) => {
        expect(fold(s.toUpperCase())).toBe(fold(s));
      }),
    );
  });
});

describe('tokenize', () => {
  it('keeps the diacritics the user typed next to the folded form', () => {
    expect(tokenize('cần căn can')).toEqual([
      { marked: 'cần', folded: 'can', hasMarks: true },
      { marked: 'căn', folded: 'can', hasMarks: true },
      { marked: 'can', folded: 'can', hasMarks: false },
    ]);
  });

  it('treats the two spellings ký / kí, lý / lí as one word', () => {
    expect(tokens('đăng kí')).toEqual(tokens('đăng ký'));
    expect(iForY('lý')).toBe('lí');
    expect(iForY('quý')).toBe('quý');
    expect(iForY('yêu')).toBe('yêu');
  });

  it('reads at most MAX_MATCH_CHARS characters and never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (s) => {
        const toks = tokenize(s);
        expect(toks.map((t) => t.marked).join(' ').length).toBeLessThanOrEqual(MAX_MATCH_CHARS);
        for (const t of toks) expect(t.folded).toMatch(/^[a-z0-9]+$/);
      }),
    );
  });

  it('drops emoji, other scripts and punctuation entirely', () => {
    expect(tokenize('😀😀🙏')).toEqual([]);
    expect(tokens('办理 出生证明 khai sinh')).toEqual(['khai', 'sinh']);
  });
});

describe('repair of what phones and keyboards leave behind', () => {
  it.each([
    ['dcccc', 'dc'],
    ['khongggg', 'khong'],
  ])('squeezes repeated letters: %s → %s', (w, out) => {
    expect(squeezeRepeats(w)).toContain(out);
  });

  it.each([
    ['vieejt', 'viet'],
    ['dduwowcj', 'duoc'],
    ['khais', 'khai'],
    ['hoons', 'hon'],
  ])('removes telex residue: %s → %s', (w, out) => {
    expect(telexFold(w)).toBe(out);
  });

  it.each([
    ['vie6t', 'viet'],
    ['d9u7o7c5', 'duoc'],
  ])('removes VNI residue: %s → %s', (w, out) => {
    expect(vniFold(w)).toBe(out);
  });

  it('offers nothing to repair in a clean word', () => {
    expect(repairCandidates('sinh')).toEqual([]);
  });
});
