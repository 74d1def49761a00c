import type { DomainT } from '../types.js';

/** Lowercase and strip Vietnamese diacritics so rules match however the source spells a field. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
}

/**
 * National-portal field (`linh_vuc`) → our domain folder. First rule whose phrase occurs in the
 * folded field wins, so specific phrases come before general ones ("bao hiem y te" before "bao hiem").
 */
const RULES: [DomainT, string[]][] = [
  ['health-insurance', ['bao hiem y te', 'bhyt', 'bao hiem xa hoi', 'bhxh', 'bhtn']],
  ['labour', ['giao duc nghe nghiep', 'viec lam', 'lao dong', 'tien luong']],
  ['civil-status', ['ho tich', 'nuoi con nuoi', 'quoc tich', 'chung thuc', 'lanh su']],
  ['residence-id', ['cu tru', 'can cuoc', 'dinh danh', 'xuat nhap canh', 'con dau']],
  ['land', ['dat dai', 'do dac']],
  ['border-trade', ['hai quan', 'xuat nhap khau', 'bien gioi', 'thuong mai quoc te']],
  ['agriculture', ['nong nghiep', 'nong lam', 'thuy san', 'thu y', 'lam nghiep', 'trong trot', 'chan nuoi', 'kiem lam', 'thuy loi', 'de dieu', 'nong thon', 'bao ve thuc vat']],
  ['construction', ['xay dung', 'nha o', 'kien truc', 'quy hoach', 'ha tang ky thuat', 'do thi', 'bat dong san']],
  ['transport', ['duong bo', 'hang hai', 'duong thuy', 'duong sat', 'phuong tien giao thong', 'lai xe', 'dang kiem', 'hang khong', 'giao thong']],
  ['justice', ['luat su', 'cong chung', 'thua phat lai', 'tro giup phap ly', 'giam dinh tu phap', 'dau gia', 'quan tai vien', 'trong tai', 'hoa giai', 'tu van phap luat', 'thi hanh an', 'boi thuong nha nuoc', 'ly lich tu phap', 'bien phap bao dam', 'toa an', 'khieu nai', 'phap ly']],
  ['social-welfare', ['bao tro xa hoi', 'nguoi co cong', 'giam ngheo', 'chinh sach', 'tre em', 'cai nghien', 'dan toc', 'te nan']],
  ['health', ['phong benh', 'kham benh', 'duoc', 'thiet bi y te', 'an toan thuc pham', 'y te']],
  ['education', ['giao duc', 'dao tao', 'tuyen sinh', 'van bang']],
  ['culture', ['van hoa', 'du lich', 'the duc the thao', 'my thuat', 'ton giao', 'bao chi', 'xuat ban', 'dien anh']],
  ['business', ['doanh nghiep', 'hop tac xa', 'to hop tac', 'ho kinh doanh', 'dau tu', 'dau thau', 'kinh doanh co dieu kien']],
  ['finance-tax', ['thue', 'ngan hang', 'ngoai hoi', 'kho bac', 'cong san', 'tai chinh', 'tien te', 'thanh toan', 'bao hiem', 'chung khoan', 'tin dung', 'kho quy', 'gia', 'du tru', 'ngan sach']],
  ['environment', ['moi truong', 'tai nguyen nuoc', 'khoang san', 'bien va hai dao', 'khi tuong', 'khi hau', 'bao ton', 'buc xa', 'tran dau']],
  ['industry-trade', ['dien', 'hoa chat', 'cong nghiep', 'vat lieu no', 'thuong mai', 'luu thong hang hoa', 'nguoi tieu dung', 'dau khi', 'vien thong', 'tan so', 'cong nghe thong tin', 'khoa hoc', 'cong nghe']],
];

/** Maps a source field (e.g. "Hộ tịch") to a domain folder; unknown fields go to `other`. */
export function domainFor(field: string | undefined): DomainT {
  const f = ` ${fold(field ?? '')} `;
  for (const [domain, phrases] of RULES) {
    if (phrases.some((p) => new RegExp(`(^|[^a-z])${p}([^a-z]|$)`).test(f))) return domain;
  }
  return 'other';
}
