import { describe, expect, it } from 'vitest';
import { channelFacts } from '../../src/knowledge/import/detail-to-entry.js';
import { everydayDocumentName, MAX_DOCUMENT_NAME } from '../../src/knowledge/import/document-name.js';
import { durationInText, totalFromStages } from '../../src/knowledge/import/durations.js';
import { papersFromNotes } from '../../src/knowledge/import/papers.js';
import { parseChannelsA, type PortalDetail } from '../../src/knowledge/import/portal-detail.js';
import { merged, recordA, recordB, rules, TODAY } from '../helpers/portal-records.js';

/**
 * Issue 12, the records that gave no usable time or no papers. Every expected value below was read
 * off the real record (copied unchanged into tests/fixtures/portal) by hand.
 */
const a = recordA;
const b = recordB;
const duration = (...details: PortalDetail[]) => channelFacts(merged(...details), rules, TODAY).duration;

describe('processing time stated in words, not in the time cell', () => {
  it('reads "Thời hạn giải quyết hồ sơ: Ngay sau khi nhận đủ hồ sơ" in the channel description (2.001680)', () => {
    expect(duration(a('bo-tu-phap/2.001680'))).toBe('Ngay sau khi nhận đủ hồ sơ');
  });

  it('says "no time is set" only where the record says so (2.002308, 1.004198)', () => {
    expect(duration(b('2.002308'))).toBe('Không quy định thời hạn');
    expect(duration(a('bo-cong-an/1.004198'))).toBe('Chưa quy định thời hạn giải quyết');
  });

  it('reads "đổi ngay" and "cung cấp ngay trong ngày làm việc" (2.001077, 1.011671)', () => {
    expect(duration(a('ngan-hang-nha-nuoc/2.001077'))).toBe('Đổi ngay');
    expect(duration(a('bo-nong-nghiep-mt/1.011671'))).toBe('Ngay trong ngày làm việc hoặc theo thời gian thống nhất với bên yêu cầu cung cấp');
  });

  it('keeps both parts of "02 tháng và 15 ngày làm việc" (1.000280)', () => {
    expect(duration(b('1.000280'))).toBe('2 tháng và 15 ngày làm việc');
  });

  it('takes the one time counted from receiving the file, not the applicant’s deadline (2.002045, 2.002009)', () => {
    // 2.002045 also says "trong thời hạn 10 ngày kể từ ngày có thay đổi": what the business must do.
    expect(duration(a('bo-tai-chinh/2.002045'))).toBe('3 ngày làm việc');
    expect(duration(a('bo-tai-chinh/2.002009'))).toBe('1 ngày làm việc');
  });

  it('states no time for a deadline the applicant must meet (1.000016)', () => {
    expect(duration(a('bo-tai-chinh/1.000016'))).toBeUndefined();
  });

  it('states no time for "tell the taxpayer within 03 days if the file is incomplete" (1.008323)', () => {
    expect(duration(a('bo-tai-chinh/1.008323'))).toBeUndefined();
  });

  it('states no time when the record lists stages whose sum it does not give (1.003160, 1.014257)', () => {
    expect(duration(a('bo-tu-phap/1.003160'), b('1.003160'))).toBeUndefined();
    expect(duration(a('bo-nong-nghiep-mt/1.014257'))).toBeUndefined();
  });

  it('never reads a unit into a bare "1" placeholder (1.007840: raw_text has the same "1")', () => {
    const d = a('bo-tai-chinh/1.007840');
    expect(d.channels.map((c) => [c.bareTime, c.duration])).toEqual([['1', undefined]]);
    expect(d.sourceText).toMatch(/Trực tiếp1Miễn phí/);
    expect(duration(d)).toBeUndefined();
  });

  it('reads the unit of a bare total from office stages that add up to it (1.007926, 1.010090, 1.003395)', () => {
    // "20" in the time cell; Bước 3 "18 ngày làm việc kể từ ngày nhận đủ hồ sơ" + Bước 4 "02 ngày làm việc".
    expect(duration(a('bo-nong-nghiep-mt/1.007926'))).toBe('20 ngày làm việc');
    // "20"; Bước 3 "17 ngày làm việc" + Bước 4 "03 ngày làm việc" (the 01-day completeness answer is not a stage).
    expect(duration(a('bo-nong-nghiep-mt/1.010090'))).toBe('20 ngày làm việc');
    // "2"; Bước 3 "01 ngày làm việc" + Bước 4 "không quá 01 ngày làm việc".
    expect(duration(a('bo-nong-nghiep-mt/1.003395'))).toBe('2 ngày làm việc');
  });

  it('gives a bare total no unit when the stages do not add up to it, are in several units or there is one', () => {
    const stages = 'Bước 3: Trong thời hạn 18 ngày làm việc kể từ ngày nhận đủ hồ sơ, Sở thẩm định.\nBước 4: Trong thời hạn 02 ngày làm việc kể từ ngày nhận được hồ sơ trình, UBND tỉnh cấp quyết định.';
    expect(totalFromStages(stages, '20')).toBe('20 ngày làm việc');
    expect(totalFromStages(stages, '21')).toBeUndefined();
    expect(totalFromStages(stages, '1')).toBeUndefined();
    expect(totalFromStages(stages.replace('02 ngày làm việc', '02 ngày'), '20')).toBeUndefined();
    expect(totalFromStages('Trong thời hạn 20 ngày làm việc kể từ ngày nhận đủ hồ sơ, Sở cấp phép.', '20')).toBeUndefined();
    expect(totalFromStages(`${stages}\nTrường hợp hồ sơ chưa hợp lệ, trong thời hạn 03 ngày làm việc kể từ ngày nhận hồ sơ, Sở thông báo bổ sung.`, '20')).toBe('20 ngày làm việc');
  });

  it('tells an office time from a deadline or a partial stage in single sentences', () => {
    expect(durationInText('Trong thời hạn 05 ngày làm việc kể từ ngày nhận đủ hồ sơ, UBND cấp xã xem xét hồ sơ.')).toBe('5 ngày làm việc');
    expect(durationInText('Trong thời hạn năm (05) ngày làm việc kể từ ngày nhận đủ hồ sơ, Sở cấp giấy phép.')).toBe('5 ngày làm việc');
    expect(durationInText('Thời hạn giải quyết: 15 ngày làm việc.')).toBe('15 ngày làm việc');
    expect(durationInText('Hộ kinh doanh đăng ký trong thời hạn 10 ngày kể từ ngày có thay đổi.')).toBeUndefined();
    expect(durationInText('Trường hợp hồ sơ chưa đầy đủ, trong thời hạn 03 ngày làm việc kể từ ngày tiếp nhận hồ sơ, cơ quan thông báo.')).toBeUndefined();
    expect(durationInText('- Thời hạn tiếp nhận và kiểm tra hồ sơ: 03 ngày làm việc, kể từ khi nhận hồ sơ;\n- Thời hạn trả kết quả: 02 ngày làm việc.')).toBeUndefined();
    expect(durationInText('Sở Tư pháp kiểm tra: 20 ngày, kể từ ngày nhận đủ hồ sơ hợp lệ;\nUBND tỉnh ra Quyết định: 15 ngày, kể từ ngày nhận được hồ sơ do Sở Tư pháp trình')).toBeUndefined();
  });
});

