import { escapeRegExp } from '../../lib/text.js';
import { OTHER_PROVINCES } from '../provinces.js';
/**
 * Quang Ninh only: recognising a record that is another province's own version of a procedure.
 * The province names are the one list in src/knowledge/provinces.ts.
 */
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
