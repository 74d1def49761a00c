import { describe, expect, it } from 'vitest';
import { parseDay, parseVnd } from '../../src/admin/form-check.js';

describe('what a civil servant types for an amount or a date', () => {
  it('reads amounts in đồng written the Vietnamese way, and nothing else', () => {
    expect(parseVnd('7.500.000')).toBe(7_500_000);
    expect(parseVnd('7,500,000 đ')).toBe(7_500_000);
    expect(parseVnd('50000 đồng')).toBe(50_000);
    expect(parseVnd('0')).toBe(0);
    for (const bad of ['bảy triệu', '7.5', '7.50.000', '-5000', '50k', '', '1.000.000.000.000']) expect(parseVnd(bad)).toBeNull();
  });

  it('reads dd/mm/yyyy (or the schema form YYYY-MM-DD) and refuses days that do not exist', () => {
    expect(parseDay('31/12/2026')).toBe('2026-12-31');
    expect(parseDay('1/7/2025')).toBe('2025-07-01');
    expect(parseDay('2027-06-30')).toBe('2027-06-30');
    for (const bad of ['31/02/2027', '2027/13/01', '12/31/2026', 'hết năm 2026', '']) expect(parseDay(bad)).toBeNull();
  });
});