describe('the "1" time placeholder glued to the fee', () => {
  it('reads "1100 VNĐ(… 100.000 đồng/lần …)" as no time and a 100.000 đồng fee (2.002009)', () => {
    const d = a('bo-tai-chinh/2.002009');
    expect(d.channels.map((c) => [c.mode, c.bareTime, c.duration, c.feeVnd])).toEqual([
      ['online', '1', undefined, [100000]],
      ['post', '1', undefined, [100000]],
      ['in_person', '1', undefined, [100000]],
    ]);
  });

  it('states no fee when the glued amount is not also given in đồng', () => {
    const [post] = parseChannelsA('Hình thức nộpThời gianPhí, lệ phíMô tảDịch vụ bưu chính125 VNĐ');
    expect(post).toMatchObject({ mode: 'post', bareTime: '1', feeVnd: [] });
    expect(post?.feeText).toBeUndefined();
  });
});

describe('papers a record names without counting them', () => {
  it('lists the rows of a table with 0/0 counts that name a paper, without a count (1.007840)', () => {
    expect(merged(a('bo-tai-chinh/1.007840')).documents).toEqual([{ name: 'Đơn đề nghị xem hàng hóa trước khi khai hải quan' }]);
  });

  it('does not turn "không quy định" or "Do UBND cấp tỉnh quy định" into a paper (2.001241, 1.013644)', () => {
    expect(merged(a('bo-nong-nghiep-mt/2.001241')).documents).toEqual([]);
    expect(merged(a('bo-nong-nghiep-mt/1.013644'), b('1.013644')).documents).toEqual([]);
  });

  it('strips list markers and keeps only paper rows', () => {
    expect(papersFromNotes(['a) Tờ khai hàng hóa xuất khẩu;', 'Lưu ý: nộp tại bộ phận một cửa', '- Bản gốc và một (01) bản sao Giấy chứng nhận KP.', 'Chưa quy định cụ thể'])).toEqual([
      { name: 'Tờ khai hàng hóa xuất khẩu;' },
      { name: 'Bản gốc và một (01) bản sao Giấy chứng nhận KP.' },
    ]);
  });
});

