import type { Static } from '@sinclair/typebox';
import type { Level } from '../types.js';
import { fold } from './domains.js';

export type LevelT = Static<typeof Level>;

/** Nearest the villager first: the entry's `level` is the first one the procedure has. */
const ORDER: LevelT[] = ['commune', 'district', 'province', 'other', 'ministry'];

/** "Cấp bộ, Cấp tỉnh, Cấp xã" → [commune, province, ministry]; unknown words are ignored. */
export function levelsFrom(text: string | undefined): LevelT[] {
  const f = fold(text ?? '');
  const found = new Set<LevelT>();
  if (/cap xa|xa, phuong|cap co so/.test(f)) found.add('commune');
  if (/cap huyen/.test(f)) found.add('district');
  if (/cap tinh/.test(f)) found.add('province');
  if (/cap bo|bo\/nganh|cap trung uong/.test(f)) found.add('ministry');
  if (/co quan khac/.test(f)) found.add('other');
  for (const l of ORDER) if (f.trim() === l) found.add(l);
  return ORDER.filter((l) => found.has(l));
}
