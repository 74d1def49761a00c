import type { TurnStep } from '../context.js';
import { composeOutcome } from '../../replies/compose.js';

/** Turns the Outcome into channel-neutral reply parts and fills ctx.match. */
export const composeStep: TurnStep = async (ctx, next) => {
  if (ctx.outcome) {
    const { replies, match } = composeOutcome(ctx, ctx.outcome);
    ctx.replies.push(...replies);
    ctx.match = match;
  }
  await next();
};
