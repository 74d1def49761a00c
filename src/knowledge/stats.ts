import type { Entry } from './types.js';

/** The counts kb:check prints after the problems. */
export interface KnowledgeStats {
  total: number;
  byKind: Record<string, number>;
  byDomain: Record<string, number>;
  curated: number;
  catalogueOnly: number;
  byLevel: Record<string, number>;
  /** language → review status → entries with that override */
  languages: Record<'tay' | 'dao' | 'en', { reviewed: number; draft: number }>;
}

const bump = (rec: Record<string, number>, key: string) => (rec[key] = (rec[key] ?? 0) + 1);

/** Counts entries by kind, domain, level, curation and per-language review status. */
export function knowledgeStats(entries: readonly Entry[]): KnowledgeStats {
  const s: KnowledgeStats = {
    total: entries.length, byKind: {}, byDomain: {}, curated: 0, catalogueOnly: 0, byLevel: {},
    languages: { tay: { reviewed: 0, draft: 0 }, dao: { reviewed: 0, draft: 0 }, en: { reviewed: 0, draft: 0 } },
  };
  for (const e of entries) {
    bump(s.byKind, e.kind);
    bump(s.byDomain, e.domain);
    if (e.level) bump(s.byLevel, e.level);
    if (e.curated) s.curated++;
    else s.catalogueOnly++;
    for (const lang of ['tay', 'dao', 'en'] as const) {
      const review = e[lang]?.review;
      if (review) s.languages[lang][review]++;
    }
  }
  return s;
}

const list = (rec: Record<string, number>) => Object.entries(rec).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';

/** Human-readable lines for kb:check. */
export function formatStats(s: KnowledgeStats): string[] {
  return [
    `entries: ${s.total} (curated ${s.curated}, catalogue-only ${s.catalogueOnly})`,
    `by kind: ${list(s.byKind)}`,
    `by domain: ${list(s.byDomain)}`,
    `by level: ${list(s.byLevel)}`,
    ...(['tay', 'dao', 'en'] as const).map((l) => `${l}: ${s.languages[l].reviewed} reviewed, ${s.languages[l].draft} draft`),
  ];
}
