/** Vietnamese names for entry fields and categories, so the page never shows a YAML key to a civil servant. */
export const FIELD_NAMES = {
  id: 'Mã thủ tục', kind: 'Loại mục', curated: 'Đã biên soạn', title: 'Tên thủ tục', short_title: 'Tên ngắn', summary: 'Tóm tắt',
  aliases: 'Tên gọi khác', examples: 'Câu hỏi mẫu', keywords: 'Từ khoá', domain: 'Lĩnh vực', level: 'Cấp giải quyết', levels: 'Các cấp giải quyết',
  agency: 'Cơ quan giải quyết', online: 'Dịch vụ công trực tuyến', 'online.url': 'Đường dẫn nộp trực tuyến', 'online.mode': 'Mức trực tuyến',
  where: 'Nộp ở đâu', documents: 'Giấy tờ cần mang', fee: 'Lệ phí', duration: 'Thời gian', channels: 'Cách nộp', valid_until: 'Hiệu lực đến',
  steps: 'Các bước', conditions: 'Điều kiện', result: 'Kết quả nhận được', official: 'Văn bản gốc', legal_basis: 'Căn cứ pháp lý',
  sources: 'Nguồn', updated: 'Ngày cập nhật', reviewed: 'Ngày kiểm tra', border_area: 'Vùng biên giới', related: 'Thủ tục liên quan',
  tay: 'Bản dịch tiếng Tày', dao: 'Bản dịch tiếng Dao', en: 'Bản dịch tiếng Anh', text: 'Nội dung', icon: 'Biểu tượng', name: 'Tên',
  original: 'Bản chính', copy: 'Bản sao', note: 'Ghi chú', entryId: 'Mã thủ tục',
  mode: 'Cách nộp', fee_vnd: 'Số tiền (đồng)', fee_free: 'Miễn phí', exemption: 'Đối tượng được miễn, giảm', url: 'Đường dẫn', source: 'Nguồn',
  variants: 'Tiếng Dao từng nhóm', 'dao-iumien': 'Dao Iu Mien', 'dao-kimmun': 'Dao Kim Mun', review: 'Trạng thái duyệt', fields: 'Duyệt từng mục',
  glossary: 'Từ vựng', form: 'Mẫu đơn',
};

export const DOMAIN_NAMES = {
  'civil-status': 'Hộ tịch', 'residence-id': 'Cư trú, căn cước', land: 'Đất đai', construction: 'Xây dựng', business: 'Kinh doanh',
  'social-welfare': 'Bảo trợ xã hội', 'health-insurance': 'Bảo hiểm y tế, xã hội', transport: 'Giao thông', justice: 'Tư pháp',
  'border-trade': 'Biên giới, xuất nhập cảnh', agriculture: 'Nông nghiệp', education: 'Giáo dục', labour: 'Lao động, việc làm', health: 'Y tế',
  culture: 'Văn hoá, thể thao', 'finance-tax': 'Tài chính, thuế', environment: 'Môi trường', 'industry-trade': 'Công thương', other: 'Khác',
  'digital-skills': 'Kỹ năng số',
};

export const KIND_NAMES = { procedure: 'Thủ tục', guide: 'Hướng dẫn', faq: 'Hỏi đáp' };

/** `documents[2].copy` or `/documents/2/copy` → "Giấy tờ cần mang › 3 › Bản sao". */
export function fieldName(path) {
  if (!path) return '';
  const parts = String(path).replace(/^\//, '').split(/[./[\]]+/).filter(Boolean);
  return parts.map((p) => (/^\d+$/.test(p) ? String(Number(p) + 1) : FIELD_NAMES[p] ?? p)).join(' › ');
}

export const CHANNEL_NAMES = { zalo: 'Zalo', 'zalo-oa': 'Zalo OA', messenger: 'Messenger', botframework: 'Teams/Web', api: 'Web chat' };
export const LANG_NAMES = { vi: 'Tiếng Việt', tay: 'Tày', dao: 'Dao', en: 'English' };
