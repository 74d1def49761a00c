import type { TurnStep } from '../context.js';
import { composeOutcome } from '../../replies/compose.js';
import { withDaoVariant } from '../../replies/localized-entry.js';
import { daoVariantOf } from '../dao-variant.js';

/** Turns the Outcome into channel-neutral reply parts and fills ctx.match. */
export const composeStep: TurnStep = async (ctx, next) => {
  if (ctx.outcome) {
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
