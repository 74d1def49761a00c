import { describe, expect, it } from 'vitest';
import { dropSecret, isSensitive } from '../../src/nlu/safety.js';

/** Where the line between a secret and an ordinary question lies (nlu-safety.test.ts has the plain cases). */
describe('secrets: the thresholds', () => {
  it('a bare 9-digit (old ID) or 11+ digit number is a secret; 8 and 10 digits are not', () => {
    expect(isSensitive('142345678')).toBe(true);
    expect(isSensitive('03609201234')).toBe(true);
    expect(isSensitive('14234567')).toBe(false);
    expect(isSensitive('0912345678')).toBe(false);
  });

  it('reads a number through dots and dashes as well as spaces', () => {
    expect(isSensitive('036.092.012.345')).toBe(true);
    expect(isSensitive('036-092-012-345')).toBe(true);
  });

  it('an ID or account word with 8+ digits is a secret, with fewer it is not', () => {
    expect(isSensitive('so the 12345678')).toBe(true);
    expect(isSensitive('so the 1234567')).toBe(false);
    expect(isSensitive('cccd het han nam 2030')).toBe(false);
  });

  it('a secret word with 4+ digits is a secret, with 3 it is not', () => {
    expect(isSensitive('ma otp 1234')).toBe(true);
    expect(isSensitive('ma otp 123')).toBe(false);
  });

  it('a secret word beside a word of 4+ letters and digits is the secret itself, not beside 3', () => {
    expect(isSensitive('mat khau la a1b2')).toBe(true);
    expect(isSensitive('mat khau la a1b')).toBe(false);
  });

  it('asking whether to give a secret is a secret question; asking how to reset one is not', () => {
    expect(isSensitive('cán bộ xin mã OTP')).toBe(true);
    expect(isSensitive('quên mật khẩu, chồng tôi cũng không nhớ')).toBe(false);
  });

  it('reads whole words: "passport" is not "pass", "chồng" is not "cho"', () => {
    expect(isSensitive('gia han passport nam 2025')).toBe(false);
    expect(isSensitive('mat khau cua chong')).toBe(false);
    expect(isSensitive('compass otp')).toBe(false);
  });
});

describe('dropSecret', () => {
  it('removes a secret text and flags the message, so it is never stored', () => {
    const m: { text?: string; payload?: string; sensitive?: boolean } = { text: 'ma otp la 123456', payload: 'PICK:1' };
    expect(dropSecret(m)).toBe(true);
    expect(m).toEqual({ text: undefined, payload: 'PICK:1', sensitive: true });
  });

  it('removes a secret free-form payload and keeps the ordinary text', () => {
    const m: { text?: string; payload?: string; sensitive?: boolean } = { text: 'khai sinh', payload: 'mat khau abc123' };
    expect(dropSecret(m)).toBe(true);
    expect(m).toEqual({ text: 'khai sinh', payload: undefined, sensitive: true });
  });

  it('leaves an ordinary message untouched', () => {
    const m: { text?: string; payload?: string; sensitive?: boolean } = { text: 'làm căn cước ở đâu' };
    expect(dropSecret(m)).toBe(false);
    expect(m).toEqual({ text: 'làm căn cước ở đâu' });
    expect(dropSecret({})).toBe(false);
  });

  it('keeps a flag set earlier', () => {
    expect(dropSecret({ text: 'khai sinh', sensitive: true })).toBe(true);
  });
});
