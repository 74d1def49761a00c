import { describe, expect, it } from 'vitest';
import { isSensitive } from '../../src/nlu/safety.js';

describe('safety: secrets are recognised, ordinary questions are not', () => {
  it.each([
    'ma otp la 123456',
    'OTP: 4829 13',
    'mật khẩu vneid của tôi là abc123, cán bộ xin thì có đưa không',
    'có người gọi xin mã OTP, có nên cho không',
    'cán bộ xã hỏi mật khẩu ngân hàng có sao không',
    'số cccd 036092012345',
    '036 092 012 345',
    'the atm cua toi 9704 1234 5678 9012',
    'so tai khoan 0123456789 cua me',
    'cmnd 142345678',
    'mật khẩu của tôi là abc123',
    'mat khau vneid la Lan@2024',
  ])('"%s" is sensitive', (text) => {
    expect(isSensitive(text)).toBe(true);
  });

  it.each([
    'làm căn cước mất bao nhiêu tiền',
    'không nhận được mã otp khi đăng nhập vneid',
    'gọi cho tôi số 0912345678',
    'giấy phép lái xe hạng A1',
    'năm 2024 đổi thẻ',
    'đăng ký khai sinh cho con sinh ngày 12/03/2025',
    'quên mật khẩu vneid thì làm sao',
    'mật khẩu cấp 2 là gì',
  ])('"%s" is not', (text) => {
    expect(isSensitive(text)).toBe(false);
  });
});
