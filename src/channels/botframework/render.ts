import type { Activity, Attachment, CardAction } from 'botbuilder';
import type { ReplyPart } from '../../domain/messages.js';
import type { RenderContext } from '../shared/channel-pipeline.js';
import { answerableButtons, numberedChoices } from '../shared/numbered-choices.js';
import { absoluteUrl } from '../zalo/render.js';

/** Teams shows at most 6 buttons on a hero card; more become numbered text. */
export const BF_MAX_BUTTONS = 6;

const MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml', mp3: 'audio/mpeg', wav: 'audio/wav', aac: 'audio/aac', ogg: 'audio/ogg' };

function contentType(url: string, fallback: string): string {
  const [path = ''] = url.split('?');
  const ext = path.split('.').pop()?.toLowerCase() ?? '';
  return MIME[ext] ?? fallback;
}

/** Channel-neutral parts as Bot Framework message activities (hero card buttons use messageBack). */
export function renderBotFramework(parts: ReplyPart[], ctx: RenderContext, publicBaseUrl: string): Partial<Activity>[] {
  const message = (a: Partial<Activity>): Partial<Activity> => ({ type: 'message', ...a });
  const digits = answerableButtons(parts);
  return parts.map((p, i) => {
    switch (p.type) {
      case 'text':
        return message({ text: p.text });
      case 'buttons': {
        if (p.buttons.length > BF_MAX_BUTTONS) return message({ text: numberedChoices(p.text, p.buttons, ctx.t('channel.reply_with_number'), i === digits) });
        const buttons: CardAction[] = p.buttons.map((b) => ({ type: 'messageBack', title: b.title, text: b.title, displayText: b.title, value: { payload: b.payload } }));
        const card: Attachment = { contentType: 'application/vnd.microsoft.card.hero', content: { text: p.text, buttons } };
        return message({ attachments: [card] });
      }
      case 'image': {
        const url = absoluteUrl(p.url, publicBaseUrl);
        return message({ attachments: [{ contentType: contentType(url, 'image/png'), contentUrl: url, name: p.alt }] });
      }
      case 'audio': {
        const url = absoluteUrl(p.url, publicBaseUrl);
        return message({ attachments: [{ contentType: contentType(url, 'audio/mpeg'), contentUrl: url, name: p.title }] });
      }
      case 'link':
        return message({ text: `[${p.title}](${absoluteUrl(p.url, publicBaseUrl)})`, textFormat: 'markdown' });
    }
  });
}
