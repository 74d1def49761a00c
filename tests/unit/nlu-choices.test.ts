import { describe, expect, it } from 'vitest';
import { CHOICE_LABEL_MAX, collapseVariants, distinctLabels } from '../../src/nlu/choices.js';

describe('clarify choices are distinct and useful', () => {
  it('collapses versions of one procedure (same words, another level) into one choice', () => {
    const titles = ['Tách thửa đất, hợp thửa đất', 'Tách thửa đất, hợp thửa đất', 'Tách thửa, hợp thửa đất', 'Tách thửa hoặc hợp thửa đất', 'Đăng ký biến động đất đai'];
    expect(collapseVariants(titles, (t) => t)).toEqual(['Tách thửa đất, hợp thửa đất', 'Đăng ký biến động đất đai']);
    const passport = ['Trình báo mất hộ chiếu phổ thông (thực hiện tại cấp xã)', 'Trình báo mất hộ chiếu phổ thông (thực hiện tại cấp huyện)', 'Cấp hộ chiếu phổ thông ở trong nước (thực hiện tại cấp tỉnh)'];
    expect(collapseVariants(passport, (t) => t)).toHaveLength(2);
  });

  it('keeps procedures apart when the action or the age differs, however alike the words', () => {
    expect(collapseVariants(['Cấp đổi thẻ bảo hiểm y tế', 'Cấp lại thẻ bảo hiểm y tế'], (t) => t)).toHaveLength(2);
    expect(collapseVariants(['Cấp thẻ căn cước cho người dưới 14 tuổi', 'Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên'], (t) => t)).toHaveLength(2);
  });

  it('labels each choice by what sets it apart, never two alike, each short enough for Messenger', () => {
    const labels = distinctLabels(['Cấp thẻ căn cước cho người dưới 14 tuổi', 'Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên', 'Cấp đổi thẻ căn cước', 'Cấp lại thẻ căn cước']);
    expect(labels).toEqual(['Dưới 14 tuổi', 'Từ đủ 14', 'Cấp đổi thẻ', 'Cấp lại thẻ']);
    const birth = distinctLabels(['Thủ tục đăng ký khai sinh', 'Thủ tục đăng ký lại khai sinh', 'Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh', 'Thủ tục đăng ký khai sinh có yếu tố nước ngoài']);
    expect(new Set(birth).size).toBe(4);
    expect(birth[3]).toBe('Có yếu tố nước ngoài');
    for (const l of [...labels, ...birth]) expect(l.length).toBeLessThanOrEqual(CHOICE_LABEL_MAX);
  });

  it('identical titles still get different labels', () => {
    const labels = distinctLabels(['Trình báo mất hộ chiếu phổ thông', 'Trình báo mất hộ chiếu phổ thông']);
    expect(new Set(labels).size).toBe(2);
    for (const l of labels) expect(l.length).toBeLessThanOrEqual(CHOICE_LABEL_MAX);
  });
});
