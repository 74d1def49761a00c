import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../src/knowledge/types.js';
import { dong, durationText, exemptionText, feeText, isStubAnswer, isTitleOnly, unknownFacts, viDate, whereText } from '../../src/replies/facts.js';
import { loadLocales, type Locales } from '../../src/replies/locales.js';

/** The fee, time and place lines of a first answer, as a Vietnamese villager reads them. */
let locales: Locales;
beforeAll(async () => {
  locales = await loadLocales(path.resolve('locales'), { warn: () => undefined });
});
const t = (key: string, params?: Record<string, string | number>) => locales.t('vi', key, params);
/** A day before every end date below, so dated facts still hold. */
const JUNE = new Date('2026-06-01T00:00:00Z');
const entry = (extra: Record<string, unknown> = {}): Entry => ({ id: 'x', title: 'Thủ tục', kind: 'procedure', curated: true, domain: 'civil-status', ...extra }) as Entry;

describe('amounts and dates', () => {
  it('writes đồng with dots between thousands and dates day/month/year', () => {
    expect(dong(0)).toBe('0đ');
    expect(dong(500)).toBe('500đ');
    expect(dong(4000)).toBe('4.000đ');
    expect(dong(1234567)).toBe('1.234.567đ');
    expect(viDate('2026-12-31')).toBe('31/12/2026');
  });
});

describe('feeText', () => {
  it('per channel when in person and online differ', () => {
    const e = entry({ channels: [{ mode: 'in_person', fee_vnd: [8000] }, { mode: 'online', fee_vnd: [4000] }] });
    expect(feeText(e, t)).toBe('trực tiếp 8.000đ; online 4.000đ');
  });

  it('free on one channel, several amounts on another', () => {
    const e = entry({ channels: [{ mode: 'in_person', fee_vnd: [50000, 100000] }, { mode: 'online', fee_free: true }] });
    expect(feeText(e, t)).toBe('trực tiếp 50.000đ / 100.000đ; online Miễn phí');
  });

  it('the entry\'s plain fee when channels agree, with the date until which it holds', () => {
    expect(feeText(entry({ fee: 'Miễn phí' }), t)).toBe('Miễn phí');
    expect(feeText(entry({ fee: '20.000đ', valid_until: { fee: '2026-12-31' } }), t, JUNE)).toBe('20.000đ (đến hết 31/12/2026)');
    expect(feeText(entry({ fee: '20.000đ đến hết 31/12/2026', valid_until: { fee: '2026-12-31' } }), t, JUNE)).toBe('20.000đ đến hết 31/12/2026');
    const agree = entry({ fee: 'Theo quy định', channels: [{ mode: 'in_person', fee_vnd: [1000] }, { mode: 'online', fee_vnd: [1000] }] });
    expect(feeText(agree, t)).toBe('Theo quy định');
  });

  it('the channels\' common fee when the entry states none; nothing when nothing is stated', () => {
    expect(feeText(entry({ channels: [{ mode: 'in_person', fee_vnd: [1000] }, { mode: 'online', fee_vnd: [1000] }] }), t)).toBe('1.000đ');
    expect(feeText(entry({ channels: [{ mode: 'online', fee: 'Theo biểu phí' }, { mode: 'post' }] }), t)).toBe('Theo biểu phí');
    expect(feeText(entry({ channels: [{ mode: 'online', fee_free: true, valid_until: '2026-06-30' }] }), t, JUNE)).toBe('Miễn phí (đến hết 30/06/2026)');
    expect(feeText(entry({ channels: [{ mode: 'online', fee_vnd: [] }], valid_until: { fee: '2026-06-30' } }), t, JUNE)).toBeUndefined();
    expect(feeText(entry({ channels: [{ mode: 'online', fee_vnd: [2000] }], valid_until: { fee: '2026-06-30' } }), t, JUNE)).toBe('2.000đ (đến hết 30/06/2026)');
    expect(feeText(entry(), t)).toBeUndefined();
  });

  it('a dated channel fee says until when in the per-channel line', () => {
    const e = entry({ channels: [{ mode: 'in_person', fee_vnd: [8000] }, { mode: 'online', fee_free: true, valid_until: '2026-12-31' }] });
    expect(feeText(e, t, JUNE)).toBe('trực tiếp 8.000đ; online Miễn phí (đến hết 31/12/2026)');
  });

  it('never states a fee whose last day has passed: the channel drops out, or the fee is unknown', () => {
    const after = new Date('2027-01-01T00:00:00Z');
    const lastDay = new Date('2026-12-31T00:00:00Z');
    const split = entry({ channels: [{ mode: 'in_person', fee_vnd: [8000] }, { mode: 'online', fee_free: true, valid_until: '2026-12-31' }] });
    expect(feeText(split, t, lastDay)).toBe('trực tiếp 8.000đ; online Miễn phí (đến hết 31/12/2026)');
    expect(feeText(split, t, after)).toBe('trực tiếp 8.000đ');
    const dated = entry({ fee: '4.000đ', valid_until: { fee: '2026-12-31' }, documents: [{ name: 'Tờ khai' }], duration: '5 ngày', where: 'UBND xã' });
    expect(feeText(dated, t, after)).toBeUndefined();
    expect(feeText(entry({ channels: [{ mode: 'online', fee_free: true, valid_until: '2026-12-31' }] }), t, after)).toBeUndefined();
    expect(unknownFacts(dated, t, after)).toEqual(['fee']);
  });
});

