import type { TurnContext, TurnStep } from '../context.js';
import { decide } from '../decide.js';
import type { Outcome } from '../../domain/outcome.js';
import { outcomeOfPayload } from '../payload.js';

export { splitPayload } from '../payload.js';

/** Turns the message (or a tapped button) into an Outcome; earlier steps may have decided already. */
export const understandStep: TurnStep = async (ctx, next) => {
  if (!ctx.outcome) ctx.outcome = ctx.payload ? outcomeOfPayload(ctx.payload, ctx.snapshot.kb, ctx.session) : fromText(ctx);
  await next();
};

/** A voice note and a photo are named as such in the reply; the rest share one sentence. */
function mediaIntent(kind: string): 'unsupported_audio' | 'unsupported_image' | 'unsupported_attachment' {
  if (kind === 'audio') return 'unsupported_audio';
  if (kind === 'image') return 'unsupported_image';
  return 'unsupported_attachment';
}

function fromText(ctx: TurnContext): Outcome {
  if (!ctx.text.trim()) return { kind: 'smalltalk', intent: ctx.inbound.attachment ? mediaIntent(ctx.inbound.attachment) : 'empty' };
  const { kb, matcher } = ctx.snapshot;
  const decision = decide(ctx.text, kb, matcher, ctx.session);
  if (decision.sensitive) ctx.sensitive = true;
  const o = decision.outcome;
  // A follow-up keeps the topic; the session step only records answers and clarifications.
  if (o.kind === 'followup') ctx.session.topicId = o.entryId;
  return o;
}
