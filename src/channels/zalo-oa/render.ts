import type { ReplyPart } from '../../domain/messages.js';
import type { RenderContext } from '../shared/channel-pipeline.js';
import { answerableButtons, numberedChoices } from '../shared/numbered-choices.js';
import { clip } from '../../lib/text.js';
import { splitText } from '../../lib/text-split.js';
import { absoluteUrl } from '../zalo/render.js';
import { OA_PAYLOAD_PREFIX } from './payload.js';

/** Consultation message limits we design for (text 2,000 unconfirmed; 5 buttons a message). */
export const OA_LIMITS = { text: 2000, buttons: 5, buttonTitle: 100 } as const;

/** One `/v3.0/oa/message/cs` request body. */
export interface OaOutgoing {
  recipient: { user_id: string };
  message: Record<string, unknown>;
}

/**
 * Up to 5 choices become `oa.query.hide` buttons (the tap sends the hidden payload back as the
 * user's text); more become numbered text answered with a digit. Images use the media template.
 */
export function renderOa(parts: ReplyPart[], ctx: RenderContext, publicBaseUrl: string): OaOutgoing[] {
  const envelope = (message: Record<string, unknown>): OaOutgoing => ({ recipient: { user_id: ctx.userId }, message });
  const texts = (text: string) => splitText(text, OA_LIMITS.text).map((t) => envelope({ text: t }));
  const digits = answerableButtons(parts);
  return parts.flatMap((p, i): OaOutgoing[] => {
    switch (p.type) {
      case 'text':
        return texts(p.text);
      case 'buttons': {
        if (p.buttons.length > OA_LIMITS.buttons) return texts(numberedChoices(p.text, p.buttons, ctx.t('channel.reply_with_number'), i === digits));
        const chunks = splitText(p.text || '…', OA_LIMITS.text);
        const buttons = p.buttons.map((b) => ({ title: clip(b.title, OA_LIMITS.buttonTitle), type: 'oa.query.hide', payload: `${OA_PAYLOAD_PREFIX}${b.payload}` }));
        return chunks.map((t, i) => envelope(i === chunks.length - 1 ? { text: t, attachment: { type: 'template', payload: { buttons } } } : { text: t }));
      }
      case 'image':
        return [envelope({ attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', url: absoluteUrl(p.url, publicBaseUrl) }] } } })];
      case 'link':
        return texts(`${p.title}\n${absoluteUrl(p.url, publicBaseUrl)}`);
      case 'audio':
        return texts(`🔊 ${p.title ?? ''}\n${absoluteUrl(p.url, publicBaseUrl)}`.trim());
    }
  });
}
