import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../services.js';
import type { BotEvent, HandoffCase } from '../store/types.js';
import type { AdminRole } from './auth.js';

const ALL: AdminRole[] = ['admin', 'editor', 'team'];
const DAY = 86_400_000;

export interface DayCount { day: string; total: number; answered: number; fallback: number }

function countBy<T>(items: T[], key: (x: T) => string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of items) {
    const k = key(x);
    if (k) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/** Questions per day (UTC dates), oldest first, with empty days filled in. */
export function perDay(events: BotEvent[], days: number, now: number): DayCount[] {
  const out = new Map<string, DayCount>();
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(now - i * DAY).toISOString().slice(0, 10);
    out.set(day, { day, total: 0, answered: 0, fallback: 0 });
  }
  for (const e of events) {
    const d = out.get(new Date(e.at).toISOString().slice(0, 10));
    if (!d) continue;
    d.total++;
    if (e.decision === 'answer' || e.decision === 'followup') d.answered++;
    if (e.decision === 'fallback') d.fallback++;
  }
  return [...out.values()];
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? null;
}

/** Case counts by state and the median minutes from opening to the first human reply. */
export function caseNumbers(cases: HandoffCase[]) {
  const waits = cases.filter((c) => c.firstReplyAt).map((c) => ((c.firstReplyAt as number) - c.createdAt) / 60_000);
  const m = median(waits);
  return { byState: countBy(cases, (c) => c.state), total: cases.length, medianMinutesToFirstReply: m === null ? null : Math.round(m * 10) / 10, replied: waits.length };
}

/** GET /stats: the numbers an admin wants, for the last `days` days. */
export async function statsRoutes(app: FastifyInstance, opts: { services: AppServices }): Promise<void> {
  const { store, knowledge } = opts.services;
  app.get('/stats', {
    config: { roles: ALL },
    schema: { tags: ['numbers'], summary: 'Questions per day, by language and channel, answered vs fallback, top entries, cases and time to first reply',
      querystring: { type: 'object', properties: { days: { type: 'integer', minimum: 1, maximum: 366, default: 14 } } } },
  }, async (req) => {
    const days = (req.query as { days: number }).days;
    const now = Date.now();
    const since = now - days * DAY;
    const [events, cases] = await Promise.all([store.listEvents({ since, limit: 200_000 }), store.listCases({ limit: 100_000 })]);
    const kb = knowledge.current().kb;
    const top = Object.entries(countBy(events.filter((e) => e.decision === 'answer'), (e) => e.entryId ?? undefined))
      .sort((a, b) => b[1] - a[1]).slice(0, 10)
      .map(([id, count]) => ({ id, title: kb.entries.get(id)?.title ?? id, count }));
    return {
      days, total: events.length, perDay: perDay(events, days, now),
      byLang: countBy(events, (e) => e.lang), byChannel: countBy(events, (e) => e.channel), byDecision: countBy(events, (e) => e.decision),
      topEntries: top, cases: caseNumbers(cases.filter((c) => c.createdAt >= since)),
    };
  });
}
