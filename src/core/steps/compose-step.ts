import type { TurnContext, TurnStep } from '../context.js';
import type { HandoffOutcome } from '../../domain/outcome.js';
import { composeOutcome } from '../../replies/compose.js';
import { composeHandoff } from '../../replies/handoff.js';
import { withDaoVariant } from '../../replies/localized-entry.js';
import { daoVariantOf } from '../dao-variant.js';

/**
 * Turns what was decided into channel-neutral reply parts and fills ctx.match: what handoff did
 * (a case opened) when it did something, else the Outcome. Adds to the replies, never replaces them.
 */
export const composeStep: TurnStep = async (ctx, next) => {
  if (ctx.handoff) sayHandoff(ctx, ctx.handoff);
  else if (ctx.outcome) {
    const { entries } = ctx.snapshot.kb;
    const variant = ctx.lang === 'dao' ? daoVariantOf(ctx.session, ctx.snapshot.kb.communes) : undefined;
    const readAloudId = ctx.payload?.startsWith('audio:') ? ctx.payload.slice('audio:'.length) : undefined;
    const { replies, match } = composeOutcome({
      lang: ctx.lang,
      // a Dao variant's own text wins over the umbrella Dao text
      entries: variant ? { get: (id: string) => { const e = entries.get(id); return e && withDaoVariant(e, variant); }, has: (id: string) => entries.has(id) } : entries,
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

/** Words a handoff outcome (src/replies/handoff.ts) and adds it to the turn's replies. */
export function sayHandoff(ctx: TurnContext, outcome: HandoffOutcome): void {
  const { replies, match } = composeHandoff(ctx.deps.locales, ctx.lang, outcome);
  ctx.replies.push(...replies);
  if (match) ctx.match = match;
}
