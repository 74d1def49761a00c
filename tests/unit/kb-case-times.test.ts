import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseSummary, caseTimes, caseTimesInSteps } from '../../src/knowledge/import/case-times.js';
import { addDetail, channelFacts } from '../../src/knowledge/import/detail-to-entry.js';
import { statedNumbers } from '../../src/knowledge/import/numbers.js';
import type { PortalDetail } from '../../src/knowledge/import/portal-detail.js';
import type { Entry } from '../../src/knowledge/types.js';
import { composeFollowup } from '../../src/replies/followup.js';
import { loadLocales, type Locales } from '../../src/replies/locales.js';
import { merged, recordA, recordB, rules, TODAY } from '../helpers/portal-records.js';

/**
 * Issue 12: a record that gives the processing time case by case. Every expected value below was
 * read off the real record (copied unchanged into tests/fixtures/portal) by hand.
 */
const a = recordA;
const b = recordB;
const facts = (...details: PortalDetail[]) => {
  const f = channelFacts(merged(...details), rules, TODAY);
  return { duration: f.duration, cases: f.durationCases };
};

const ISSUE_VS_REISSUE = {
  duration: '5–8 ngày làm việc, tùy trường hợp',
  cases: [
    { case: 'cấp Giấy xác nhận', time: '8 ngày làm việc' },
    { case: 'cấp lại Giấy xác nhận', time: '5 ngày làm việc' },
  ],
};

describe('a time the record gives case by case (the channel time cell)', () => {
  it('"Đối với trường hợp cấp Giấy xác nhận là 08 ngày …; trường hợp cấp lại Giấy xác nhận là 05 ngày …" (1.014834, set A, set B, both)', () => {
    expect(facts(a('bo-nong-nghiep-mt/1.014834'))).toEqual(ISSUE_VS_REISSUE);
    expect(facts(b('1.014834'))).toEqual(ISSUE_VS_REISSUE);
    expect(facts(a('bo-nong-nghiep-mt/1.014834'), b('1.014834'))).toEqual(ISSUE_VS_REISSUE);
  });

  it('"- 03 ngày …; - 07 ngày … trong trường hợp cần kiểm tra thực tế …": the first time has no case (1.004680, sets A and B)', () => {
    const expected = {
      duration: '3–7 ngày làm việc, tùy trường hợp',
      cases: [
        { time: '3 ngày làm việc' },
        { case: 'cần kiểm tra thực tế về tính chính xác của thông tin trong sổ theo dõi quá trình nuôi sinh trưởng, sinh sản và trồng cấy nhân tạo', time: '7 ngày làm việc' },
      ],
    };
    expect(facts(a('bo-nong-nghiep-mt/1.004680'))).toEqual(expected);
    expect(facts(b('1.004680'))).toEqual(expected);
  });

  it('states no time for an office’s stages that the cell lists (1.003956: "a) Thông báo …: 02 ngày …; b) Thẩm định …: 33 ngày")', () => {
    expect(facts(a('bo-nong-nghiep-mt/1.003956'))).toEqual({ duration: undefined, cases: undefined });
    expect(facts(b('1.003956'))).toEqual({ duration: undefined, cases: undefined });
  });

  it('states no time when one case is itself a list of stages (1.004498: case a) 05 ngày, case b) "Thông báo …: 02 ngày" then more)', () => {
    expect(facts(a('bo-nong-nghiep-mt/1.004498'), b('1.004498'))).toEqual({ duration: undefined, cases: undefined });
  });

  it('states no time for two 08-day stages, the second counted from the trial report (1.004683)', () => {
    expect(facts(a('bo-nong-nghiep-mt/1.004683'))).toEqual({ duration: undefined, cases: undefined });
  });

  it('does not add up two offices’ successive stages the record does not total (1.013805: Sở Tư pháp 05 + Chủ tịch UBND tỉnh 10)', () => {
    expect(facts(a('bo-tu-phap/1.013805'))).toEqual({ duration: undefined, cases: undefined });
  });
});

describe('a time the record gives case by case (steps opened by "Trường hợp 1: …")', () => {
  it('takes one time per case block, each counted from receiving the file (1.009647: 03, 07, 05 ngày làm việc)', () => {
    const { duration, cases } = facts(a('bo-tai-chinh/1.009647'));
    expect(duration).toBe('3–7 ngày làm việc, tùy trường hợp');
    expect(cases?.map((c) => c.time)).toEqual(['3 ngày làm việc', '7 ngày làm việc', '5 ngày làm việc']);
    expect(cases?.[1]?.case).toBe('Điều chỉnh dự án đầu tư không thuộc nội dung quy định tại khoản 1 Điều 56 Nghị định số 96/2026/NĐ-CP (Khoản 2 Điều 56 Nghị định số 96/2026/NĐ-CP)');
  });

  it('states no time when a case is two stages or states none (1.004915: a) 09 ngày to inspect, then 01 ngày after it; d) Trường hợp thiên tai …: no time)', () => {
    expect(facts(a('bo-nong-nghiep-mt/1.004915'))).toEqual({ duration: undefined, cases: undefined });
  });

  it('refuses steps with a time before the first case, or a case block without one', () => {
    const steps = ['Trường hợp 1: Cấp mới - Bước 1: nộp hồ sơ.', '- Bước 2: Trong thời hạn 03 ngày làm việc kể từ ngày nhận được hồ sơ hợp lệ, Sở cấp giấy.', 'Trường hợp 2: Cấp lại - Bước 1: nộp hồ sơ.', '- Bước 2: Trong thời hạn 07 ngày làm việc kể từ ngày nhận được hồ sơ hợp lệ, Sở cấp lại giấy.'];
    expect(caseTimesInSteps(steps)).toEqual([{ case: 'Cấp mới', time: '3 ngày làm việc' }, { case: 'Cấp lại', time: '7 ngày làm việc' }]);
    expect(caseTimesInSteps(['Trong thời hạn 02 ngày làm việc kể từ ngày nhận hồ sơ, Sở kiểm tra.', ...steps])).toBeUndefined();
    expect(caseTimesInSteps(steps.slice(0, 3))).toBeUndefined();
    const twoStages = [...steps.slice(0, 3), '- Bước 2: Trong thời hạn 05 ngày làm việc kể từ ngày nhận được hồ sơ hợp lệ, Sở kiểm tra. Trong thời hạn 02 ngày làm việc kể từ ngày kết thúc kiểm tra, Sở cấp lại giấy.'];
    expect(caseTimesInSteps(twoStages)).toBeUndefined();
  });
});

