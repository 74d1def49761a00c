import type { Button, ReplyPart } from '../../domain/messages.js';
import type { RenderContext } from '../shared/channel-pipeline.js';
import { answerableButtons, numberedChoices } from '../shared/numbered-choices.js';
import { clip } from '../../lib/text.js';
import { splitText } from '../../lib/text-split.js';
import { absoluteUrl } from '../zalo/render.js';

/** Send API limits (Messenger Platform reference). */
export const MESSENGER_LIMITS = { text: 2000, quickReplies: 13, quickReplyTitle: 20, buttons: 3, buttonText: 640, payload: 1000 } as const;

/** One Send API request body. */
export interface MessengerOutgoing {
  recipient: { id: string };
  messaging_type: 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG';
  tag?: 'HUMAN_AGENT';
  message: Record<string, unknown>;
}

/**
 * Within Messenger's limits: up to 3 short choices as a button template, up to 13 short ones as
 * quick replies; long titles or more choices become numbered text (with numbered quick replies
 * for the first 13). Text is split at 2,000 characters on sentence boundaries.
 */
export function renderMessenger(parts: ReplyPart[], ctx: RenderContext, publicBaseUrl: string): MessengerOutgoing[] {
  const envelope = (message: Record<string, unknown>): MessengerOutgoing =>
    ctx.tag === 'human_agent'
      ? { recipient: { id: ctx.userId }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message }
      : { recipient: { id: ctx.userId }, messaging_type: 'RESPONSE', message };
  const texts = (text: string) => splitText(text, MESSENGER_LIMITS.text).map((t) => envelope({ text: t }));
  const digits = answerableButtons(parts);
  return parts.flatMap((p, i): MessengerOutgoing[] => {
    switch (p.type) {
      case 'text':
        return texts(p.text);
      case 'buttons':
        return renderChoices(p.text, p.buttons, ctx, i === digits).map(envelope);
      case 'image':
        return [envelope({ attachment: { type: 'image', payload: { url: absoluteUrl(p.url, publicBaseUrl), is_reusable: true } } })];
      case 'audio':
        return [envelope({ attachment: { type: 'audio', payload: { url: absoluteUrl(p.url, publicBaseUrl), is_reusable: true } } })];
      case 'link':
        return texts(`${p.title}\n${absoluteUrl(p.url, publicBaseUrl)}`);
    }
  });
}

function renderChoices(text: string, buttons: Button[], ctx: RenderContext, answerable: boolean): Record<string, unknown>[] {
  const usable = buttons.filter((b) => b.payload.length <= MESSENGER_LIMITS.payload);
  const short = usable.length === buttons.length && buttons.every((b) => [...b.title].length <= MESSENGER_LIMITS.quickReplyTitle);
  const body = text.trim() || '…';
  if (short && buttons.length <= MESSENGER_LIMITS.buttons && [...body].length <= MESSENGER_LIMITS.buttonText) {
    const list = buttons.map((b) => ({ type: 'postback', title: b.title, payload: b.payload }));
    return [{ attachment: { type: 'template', payload: { template_type: 'button', text: body, buttons: list } } }];
  }
  // quick replies vanish with the next message: only the last choices of a reply may use them
  if (!answerable) return splitText(numberedChoices(text, buttons, '', false), MESSENGER_LIMITS.text).map((t) => ({ text: t }));
  if (short && buttons.length <= MESSENGER_LIMITS.quickReplies) {
    return withQuickReplies(splitText(body, MESSENGER_LIMITS.text), buttons.map((b) => ({ content_type: 'text', title: b.title, payload: b.payload })));
  }
  // too many or too long to be buttons: numbered text, answered with a digit or a numbered tap
  const listed = numberedChoices(text, buttons, ctx.t('channel.reply_with_number'));
  const quick = buttons.slice(0, MESSENGER_LIMITS.quickReplies).map((b, i) => ({ content_type: 'text', title: clip(`${i + 1}. ${b.title}`, MESSENGER_LIMITS.quickReplyTitle), payload: b.payload.length <= MESSENGER_LIMITS.payload ? b.payload : String(i + 1) }));
  return withQuickReplies(splitText(listed, MESSENGER_LIMITS.text), quick);
}

/** Quick replies ride on the last message of a split text. */
function withQuickReplies(chunks: string[], quick: Record<string, unknown>[]): Record<string, unknown>[] {
  return chunks.map((t, i) => (i === chunks.length - 1 ? { text: t, quick_replies: quick } : { text: t }));
}
