import type { KnowledgeBase } from '../knowledge/types.js';
import { tokens } from './normalize.js';

export interface Candidate {
  id: string;
  title: string;
  /** Calibrated: the chance that this candidate is what the user meant. */
  confidence: number;
}

export interface MatchOutcome {
  /** Best first, at most 5. */
  candidates: Candidate[];
}

export interface Matcher {
  match(text: string): MatchOutcome;
}

const MAX_INPUT = 500;

/** First matcher: weighted token overlap. src/nlu is where the real one grows. */
export function buildMatcher(kb: KnowledgeBase): Matcher {
  const index = kb.list.map((e) => {
    const weights = new Map<string, number>();
    const add = (text: string | undefined, w: number) => {
      for (const t of tokens(text ?? '')) weights.set(t, Math.max(weights.get(t) ?? 0, w));
    };
    add(e.title, 2);
    for (const a of e.aliases ?? []) add(a, 3);
    for (const x of e.examples ?? []) add(x, 2);
    for (const k of e.keywords ?? []) add(k, 3);
    return { entry: e, weights };
  });
  return {
    match(text: string): MatchOutcome {
      const q = [...new Set(tokens(text.slice(0, MAX_INPUT)))];
      if (!q.length) return { candidates: [] };
      const scored = index
        .map(({ entry, weights }) => {
          let s = 0;
          for (const t of q) s += weights.get(t) ?? 0;
          return { entry, s };
        })
        .filter((x) => x.s > 0)
        .sort((a, b) => b.s - a.s)
        .slice(0, 5);
      const top = scored[0]?.s ?? 1;
      return {
        candidates: scored.map(({ entry, s }) => ({
          id: entry.id,
          title: entry.title,
          confidence: Math.min(1, (s / (q.length * 3)) * (s / top)),
        })),
      };
    },
  };
}
