import type { TurnStep } from '../context.js';
import { composeOutcome } from '../../replies/compose.js';

/** Turns the Outcome into channel-neutral reply parts and fills ctx.match. */
export const composeStep: TurnStep = async (ctx, next) => {
  if (ctx.outcome) {
    const readAloudId = ctx.payload?.startsWith('audio:') ? ctx.payload.slice('audio:'.length) : undefined;
    const { replies, match } = composeOutcome({
      lang: ctx.lang,
      entries: ctx.snapshot.kb.entries,
      locales: ctx.deps.locales,
      publicBaseUrl: ctx.deps.config.publicBaseUrl,
      readAloudId,
      voiceAvailable: readAloudId !== undefined && ctx.deps.voiceInstalled(),
    }, ctx.outcome);
    ctx.replies.push(...replies);
    ctx.match = match;
  }
  await next();
};
