import { describe, expect, it } from 'vitest';
import { clipLabel, collapseVariants, distinctLabels } from '../../src/nlu/choices.js';

/** Clarify buttons at their edges (nlu-choices.test.ts has the real-title cases). */
describe('clipLabel', () => {
  it('keeps a label that fits, cuts a long one at a word in its second half, else mid-word, marking the cut', () => {
    expect(clipLabel('Đăng ký khai sinh', 20)).toBe('Đăng ký khai sinh');
    expect(clipLabel('abcdefghij', 10)).toBe('abcdefghij');
    expect(clipLabel('Đăng ký khai sinh cho trẻ em', 20)).toBe('Đăng ký khai sinh…');
    expect(clipLabel('ab cdefghijkl', 10)).toBe('ab cdefgh…');
    expect(clipLabel('Đăngkýkhaisinhchotrẻem', 10)).toBe('Đăngkýkha…');
  });
});

describe('collapseVariants', () => {
  it('reads titles without "Thủ tục" and bracketed notes: versions of one procedure become one choice', () => {
    expect(collapseVariants(['Thủ tục đăng ký khai sinh (cấp xã)', 'Đăng ký khai sinh (thực hiện tại cấp tỉnh)', 'Đăng ký lại khai sinh'], (t) => t)).toEqual([
      'Thủ tục đăng ký khai sinh (cấp xã)',
      'Đăng ký lại khai sinh',
    ]);
    expect(collapseVariants(['Thủ tục', 'thủ tục'], (t) => t)).toEqual(['Thủ tục']);
    expect(collapseVariants([], (t: string) => t)).toEqual([]);
  });

  it('keeps the first of each group, reading titles through the accessor', () => {
    const items = [{ t: 'Cấp đổi thẻ bảo hiểm y tế' }, { t: 'Thủ tục cấp đổi thẻ bảo hiểm y tế' }, { t: 'Cấp thẻ bảo hiểm y tế' }];
    expect(collapseVariants(items, (i) => i.t)).toEqual([items[0], items[2]]);
  });
});

describe('distinctLabels', () => {
  it('one title is its own label, capitalised, without "Thủ tục", clipped', () => {
    expect(distinctLabels(['Đăng ký khai sinh'])).toEqual(['Đăng ký khai sinh']);
    expect(distinctLabels(['Thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ tại nông thôn'])).toEqual(['Cấp giấy phép xây…']);
  });

  it('labels by the words a title does not share with its nearest neighbour, skipping weak first words', () => {
    expect(distinctLabels(['Trợ cấp cho người cao tuổi', 'Trợ cấp cho trẻ em mồ côi'])).toEqual(['Cao tuổi', 'Trẻ em mồ côi']);
  });

  it('numbers labels that stay alike, within the length limit', () => {
    expect(distinctLabels(['A', 'A', 'A'])).toEqual(['A (1)', 'A (2)', 'A (3)']);
    const two = distinctLabels(['Đăng ký khai sinh', 'Đăng ký khai sinh'], 12);
    expect(two).toEqual(['Đăng ký… (1)', 'Đăng ký… (2)']);
    for (const l of two) expect(l.length).toBeLessThanOrEqual(12);
  });
  it('a label cut out of a title does not end on its comma', () => {
    const labels = distinctLabels(['Tích hợp, cập nhật, điều chỉnh thông tin trên thẻ căn cước', 'Cập nhật, điều chỉnh thông tin trong Cơ sở dữ liệu quốc gia về dân cư', 'Cấp đổi thẻ căn cước', 'Cấp lại thẻ căn cước']);
    expect(labels[0]).toBe('Tích hợp');
  });
});
