import { turnLocales } from '../../replies/turn-locales.js';
import type { TurnStep } from '../context.js';
import { daoVariantOf } from '../dao-variant.js';

/** Records one statistics event per turn (the text only when it held no secret). */
export const eventStep: TurnStep = async (ctx, next) => {
  const shown = new Set<string>();
  ctx.deps = { ...ctx.deps, locales: turnLocales(ctx.deps.locales, () => daoVariantOf(ctx.session, ctx.snapshot.kb.communes), shown) };
  await next();
  await ctx.deps.store.recordEvent({
    at: ctx.now,
    channel: ctx.inbound.channel,
    lang: ctx.lang,
    decision: ctx.match.decision,
    entryId: ctx.match.id,
    confidence: ctx.match.confidence,
    text: ctx.sensitive ? undefined : ctx.inbound.text?.slice(0, 500),
    userKey: ctx.session.key,
    shown: shown.size ? [...shown] : undefined,
  });
};
