import type { TurnStep } from '../context.js';

/** A reply that is just a number picks one of the choices offered last turn (Zalo has no buttons). */
export const choiceStep: TurnStep = async (ctx, next) => {
  const choices = ctx.session.pendingChoices;
  const digit = ctx.text.trim().match(/^(\d{1,2})[.)]?$/);
  if (!ctx.payload && choices?.length && digit) {
    const picked = choices[Number(digit[1]) - 1];
    if (picked) {
      ctx.payload = picked.payload;
      ctx.text = '';
    }
  }
  await next();
};
