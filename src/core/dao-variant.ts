import type { DaoVariant } from '../domain/languages.js';
import type { Session } from '../domain/session.js';
import type { Commune } from '../knowledge/types.js';

/**
 * Which Dao language a villager reads: the one they chose in the picker, else the one
 * communes.yaml names for their commune (`dao_variant`, only where a source says it), else none
 * (the picker asks; until then Dao reads as Vietnamese).
 */
export function daoVariantOf(session: Pick<Session, 'daoVariant' | 'communeCode'> | undefined, communes: readonly Commune[]): DaoVariant | undefined {
  if (session?.daoVariant) return session.daoVariant;
  const code = session?.communeCode;
  return code ? communes.find((c) => c.code === code)?.dao_variant : undefined;
}
