import { fold } from './domains.js';

/**
 * The reviewable border rule: a procedure is border-relevant when its title (diacritics folded)
 * names the border area, border residents or border gates, a border pass, or border trade.
 * Each phrase is what the national titles use for these procedures.
 */
export const BORDER_PHRASES = [
  'khu vuc bien gioi', // civil status with a foreign element in border areas
  'vung bien gioi',
  'cu dan bien gioi', // border residents' goods
  'giay thong hanh', // border passes
  'cua khau', // border gates
  'bien gioi dat lien',
  'vanh dai bien gioi',
  'khu kinh te cua khau',
  'thuong mai bien gioi',
  'mua ban, trao doi hang hoa cua cu dan',
  'bien phong',
] as const;

export function isBorderRelevant(title: string | undefined): boolean {
  const t = fold(title ?? '');
  return BORDER_PHRASES.some((p) => t.includes(p));
}
