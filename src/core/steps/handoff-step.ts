import { fold } from '../../nlu/normalize.js';
import type { TurnContext, TurnStep } from '../context.js';
import type { HandoffReason } from '../../domain/outcome.js';
import { sayHandoff } from './compose-step.js';

/** "gặp người hỗ trợ", "nói chuyện với cán bộ", "cho tôi gặp người thật"… typed instead of tapping the button. */
const ASK_PERSON = /\b(gap|noi chuyen voi|goi|can|muon gap|lien he)\s+(nguoi ho tro|nguoi that|can bo|nhan vien|to cong nghe so)\b|^(nguoi ho tro|talk to a person|human|agent)$/;

/**
 * Handoff's say before the bot understands anything: a team member's command, the commune
 * question, a villager whose case is with a person (the bot stays quiet). Handoff decides, this
 * step words its outcome; a case closed meanwhile lets the bot answer the message itself.
 */
export const handoffStep: TurnStep = async (ctx, next) => {
  const handoff = ctx.deps.interceptHandoff && (await ctx.deps.interceptHandoff(ctx));
  if (handoff) {
    if (handoff.kind === 'relayed' && handoff.secretHidden) ctx.sensitive = true;
    sayHandoff(ctx, handoff);
    if (handoff.kind !== 'closed') return;
  }
  if (!ctx.payload && ASK_PERSON.test(fold(ctx.text))) ctx.payload = 'handoff';
  await next();
};

/**
 * Between understanding and composing: a turn that ends in a handoff (asked, 👎, "none of these",
 * a second fallback in a row) opens a case, and the compose step words what handoff did.
 */
export const caseStep: TurnStep = async (ctx, next) => {
  const reason = handoffReason(ctx);
  if (reason && ctx.deps.openCase) ctx.handoff = await ctx.deps.openCase(ctx, reason);
  await next();
};

function handoffReason(ctx: TurnContext): HandoffReason | null {
  const o = ctx.outcome;
  if (o?.kind === 'handoff') return o.reason;
  if (ctx.payload?.startsWith('feedback:down:')) return 'thumbs_down';
  if (o?.kind === 'fallback' && (ctx.session.fallbackStreak ?? 0) >= 1) {
    ctx.outcome = { kind: 'handoff', reason: 'fallbacks' };
    return 'fallbacks';
  }
  return null;
}