describe('stages the record lists without a total', () => {
  it('are not the duration, but the time cell’s words are kept behind "Xem thêm" (1.003956)', () => {
    const entry: Entry = { id: '1.003956', kind: 'procedure', curated: false, title: 'Công nhận và giao quyền quản lý cho tổ chức cộng đồng', domain: 'agriculture', level: 'commune', levels: ['commune'] };
    addDetail(entry, merged(a('bo-nong-nghiep-mt/1.003956'), b('1.003956')), rules, TODAY);
    expect(entry.duration).toBeUndefined();
    expect(entry.duration_cases).toBeUndefined();
    expect(entry.official?.duration).toBe('a) Thông báo Phương án bảo vệ và khai thác nguồn lợi thủy sản: 02 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ; b) Thẩm định hồ sơ và trình Chủ tịch Ủy ban nhân dân cấp xã xem xét, quyết định: 33 ngày làm việc');
  });
});

describe('caseTimes on a cell', () => {
  it('reads "Trường hợp …: N ngày" parts and sums up the range', () => {
    const cases = caseTimes('Trường hợp nộp trực tiếp: 05 ngày làm việc; trường hợp nộp qua bưu điện: 10 ngày làm việc');
    expect(cases).toEqual([
      { case: 'nộp trực tiếp', time: '5 ngày làm việc' },
      { case: 'nộp qua bưu điện', time: '10 ngày làm việc' },
    ]);
    expect(cases && caseSummary(cases)).toBe('5–10 ngày làm việc, tùy trường hợp');
  });

  it('names both times when the units differ', () => {
    expect(caseSummary([{ case: 'tài sản gây nguy hiểm', time: '24 giờ' }, { case: 'tài sản khác', time: '7 ngày làm việc' }])).toBe('24 giờ hoặc 7 ngày làm việc, tùy trường hợp');
  });

  it('refuses a "case" that is a file to complete, a time from another paper, one time, or two parts without a case', () => {
    expect(caseTimes('Trường hợp hồ sơ chưa đầy đủ: 03 ngày làm việc; trường hợp cấp mới giấy phép: 10 ngày làm việc')).toBeUndefined();
    expect(caseTimes('- 08 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ; - 08 ngày làm việc kể từ ngày nhận được báo cáo kết quả khảo nghiệm')).toBeUndefined();
    expect(caseTimes('Trường hợp cấp mới giấy phép: 10 ngày làm việc')).toBeUndefined();
    expect(caseTimes('Trường hợp cấp mới: 10 ngày làm việc; trường hợp cấp lại: 10 ngày làm việc')).toBeUndefined();
    expect(caseTimes('- 03 ngày làm việc kể từ ngày nhận hồ sơ; - 07 ngày làm việc kể từ ngày nhận hồ sơ')).toBeUndefined();
  });
});

describe('what a villager reads', () => {
  let locales: Locales;
  beforeAll(async () => {
    locales = await loadLocales(path.resolve('locales'), { warn: () => undefined });
  });

  it('the imported entry keeps the range as its duration and each case with its time, numbers all from the record (1.014834)', () => {
    const entry: Entry = { id: '1.014834', kind: 'procedure', curated: false, title: 'Cấp Giấy xác nhận nuôi trồng thủy sản', domain: 'agriculture', level: 'province', levels: ['province'] };
    addDetail(entry, merged(a('bo-nong-nghiep-mt/1.014834'), b('1.014834')), rules, TODAY);
    expect(entry.duration).toBe(ISSUE_VS_REISSUE.duration);
    expect(entry.duration_cases).toEqual(ISSUE_VS_REISSUE.cases);
    expect(statedNumbers(entry)).toEqual(expect.arrayContaining(['5', '8']));
    const texts = composeFollowup(entry, 'duration', 'vi', locales).filter((p) => p.type === 'text').map((p) => p.text).join('\n');
    expect(texts).toContain('5–8 ngày làm việc, tùy trường hợp\n• cấp Giấy xác nhận: 8 ngày làm việc\n• cấp lại Giấy xác nhận: 5 ngày làm việc');
  });
});
