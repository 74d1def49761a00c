import { fold } from '../../nlu/normalize.js';
import type { TurnContext, TurnStep } from '../context.js';
import type { HandoffReason } from '../../domain/outcome.js';

/** "gặp người hỗ trợ", "nói chuyện với cán bộ", "cho tôi gặp người thật"… typed instead of tapping the button. */
const ASK_PERSON = /\b(gap|noi chuyen voi|goi|can|muon gap|lien he)\s+(nguoi ho tro|nguoi that|can bo|nhan vien|to cong nghe so)\b|^(nguoi ho tro|talk to a person|human|agent)$/;

/**
 * Hands the conversation to a person when that is what it needs: a team member's command, a
 * villager whose case is with a person (the bot stays quiet), or a turn that ends in a handoff
 * (asked, 👎, "none of these", a second fallback in a row).
 */
export const handoffStep: TurnStep = async (ctx, next) => {
  const { interceptHandoff, openCase } = ctx.deps;
  if (interceptHandoff && (await interceptHandoff(ctx))) return;
  if (!ctx.payload && ASK_PERSON.test(fold(ctx.text))) ctx.payload = 'handoff';
  await next();
  const reason = handoffReason(ctx);
  if (reason && openCase) await openCase(ctx, reason);
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
