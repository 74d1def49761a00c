import type { TurnStep } from '../context.js';
import { dropSecret, isSensitive } from '../../nlu/safety.js';

/**
 * The first step of every turn, in every dialogue state: a message that shares (or asks about
 * giving away) a code, password or card number is marked sensitive and its text is dropped here,
 * so no later step can echo it, send it to a helper, or store it. The understanding step answers
 * it with the safety warning; handoff tells the helper only that a message was hidden.
 */
export const safetyStep: TurnStep = async (ctx, next) => {
  const cleanedSecret = isSensitive(ctx.text); // control characters between digits are spaces now
  if (dropSecret(ctx.inbound) || cleanedSecret) {
    ctx.inbound.text = undefined;
    ctx.inbound.sensitive = true;
    ctx.sensitive = true;
    ctx.text = '';
    ctx.payload = ctx.inbound.payload;
    ctx.outcome = { kind: 'smalltalk', intent: 'safety' };
  }
  await next();
};
