import type { ReplyPart } from '../../domain/messages.js';
import type { RenderContext } from '../shared/channel-pipeline.js';
import { answerableButtons, numberedChoices } from '../shared/numbered-choices.js';
import { clip } from '../../lib/text.js';
import { splitText } from '../../lib/text-split.js';
import type { ZaloSendMethod } from './client.js';

/** Zalo Bot API limits: text 1-2,000 characters, photo caption up to 2,000. */
export const ZALO_TEXT_MAX = 2000;

/** One Bot API call as the outbox keeps it. */
export interface ZaloOutgoing {
  method: ZaloSendMethod;
  params: Record<string, unknown>;
}

/** Makes a media path absolute: platforms fetch images themselves, from the public URL. */
export function absoluteUrl(url: string, publicBaseUrl: string): string {
  return /^https?:\/\//i.test(url) ? url : `${publicBaseUrl}/${url.replace(/^\/+/, '')}`;
}

/**
 * The Bot API has no buttons: choices become numbered text (answered with a digit), links and
 * audio without a voice file become text with the URL, images go with sendPhoto, speech with sendVoice.
 */
export function renderZalo(parts: ReplyPart[], ctx: RenderContext, publicBaseUrl: string): ZaloOutgoing[] {
  const chat_id = ctx.userId;
  const texts = (text: string): ZaloOutgoing[] => splitText(text, ZALO_TEXT_MAX).map((t) => ({ method: 'sendMessage', params: { chat_id, text: t } }));
  const digits = answerableButtons(parts);
  return parts.flatMap((p, i): ZaloOutgoing[] => {
    switch (p.type) {
      case 'text':
        return texts(p.text);
      case 'buttons':
        return texts(numberedChoices(p.text, p.buttons, ctx.t('channel.reply_with_number'), i === digits));
      case 'image':
        return [{ method: 'sendPhoto', params: { chat_id, photo: absoluteUrl(p.url, publicBaseUrl), caption: clip(p.alt, ZALO_TEXT_MAX) } }];
      case 'link':
        return texts(`${p.title}\n${absoluteUrl(p.url, publicBaseUrl)}`);
      case 'audio':
        // a voice message the chat plays in place (sendVoice takes AAC); without one, the link
        if (p.voiceUrl) return [{ method: 'sendVoice', params: { chat_id, voice_url: absoluteUrl(p.voiceUrl, publicBaseUrl) } }];
        return texts(`🔊 ${p.title ?? ''}\n${absoluteUrl(p.url, publicBaseUrl)}`.trim());
    }
  });
}
