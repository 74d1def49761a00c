import { beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../src/knowledge/types.js';
import { tFor } from '../../src/replies/answer.js';
import { entryView } from '../../src/replies/localized-entry.js';
import type { Locales } from '../../src/replies/locales.js';
import { officialSections, sectionParts } from '../../src/replies/official.js';
import { MAX_PART_CHARS } from '../../src/replies/text-limits.js';
import { loadRepliesFixture } from '../helpers/replies-fixture.js';

/**
 * The official full text behind "📚 Xem thêm", on the fixture entries: which sections, in which
 * order, worded from the record where it is kept, and cut into phone-sized parts without losing a word.
 */
let locales: Locales;
let birth: Entry;
let residence: Entry;
let t: ReturnType<typeof tFor>;

beforeAll(async () => {
  const fixture = await loadRepliesFixture();
  locales = fixture.locales;
  const { kb } = fixture;
  birth = kb.entries.get('1.001193')!;
  residence = kb.entries.get('test-thuong-tru')!;
  t = tFor(locales, 'vi');
});

const sections = (e: Entry) => officialSections(entryView(e, 'vi'), t);

describe('officialSections', () => {
  it('from the entry\'s plain fields: title and sentence, papers with notes, steps, fee, time, place, legal basis, sources', () => {
    expect(sections({ ...birth, conditions: ['Trẻ sinh ra tại Việt Nam', 'Bố hoặc mẹ là công dân Việt Nam'], result: 'Giấy khai sinh (bản chính)' })).toEqual([
      '📚 Chi tiết: Đăng ký khai sinh\nLàm giấy khai sinh cho con mới sinh. Bố hoặc mẹ đi đăng ký trong 60 ngày.',
      '✅ Điều kiện:\n• Trẻ sinh ra tại Việt Nam\n• Bố hoặc mẹ là công dân Việt Nam',
      '🗂️ Giấy tờ cần mang:\n☐ Giấy chứng sinh (1 bản chính)\n☐ Căn cước của bố hoặc mẹ (1 bản chính): xuất trình, không nộp',
      '🪜 Các bước:\n1. 📄 Chuẩn bị giấy chứng sinh <b>&\n2. 🏢 Đến bộ phận một cửa UBND xã\n3. 📝 Điền tờ khai\n4. 📥 Nộp hồ sơ\n5. ⏳ Chờ cán bộ kiểm tra\n6. 📬 Nhận giấy khai sinh\n7. ▶️ Kiểm tra lại thông tin trên giấy',
      '💰 Lệ phí:\nMiễn phí',
      '⏱️ Thời gian:\nTrong ngày',
      '📍 Cơ quan giải quyết:\nBộ phận một cửa UBND xã nơi bố hoặc mẹ cư trú',
      '📄 Kết quả nhận được:\nGiấy khai sinh (bản chính)',
      '⚖️ Căn cứ pháp lý:\n• Luật Hộ tịch 2014',
      'Nguồn: https://dichvucong.gov.vn/p/home/dvc-trang-chu.html',
    ]);
  });

  it('the record\'s own wording wins where it is kept', () => {
    const e: Entry = {
      ...birth,
      official: {
        title: 'Đăng ký khai sinh (thủ tục hành chính cấp xã)',
        conditions: 'Trẻ em sinh ra còn sống.',
        documents: ['Tờ khai đăng ký khai sinh theo mẫu', 'Bản chính Giấy chứng sinh'],
        steps: ['Bước 1: Nộp hồ sơ', 'Cán bộ kiểm tra hồ sơ'],
        fee: 'Miễn lệ phí',
        duration: 'Ngay trong ngày tiếp nhận',
        agency: 'UBND cấp xã',
      },
      channels: [{ mode: 'in_person', exemption: 'Miễn cho trẻ em.' }, { mode: 'online', exemption: ' Miễn cho trẻ em. ' }],
    } as Entry;
    expect(sections(e).slice(0, 8)).toEqual([
      '📚 Chi tiết: Đăng ký khai sinh (thủ tục hành chính cấp xã)\nLàm giấy khai sinh cho con mới sinh. Bố hoặc mẹ đi đăng ký trong 60 ngày.',
      '✅ Điều kiện:\nTrẻ em sinh ra còn sống.',
      '🗂️ Giấy tờ cần mang:\n• Tờ khai đăng ký khai sinh theo mẫu\n• Bản chính Giấy chứng sinh',
      // a step the record numbers itself keeps its words; the others are numbered
      '🪜 Các bước:\nBước 1: Nộp hồ sơ\n2. Cán bộ kiểm tra hồ sơ',
      '💰 Lệ phí:\nMiễn lệ phí\nMiễn cho trẻ em.',
      '⏱️ Thời gian:\nNgay trong ngày tiếp nhận',
      '📍 Cơ quan giải quyết:\nUBND cấp xã',
      '⚖️ Căn cứ pháp lý:\n• Luật Hộ tịch 2014',
    ]);
  });

  it('papers: the form after a dash, the official wording before the note', () => {
    const e = { ...birth, documents: [{ name: 'Tờ khai', original: 1, form: 'Mẫu TK1', official: 'Tờ khai theo mẫu quy định', note: 'điền sẵn' }, { name: 'Ảnh', copy: 2, form: 'Mẫu A' }] } as Entry;
    expect(sections(e)[1]).toBe('🗂️ Giấy tờ cần mang:\n☐ Tờ khai (1 bản chính) – Mẫu TK1: Tờ khai theo mẫu quy định\n☐ Ảnh (2 bản sao) – Mẫu A');
  });

  it('leaves out what the entry does not hold: no empty headers; only web links as sources', () => {
    const e = { ...residence, sources: ['Quyết định 123/QĐ-UBND', 'http://a.vn/x', 'ftp://b.vn'], official: { conditions: '  ', duration: '' } } as Entry;
    expect(sections(e)).toEqual([
      '📚 Chi tiết: Đăng ký thường trú',
      '🪜 Các bước:\n1. 📱 Khai báo trên ứng dụng',
      'Nguồn: http://a.vn/x',
    ]);
    expect(sections({ ...residence, sources: [], steps: [] })).toEqual(['📚 Chi tiết: Đăng ký thường trú']);
  });

  it('the place falls back to the agency and its level', () => {
    const e = { ...residence, agency: 'Công an xã', level: 'commune' } as Entry;
    expect(sections(e)).toContain('📍 Cơ quan giải quyết:\nCông an xã (cấp xã)');
  });
});

describe('sectionParts', () => {
  it('short neighbours share one part, separated by a blank line', () => {
    expect(sectionParts(['A', 'B', 'C'])).toEqual([{ type: 'text', text: 'A\n\nB\n\nC' }]);
  });

  it('a part is never over the limit: a long section is split at sentences, a full part starts a new one', () => {
    const sentence = 'Người đề nghị nộp hồ sơ tại bộ phận một cửa của Ủy ban nhân dân xã. ';
    const long = sentence.repeat(20).trim();
    const parts = sectionParts(['📚 Chi tiết: Đăng ký', long, 'Nguồn: http://a.vn']);
    for (const p of parts) expect(p.type === 'text' && p.text.length <= MAX_PART_CHARS).toBe(true);
    const texts = parts.map((p) => (p.type === 'text' ? p.text : ''));
    expect(texts.length).toBeGreaterThanOrEqual(3);
    // no word is lost or cut: the parts read back as the sections
    expect(texts.join(' ').replace(/\s+/g, ' ')).toBe(['📚 Chi tiết: Đăng ký', long, 'Nguồn: http://a.vn'].join(' ').replace(/\s+/g, ' '));
    for (const x of texts) expect(x.endsWith('.') || x.endsWith('http://a.vn')).toBe(true);
  });

  it('exactly at the limit two sections still share a part; one character more and they do not', () => {
    const a = 'a'.repeat(10);
    expect(sectionParts([a, 'b'.repeat(8)], 20)).toHaveLength(1);
    expect(sectionParts([a, 'b'.repeat(9)], 20)).toHaveLength(2);
    expect(sectionParts([], 20)).toEqual([]);
  });

  it('the official text of a real-sized entry comes out in phone-sized parts', () => {
    const steps = Array.from({ length: 12 }, (_, i) => ({ text: `Bước làm việc thứ ${i + 1}: người dân mang hồ sơ đến và cán bộ kiểm tra từng giấy tờ theo danh mục`, icon: 'form' }));
    const parts = sectionParts(sections({ ...birth, steps }));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.type === 'text' && p.text.length <= MAX_PART_CHARS).toBe(true);
    expect(parts.map((p) => (p.type === 'text' ? p.text : '')).join('\n')).toContain('12. 📝 Bước làm việc thứ 12');
  });
});
