/**
 * Names of Vietnam's provinces and centrally-run cities other than Quảng Ninh: the 63 units
 * before the 1 July 2025 merger (a record may still name an old one) and the new name among the
 * 34 after it (Huế; the others kept an old name). Resolution 202/2025/QH15 on the arrangement of
 * provincial-level units. A reply shown to a Quảng Ninh villager names none of them.
 */
export const OTHER_PROVINCES: readonly string[] = [
  'An Giang', 'Bà Rịa - Vũng Tàu', 'Bà Rịa – Vũng Tàu', 'Bà Rịa-Vũng Tàu', 'Bạc Liêu', 'Bắc Giang', 'Bắc Kạn', 'Bắc Ninh', 'Bến Tre',
  'Bình Dương', 'Bình Định', 'Bình Phước', 'Bình Thuận', 'Cà Mau', 'Cao Bằng', 'Cần Thơ', 'Đà Nẵng', 'Đắk Lắk',
  'Đắk Nông', 'Điện Biên', 'Đồng Nai', 'Đồng Tháp', 'Gia Lai', 'Hà Giang', 'Hà Nam', 'Hà Nội', 'Hà Tĩnh',
  'Hải Dương', 'Hải Phòng', 'Hậu Giang', 'Hòa Bình', 'Hoà Bình', 'Hưng Yên', 'Khánh Hòa', 'Khánh Hoà', 'Kiên Giang',
  'Kon Tum', 'Lai Châu', 'Lạng Sơn', 'Lào Cai', 'Lâm Đồng', 'Long An', 'Nam Định', 'Nghệ An', 'Ninh Bình',
  'Ninh Thuận', 'Phú Thọ', 'Phú Yên', 'Quảng Bình', 'Quảng Nam', 'Quảng Ngãi', 'Quảng Trị', 'Sóc Trăng', 'Sơn La',
  'Tây Ninh', 'Thái Bình', 'Thái Nguyên', 'Thanh Hóa', 'Thanh Hoá', 'Thừa Thiên Huế', 'Huế', 'Tiền Giang',
  'Hồ Chí Minh', 'Trà Vinh', 'Tuyên Quang', 'Vĩnh Long', 'Vĩnh Phúc', 'Yên Bái',
];

const LETTER = '\\p{L}';
const PATTERNS = OTHER_PROVINCES.map((name) => ({ name, re: new RegExp(`(?<!${LETTER})${name.normalize('NFC')}(?!${LETTER})`, 'u') }));

/** The other provinces a text names (case-sensitive: "hòa bình" the word is not Hòa Bình the province). */
export function otherProvincesIn(text: string): string[] {
  const t = text.normalize('NFC');
  return PATTERNS.filter((p) => p.re.test(t)).map((p) => p.name);
}
