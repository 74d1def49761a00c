import type { TurnContext, TurnStep } from '../context.js';
import type { Outcome } from '../outcome.js';

const ANSWER_AT = 0.55;
const CLARIFY_AT = 0.25;

/** Turns the message (or a tapped button) into an Outcome. */
export const understandStep: TurnStep = async (ctx, next) => {
  ctx.outcome = ctx.payload ? fromPayload(ctx.payload) : fromText(ctx);
  await next();
};

function fromPayload(payload: string): Outcome {
  const [kind, arg] = splitPayload(payload);
  if (kind === 'entry' && arg) return { kind: 'answer', entryId: arg, confidence: 1, candidates: [] };
  if (kind === 'handoff') return { kind: 'handoff', reason: 'asked' };
  if (kind === 'none') return { kind: 'handoff', reason: 'none_of_these' };
  return { kind: 'smalltalk', intent: 'menu' };
}

export function splitPayload(payload: string): [string, string | undefined] {
  const i = payload.indexOf(':');
  return i < 0 ? [payload, undefined] : [payload.slice(0, i), payload.slice(i + 1)];
}

function fromText(ctx: TurnContext): Outcome {
  if (!ctx.text.trim()) return { kind: 'smalltalk', intent: ctx.inbound.attachment ? 'unsupported_attachment' : 'empty' };
  const { candidates } = ctx.snapshot.matcher.match(ctx.text);
  const best = candidates[0];
  if (!best || best.confidence < CLARIFY_AT) return { kind: 'fallback', candidates };
  if (best.confidence >= ANSWER_AT) return { kind: 'answer', entryId: best.id, confidence: best.confidence, candidates };
  return { kind: 'clarify', candidates: candidates.slice(0, 4) };
}