describe('exemptionText', () => {
  it('says each exemption once', () => {
    expect(exemptionText(entry({ channels: [{ mode: 'in_person', exemption: ' Hộ nghèo miễn phí. ' }, { mode: 'online', exemption: 'Hộ nghèo miễn phí.' }, { mode: 'post', exemption: 'Người cao tuổi giảm 50%.' }] }))).toBe(
      'Hộ nghèo miễn phí. Người cao tuổi giảm 50%.',
    );
    expect(exemptionText(entry({ channels: [{ mode: 'online', exemption: '  ' }] }))).toBeUndefined();
    expect(exemptionText(entry())).toBeUndefined();
  });
});

describe('durationText', () => {
  it('per channel when they differ, else the entry\'s time (dated), else the common one', () => {
    expect(durationText(entry({ channels: [{ mode: 'in_person', duration: '5 ngày' }, { mode: 'online', duration: '3 ngày' }] }), t)).toBe('trực tiếp 5 ngày; online 3 ngày');
    expect(durationText(entry({ duration: 'Trong ngày', valid_until: { duration: '2027-01-01' } }), t, JUNE)).toBe('Trong ngày (đến hết 01/01/2027)');
    expect(durationText(entry({ channels: [{ mode: 'in_person', duration: '5 ngày' }, { mode: 'online', duration: '5 ngày' }] }), t)).toBe('5 ngày');
    expect(durationText(entry(), t)).toBeUndefined();
  });
});

describe('whereText', () => {
  it('the entry\'s own words, else its agency and level', () => {
    expect(whereText(entry({ where: 'Bộ phận một cửa', agency: 'UBND xã' }), t)).toBe('Bộ phận một cửa');
    expect(whereText(entry({ agency: 'UBND xã', level: 'commune' }), t)).toBe('UBND xã (cấp xã)');
    expect(whereText(entry({ agency: 'Công an tỉnh' }), t)).toBe('Công an tỉnh');
    expect(whereText(entry({ level: 'commune' }), t)).toBeUndefined();
  });
});

describe('what an answer must name as not known', () => {
  it('lists each missing fact, in the order the answer shows them', () => {
    expect(unknownFacts(entry(), t)).toEqual(['documents', 'fee', 'duration', 'where']);
    expect(unknownFacts(entry({ documents: [{ name: 'Đơn' }], fee: 'Miễn phí' }), t)).toEqual(['duration', 'where']);
    expect(unknownFacts(entry({ documents: [], duration: '1 ngày', agency: 'UBND xã' }), t)).toEqual(['documents', 'fee']);
  });

  it('an entry with only a title (and maybe a link) is title-only; any fact, step or summary makes it not', () => {
    expect(isTitleOnly(entry({ sources: ['https://dichvucong.gov.vn'] }), t)).toBe(true);
    expect(isTitleOnly(entry({ fee: '1.000đ' }), t)).toBe(false);
    expect(isTitleOnly(entry({ steps: [{ text: 'Nộp' }] }), t)).toBe(false);
    expect(isTitleOnly(entry({ steps: [] }), t)).toBe(true);
    expect(isTitleOnly(entry({ summary: 'Làm giấy' }), t)).toBe(false);
    expect(isTitleOnly(entry({ official: { title: 'Thủ tục' } }), t)).toBe(false);
    expect(isTitleOnly(entry({ conditions: ['Có hộ khẩu'] }), t)).toBe(false);
    expect(isTitleOnly(entry({ conditions: [] }), t)).toBe(true);
    expect(isTitleOnly(entry({ result: 'Giấy khai sinh' }), t)).toBe(false);
  });
});

describe('isStubAnswer (the kb:stats stub figure)', () => {
  it('is the "only the name" reply, or an answer that states none of papers, fee and time', () => {
    expect(isStubAnswer(entry({ sources: ['https://dichvucong.gov.vn'] }), t)).toBe(true);
    // Name and place only, even with an official text behind "more": the old "tên và nơi" stub.
    expect(isStubAnswer(entry({ where: 'UBND xã', official: { title: 'Thủ tục' }, steps: [{ text: 'Nộp ở UBND xã' }] }), t)).toBe(true);
    expect(isStubAnswer(entry({ where: 'UBND xã', documents: [{ name: 'Tờ khai' }] }), t)).toBe(false);
    expect(isStubAnswer(entry({ where: 'UBND xã', duration: '3 ngày' }), t)).toBe(false);
    expect(isStubAnswer(entry({ channels: [{ mode: 'in_person', fee_free: true }] }), t)).toBe(false);
  });
});
