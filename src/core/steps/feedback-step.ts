import type { TurnStep } from '../context.js';

/**
 * Keeps 👍 / 👎 (button or typed) and "Không phải" (the clarify "none" button) with the question
 * they judge: the session's question from before this turn, read before sessionStep overwrites it.
 */
export const feedbackStep: TurnStep = async (ctx, next) => {
  const question = ctx.session.lastQuestion;
  const topicId = ctx.session.topicId;
  const offered = ctx.session.candidates?.[0];
  await next();
  const o = ctx.outcome;
  let kind: 'up' | 'down' | 'not_this' | undefined;
  let entryId: string | undefined;
  if (o?.kind === 'smalltalk' && (o.intent === 'feedback_up' || o.intent === 'feedback_down')) {
    kind = o.intent === 'feedback_up' ? 'up' : 'down';
    entryId = o.entryId ?? topicId;
  } else if (ctx.payload?.startsWith('feedback:down:')) {
    kind = 'down';
    entryId = ctx.payload.slice('feedback:down:'.length) || topicId;
  } else if (o?.kind === 'handoff' && o.reason === 'none_of_these') {
    kind = 'not_this';
    entryId = offered;
  }
  if (!kind) return;
  const id = entryId ?? '';
  const entryTitle = id ? ctx.snapshot.kb.entries.get(id)?.title : undefined;
  await ctx.deps.store.recordFeedback({
    at: ctx.now,
    userKey: ctx.session.key,
    entryId: id,
    useful: kind === 'up',
    kind,
    ...(question ? { question } : {}),
    ...(entryTitle ? { entryTitle } : {}),
    decision: kind === 'not_this' ? 'clarify' : 'answer',
  });
};
