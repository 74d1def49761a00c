import { tokens } from '../nlu/normalize.js';
import type { BotEvent, Feedback } from '../store/types.js';

export type MissReason = 'fallback' | 'clarify_abandoned' | 'thumbs_down' | 'not_this';

export interface MissedQuestion {
  text: string;
  reason: MissReason;
  at: number;
  entryId?: string;
  /** For 👎 / "Không phải": the title of what the bot answered or offered. */
  entryTitle?: string;
}

export interface MissedGroup {
  /** The first (most frequent) wording, used as the group's name. */
  text: string;
  count: number;
  questions: { text: string; count: number }[];
  reasons: Partial<Record<MissReason, number>>;
  lastAt: number;
  /** What villagers judged wrong (👎 / "Không phải"): the entries the bot gave, newest first. */
  judged?: { reason: MissReason; entryId?: string; entryTitle?: string; at: number }[];
}

/** A clarify with no answer after it within this time counts as abandoned. */
const ABANDON_MS = 10 * 60_000;
export const SIMILAR = 0.5;

/** Picks the questions the bot did not help with: fallbacks, abandoned clarifications and 👎. */
export function collectMissed(events: BotEvent[], feedback: Feedback[], now: number): MissedQuestion[] {
  const out: MissedQuestion[] = [];
  const byUser = new Map<string, BotEvent[]>();
  for (const e of [...events].sort((a, b) => a.at - b.at)) {
    const list = byUser.get(e.userKey ?? '') ?? [];
    list.push(e);
    byUser.set(e.userKey ?? '', list);
  }
  for (const list of byUser.values()) {
    list.forEach((e, i) => {
      if (!e.text?.trim()) return;
      if (e.decision === 'fallback') out.push({ text: e.text, reason: 'fallback', at: e.at });
      if (e.decision !== 'clarify') return;
      const next = list[i + 1];
      const abandoned = next ? next.decision !== 'answer' || next.at - e.at > ABANDON_MS : now - e.at > ABANDON_MS;
      if (abandoned) out.push({ text: e.text, reason: 'clarify_abandoned', at: e.at, entryId: e.entryId ?? undefined });
    });
  }
  for (const f of feedback) {
    if (f.useful || !f.question?.trim()) continue;
    out.push({ text: f.question, reason: f.kind === 'not_this' ? 'not_this' : 'thumbs_down', at: f.at, entryId: f.entryId || undefined, entryTitle: f.entryTitle });
  }
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let both = 0;
  for (const t of a) if (b.has(t)) both++;
  const union = a.size + b.size - both;
  return union ? both / union : 0;
}

/** Groups questions whose folded word sets overlap (Jaccard ≥ SIMILAR), biggest group first. */
export function groupMissed(questions: MissedQuestion[]): MissedGroup[] {
  const groups: { words: Set<string>; group: MissedGroup; texts: Map<string, { text: string; count: number }> }[] = [];
  for (const q of questions) {
    const words = new Set(tokens(q.text));
    if (!words.size) continue;
    let home = groups.find((g) => jaccard(g.words, words) >= SIMILAR);
    if (!home) {
      home = { words, group: { text: q.text, count: 0, questions: [], reasons: {}, lastAt: 0 }, texts: new Map() };
      groups.push(home);
    }
    const g = home.group;
    g.count++;
    g.reasons[q.reason] = (g.reasons[q.reason] ?? 0) + 1;
    g.lastAt = Math.max(g.lastAt, q.at);
    if (q.reason === 'thumbs_down' || q.reason === 'not_this') {
      g.judged = [{ reason: q.reason, entryId: q.entryId, entryTitle: q.entryTitle, at: q.at }, ...(g.judged ?? [])].sort((a, b) => b.at - a.at).slice(0, 10);
    }
    const key = [...words].join(' ');
    const seen = home.texts.get(key) ?? { text: q.text.trim(), count: 0 };
    seen.count++;
    home.texts.set(key, seen);
  }
  return groups
    .map(({ group, texts }) => {
      const questionsByCount = [...texts.values()].sort((a, b) => b.count - a.count);
      return { ...group, text: questionsByCount[0]?.text ?? group.text, questions: questionsByCount.slice(0, 20) };
    })
    .sort((a, b) => b.count - a.count || b.lastAt - a.lastAt);
}