describe('set-B documents tables flattened into one line', () => {
  it('reads each "Bản chính: N - Bản sao: M" paper with its form file (2.000717, 2.000740)', () => {
    expect(merged(b('2.000717'), a('bo-tai-chinh/2.000717')).documents).toEqual([
      { name: 'Giấy đề nghị nhận chế độ BHXH khi người hưởng từ trần (mẫu số 3-CBH) có xác nhận của chính quyền địa phương nơi người hưởng cư trú', original: 1, copy: 0, form: '03_CBH' },
    ]);
    expect(merged(b('2.000740'), a('bo-tai-chinh/2.000740')).documents).toEqual([
      { name: 'Thông báo thay đổi thông tin người hưởng (mẫu số 2-CBH)', original: 1, copy: 0, form: '02_CBH' },
      { name: 'Chứng từ thu phí mở tài khoản cá nhân lần đầu của Ngân hàng nơi người hưởng mở tài khoản', original: 1, copy: 0 },
    ]);
  });

  it('keeps the case a paper belongs to, marks a heading the page cut, and skips notes (2.000821)', () => {
    const docs = merged(b('2.000821'), a('bo-tai-chinh/2.000821')).documents;
    expect(docs.slice(0, 2)).toEqual([
      { name: 'Bản chính Sổ BHXH', original: 1, copy: 0, group: 'Đối với thân nhân của người đang đóng BHXH và thân nhân người bảo…' },
      {
        name: 'Bản sao Giấy chứng tử hoặc bản sao Giấy báo tử hoặc trích lục khai tử hoặc bản sao Quyết định tuyên bố là đã chết của Tòa án đã có hiệu lực pháp luật',
        original: 0, copy: 1, group: 'Đối với thân nhân của người đang đóng BHXH và thân nhân người bảo…',
      },
    ]);
    expect(docs).toHaveLength(7);
    // "Hồ sơ như quy định tại các điểm b, c, d, e mục 1" and the note on copies are not papers.
    expect(docs.some((d) => /^Hồ sơ như|thành phần hồ sơ/iu.test(d.name))).toBe(false);
  });

  it('never replaces a real table: a page with table rows gets no loose papers', () => {
    expect(b('2.000717').looseDocuments).toHaveLength(1);
    expect(b('1.000280').looseDocuments).toBeUndefined();
  });
});

describe('everyday paper names', () => {
  it('shows a short everyday name first and keeps the official wording and form (1.000045)', () => {
    const names = merged(a('bo-nong-nghiep-mt/1.000045')).documents.map((d) => d.name);
    const longest = names.reduce((x, y) => (y.length > x.length ? y : x));
    expect(longest.length).toBeGreaterThan(120);
    const short = everydayDocumentName(longest, rules);
    expect(short.length).toBeLessThanOrEqual(MAX_DOCUMENT_NAME);
    for (const n of names) expect(everydayDocumentName(n, rules).length).toBeLessThanOrEqual(MAX_DOCUMENT_NAME);
  });

  it('cuts the form citation (kept apart as the form) and says "…" when a case was cut with it', () => {
    expect(everydayDocumentName('Bản chính đơn đề nghị xác nhận Bảng kê lâm sản theo Mẫu số 03 Phụ lục II ban hành kèm theo Thông tư số 26/2025/TT-BNNMTMẫu số 03', rules)).toBe(
      'Bản gốc đơn đề nghị (đơn xin) xác nhận Bảng kê lâm sản',
    );
    expect(everydayDocumentName('Bản sao hồ sơ lâm sản nhập khẩu quy định tại Điều 9 Thông tư số 26/2025/TT-BNNMT đối với trường hợp chủ lâm sản nhập khẩu bán', rules)).toBe(
      'Bản sao hồ sơ lâm sản nhập khẩu…',
    );
  });

  it('leaves a short name as it is', () => {
    expect(everydayDocumentName('Tờ khai đăng ký khai sinh', rules)).toBe('Tờ khai (giấy điền thông tin) đăng ký khai sinh');
  });
});
