import { escapeRegExp } from '../../lib/text.js';
/**
 * Quang Ninh only: recognising a record that is another province's own version of a procedure.
 * Province names before and after the 2025 merger (34 provinces), Quảng Ninh excluded.
 */
const OTHER_PROVINCES = [
  'An Giang', 'Bà Rịa - Vũng Tàu', 'Bà Rịa-Vũng Tàu', 'Bạc Liêu', 'Bắc Giang', 'Bắc Kạn', 'Bắc Ninh', 'Bến Tre', 'Bình Dương',
  'Bình Định', 'Bình Phước', 'Bình Thuận', 'Cà Mau', 'Cao Bằng', 'Cần Thơ', 'Đà Nẵng', 'Đắk Lắk', 'Đắk Nông', 'Điện Biên',
  'Đồng Nai', 'Đồng Tháp', 'Gia Lai', 'Hà Giang', 'Hà Nam', 'Hà Nội', 'Hà Tĩnh', 'Hải Dương', 'Hải Phòng', 'Hậu Giang',
  'Hòa Bình', 'Hoà Bình', 'Hưng Yên', 'Khánh Hòa', 'Khánh Hoà', 'Kiên Giang', 'Kon Tum', 'Lai Châu', 'Lạng Sơn', 'Lào Cai',
  'Lâm Đồng', 'Long An', 'Nam Định', 'Nghệ An', 'Ninh Bình', 'Ninh Thuận', 'Phú Thọ', 'Phú Yên', 'Quảng Bình', 'Quảng Nam',
  'Quảng Ngãi', 'Quảng Trị', 'Sóc Trăng', 'Sơn La', 'Tây Ninh', 'Thái Bình', 'Thái Nguyên', 'Thanh Hóa', 'Thanh Hoá',
  'Thừa Thiên Huế', 'Tiền Giang', 'Trà Vinh', 'Tuyên Quang', 'Vĩnh Long', 'Vĩnh Phúc', 'Yên Bái', 'Hồ Chí Minh', 'Huế',
];
/** Names that are also ordinary words or places inside a national name: only matched after "tỉnh"/"thành phố". */
const ONLY_WITH_PREFIX = new Set(['Huế', 'Hòa Bình', 'Hoà Bình', 'Thái Bình', 'Long An', 'Hà Nội', 'Hồ Chí Minh']);

const bare = OTHER_PROVINCES.filter((p) => !ONLY_WITH_PREFIX.has(p)).map(escapeRegExp).join('|');
const all = OTHER_PROVINCES.map(escapeRegExp).join('|');
const PREFIXED = new RegExp(`(?:tỉnh|thành phố|TP\\.?)\\s+(${all})(?![\\p{L}])`, 'iu');
const BARE = new RegExp(`(?<![\\p{L}])(${bare})(?![\\p{L}])`, 'u');

/** The other province a text names ("UBND tỉnh Lạng Sơn", "… - Tỉnh Đắk Lắk", "Bắc Ninh"), if any. */
export function otherProvinceIn(text: string | undefined): string | undefined {
  if (!text) return undefined;
  return PREFIXED.exec(text)?.[1] ?? BARE.exec(text)?.[1];
}

/** A decision number issued by a province (People's Committee or a department), not a ministry. */
export function isLocalDecision(decision: string | undefined): boolean {
  return !!decision && /QĐ-UBND|QĐ-CT|TTr-S|QĐ-S[A-ZĐ]|\/UBND|QĐ-TTHCC|QĐ-VP/.test(decision);
}

export const isQuangNinh = (text: string | undefined) => !!text && /Quảng Ninh/i.test(text);
