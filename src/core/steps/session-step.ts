import type { TurnStep } from '../context.js';
import type { Outcome } from '../../domain/outcome.js';
import { rememberMessage } from '../../domain/session.js';

/**
 * After the reply is composed: remember the topic, count fallbacks and keep the message (unless
 * it held a secret) as the question and among the recent messages a case starts with, then save.
 */
export const sessionStep: TurnStep = async (ctx, next) => {
  await next();
  const s = ctx.session;
  const o: Outcome | undefined = ctx.outcome;
  if (o?.kind === 'answer') {
    s.topicId = o.entryId;
    s.candidates = o.candidates.map((c) => c.id);
  }
  if (o?.kind === 'clarify') s.candidates = o.candidates.map((c) => c.id);
  s.fallbackStreak = o?.kind === 'fallback' ? (s.fallbackStreak ?? 0) + 1 : 0;
  const lastButtons = [...ctx.replies].reverse().find((r) => r.type === 'buttons');
  s.pendingChoices = lastButtons?.type === 'buttons' ? lastButtons.buttons : undefined;
  s.turns += 1;
  s.updatedAt = ctx.now;
  if (!ctx.sensitive && ctx.inbound.text) {
    s.lastQuestion = ctx.inbound.text.slice(0, 500);
    rememberMessage(s, s.lastQuestion, ctx.now);
  }
  await ctx.deps.store.saveSession(s);
};
