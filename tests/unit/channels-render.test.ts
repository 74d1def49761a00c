import { describe, expect, it } from 'vitest';
import { BF_MAX_BUTTONS, renderBotFramework } from '../../src/channels/botframework/render.js';
import { MESSENGER_LIMITS, renderMessenger } from '../../src/channels/messenger/render.js';
import type { RenderContext } from '../../src/channels/shared/channel-pipeline.js';
import { OA_LIMITS, renderOa } from '../../src/channels/zalo-oa/render.js';
import { OA_PAYLOAD_PREFIX } from '../../src/channels/zalo-oa/payload.js';
import { absoluteUrl, renderZalo, ZALO_TEXT_MAX } from '../../src/channels/zalo/render.js';
import type { Button, ReplyPart } from '../../src/domain/messages.js';

/**
 * What each platform receives for a reply: the request bodies the outbox sends. A villager sees
 * these directly (which buttons, what a tap sends back, whether a long answer arrives whole), so
 * each shape and each platform limit is pinned here.
 */
/** The i-th item, failing the test when it is missing (no `!`). */
function nth<T>(xs: readonly T[], i: number): T {
  const x = i < 0 ? xs[xs.length + i] : xs[i];
  if (x === undefined) throw new Error(`no item ${i} among ${xs.length}`);
  return x;
}
interface TemplateButton { type?: string; title: string; payload: string }
/** The template attachment of a Messenger / OA message. */
const template = (o: { message: Record<string, unknown> }) => o.message.attachment as { type: string; payload: { template_type?: string; text?: string; buttons: TemplateButton[] } };
const quickReplies = (o: { message: Record<string, unknown> }) => o.message.quick_replies as { content_type: string; title: string; payload: string }[] | undefined;
const HINT = 'Gõ số để chọn (ví dụ: 1).';
const ctx: RenderContext = { userId: 'u-42', lang: 'vi', t: (key) => (key === 'channel.reply_with_number' ? HINT : `?${key}`) };
const BASE = 'https://bot.example.vn';

const choices = (n: number, title = (i: number) => `Thủ tục ${i}`): Button[] =>
  Array.from({ length: n }, (_, i) => ({ title: title(i + 1), payload: `entry:e${i + 1}` }));
/** A text of `n` sentences of 60 characters, so splitting has sentence boundaries to use. */
const longText = (chars: number) => {
  const sentence = 'Người dân mang theo căn cước công dân khi đến làm thủ tục. '; // 60 chars incl. space
  return sentence.repeat(Math.ceil(chars / sentence.length)).slice(0, chars).trim();
};

describe('absoluteUrl', () => {
  it('joins a media path to the public base URL and leaves full URLs alone', () => {
    expect(absoluteUrl('/media/card/a.png', BASE)).toBe(`${BASE}/media/card/a.png`);
    expect(absoluteUrl('media/a.png', BASE)).toBe(`${BASE}/media/a.png`);
    expect(absoluteUrl('//media/a.png', BASE)).toBe(`${BASE}/media/a.png`);
    expect(absoluteUrl('https://dichvucong.gov.vn/x', BASE)).toBe('https://dichvucong.gov.vn/x');
    expect(absoluteUrl('HTTP://example.vn/x', BASE)).toBe('HTTP://example.vn/x');
    expect(absoluteUrl('ftp://example.vn/x', BASE)).toBe(`${BASE}/ftp://example.vn/x`);
    expect(absoluteUrl('see https://x.vn', BASE)).toBe(`${BASE}/see https://x.vn`);
  });
});

describe('Messenger render', () => {
  const render = (parts: ReplyPart[], c: RenderContext = ctx) => renderMessenger(parts, c, BASE);

  it('sends text as RESPONSE messages to the user, split at 2,000 characters on sentence boundaries', () => {
    expect(render([{ type: 'text', text: 'Xin chào' }])).toEqual([{ recipient: { id: 'u-42' }, messaging_type: 'RESPONSE', message: { text: 'Xin chào' } }]);
    const text = longText(4500);
    const out = render([{ type: 'text', text }]);
    expect(out.length).toBe(3);
    for (const o of out) expect((o.message.text as string).length).toBeLessThanOrEqual(MESSENGER_LIMITS.text);
    for (const o of out.slice(0, -1)) expect(o.message.text as string).toMatch(/\.$/);
    expect(out.map((o) => o.message.text).join(' ')).toBe(text);
  });

  it('tags a person\'s late reply as HUMAN_AGENT', () => {
    const out = render([{ type: 'text', text: 'Chào bác' }], { ...ctx, tag: 'human_agent' });
    expect(out).toEqual([{ recipient: { id: 'u-42' }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Chào bác' } }]);
  });

  it('up to 3 short choices become a button template whose taps send the entry payload', () => {
    const out = render([{ type: 'buttons', text: 'Bác hỏi thủ tục nào?', buttons: choices(3) }]);
    expect(out).toEqual([
      {
        recipient: { id: 'u-42' },
        messaging_type: 'RESPONSE',
        message: {
          attachment: {
            type: 'template',
            payload: {
              template_type: 'button',
              text: 'Bác hỏi thủ tục nào?',
              buttons: [
                { type: 'postback', title: 'Thủ tục 1', payload: 'entry:e1' },
                { type: 'postback', title: 'Thủ tục 2', payload: 'entry:e2' },
                { type: 'postback', title: 'Thủ tục 3', payload: 'entry:e3' },
              ],
            },
          },
        },
      },
    ]);
  });

  it('a button template with no text still has a body (Messenger refuses an empty one)', () => {
    const out = render([{ type: 'buttons', text: '  ', buttons: choices(2) }]);
    expect(template(nth(out, 0)).payload.text).toBe('…');
  });

  it('4 to 13 short choices become quick replies carrying the payloads', () => {
    const out = render([{ type: 'buttons', text: 'Chọn một', buttons: choices(13) }]);
    expect(out).toHaveLength(1);
    expect(nth(out, 0).message.text).toBe('Chọn một');
    const quick = quickReplies(nth(out, 0)) ?? [];
    expect(quick).toHaveLength(13);
    expect(nth(quick, 0)).toEqual({ content_type: 'text', title: 'Thủ tục 1', payload: 'entry:e1' });
    expect(nth(quick, 12)).toEqual({ content_type: 'text', title: 'Thủ tục 13', payload: 'entry:e13' });
  });

  it('a 20-character title is still a button; a 21-character one turns the choices into numbered text', () => {
    const twenty = 'a'.repeat(MESSENGER_LIMITS.quickReplyTitle);
    const asButtons = render([{ type: 'buttons', text: 'Chọn', buttons: [{ title: twenty, payload: 'p1' }] }]);
    expect(template(nth(asButtons, 0)).payload.buttons[0]?.title).toBe(twenty);

    const long = 'Cấp đổi căn cước công dân'; // 25 characters
    const out = render([{ type: 'buttons', text: 'Chọn', buttons: [{ title: long, payload: 'entry:cccd' }, { title: 'Khai sinh', payload: 'entry:ks' }] }]);
    expect(out).toHaveLength(1);
    expect(nth(out, 0).message.text).toBe(`Chọn\n\n1. ${long}\n2. Khai sinh\n\n${HINT}`);
    expect(nth(out, 0).message.quick_replies).toEqual([
      { content_type: 'text', title: '1. Cấp đổi căn cước…', payload: 'entry:cccd' },
      { content_type: 'text', title: '2. Khai sinh', payload: 'entry:ks' },
    ]);
  });

  it('a body over 640 characters cannot be a button template: it goes as text with quick replies', () => {
    const body = longText(700);
    const out = render([{ type: 'buttons', text: body, buttons: choices(2) }]);
    expect(out).toHaveLength(1);
    expect(nth(out, 0).message.text).toBe(body);
    expect((quickReplies(nth(out, 0)) ?? []).map((q) => q.payload)).toEqual(['entry:e1', 'entry:e2']);
    const exactly = 'x'.repeat(MESSENGER_LIMITS.buttonText);
    expect(template(nth(render([{ type: 'buttons', text: exactly, buttons: choices(2) }]), 0)).payload.template_type).toBe('button');
  });

  it('more than 13 choices: numbered text, the first 13 as numbered quick replies', () => {
    const out = render([{ type: 'buttons', text: 'Danh sách', buttons: choices(15) }]);
    const last = nth(out, -1);
    expect(last.message.text as string).toContain('15. Thủ tục 15');
    expect(last.message.text as string).toMatch(new RegExp(`${HINT.replace(/[().]/g, '\\$&')}$`));
    const quick = quickReplies(last) ?? [];
    expect(quick).toHaveLength(MESSENGER_LIMITS.quickReplies);
    expect(nth(quick, 0)).toEqual({ content_type: 'text', title: '1. Thủ tục 1', payload: 'entry:e1' });
    expect(nth(quick, 12)).toEqual({ content_type: 'text', title: '13. Thủ tục 13', payload: 'entry:e13' });
  });

  it('a payload over 1,000 characters is replaced by its number, which the turn reads as that choice', () => {
    const buttons = [{ title: 'A', payload: 'x'.repeat(MESSENGER_LIMITS.payload + 1) }, { title: 'B', payload: 'entry:b' }];
    const out = render([{ type: 'buttons', text: 'Chọn', buttons }]);
    expect(out).toHaveLength(1);
    expect(nth(out, 0).message.text).toBe(`Chọn\n\n1. A\n2. B\n\n${HINT}`);
    expect(nth(out, 0).message.quick_replies).toEqual([
      { content_type: 'text', title: '1. A', payload: '1' },
      { content_type: 'text', title: '2. B', payload: 'entry:b' },
    ]);
    const ok = [{ title: 'A', payload: 'x'.repeat(MESSENGER_LIMITS.payload) }];
    expect(template(nth(render([{ type: 'buttons', text: 'Chọn', buttons: ok }]), 0)).payload.buttons[0]?.payload).toHaveLength(1000);
  });

  it('quick replies ride on the last chunk of a split text only', () => {
    const body = longText(2600);
    const out = render([{ type: 'buttons', text: body, buttons: choices(5) }]);
    expect(out).toHaveLength(2);
    expect(nth(out, 0).message.quick_replies).toBeUndefined();
    expect(nth(out, 1).message.quick_replies).toHaveLength(5);
    const many = render([{ type: 'buttons', text: body, buttons: choices(20) }]);
    expect(many.slice(0, -1).every((o) => o.message.quick_replies === undefined)).toBe(true);
    expect(nth(many, -1).message.quick_replies).toHaveLength(13);
  });

  it('choices before the last buttons part are bullets (a digit answers only the last one)', () => {
    const out = render([
      { type: 'buttons', text: 'Trước', buttons: choices(5) },
      { type: 'buttons', text: 'Sau', buttons: choices(2) },
    ]);
    expect(out).toHaveLength(2);
    expect(nth(out, 0).message).toEqual({ text: 'Trước\n\n• Thủ tục 1\n• Thủ tục 2\n• Thủ tục 3\n• Thủ tục 4\n• Thủ tục 5' });
    expect(template(nth(out, 1)).payload.template_type).toBe('button');
  });

  it('images and audio are reusable attachments at the public URL; links are text with the URL', () => {
    const out = render([
      { type: 'image', url: '/media/card/x.png', alt: 'Thẻ' },
      { type: 'audio', url: '/media/speech/x.mp3', title: 'Nghe' },
      { type: 'link', url: 'https://dichvucong.gov.vn', title: 'Cổng dịch vụ công' },
    ]);
    expect(out.map((o) => o.message)).toEqual([
      { attachment: { type: 'image', payload: { url: `${BASE}/media/card/x.png`, is_reusable: true } } },
      { attachment: { type: 'audio', payload: { url: `${BASE}/media/speech/x.mp3`, is_reusable: true } } },
      { text: 'Cổng dịch vụ công\nhttps://dichvucong.gov.vn' },
    ]);
    expect(out.every((o) => o.messaging_type === 'RESPONSE' && o.recipient.id === 'u-42')).toBe(true);
  });
});

describe('Zalo Bot API render', () => {
  const render = (parts: ReplyPart[]) => renderZalo(parts, ctx, BASE);

  it('text goes with sendMessage to the chat, split at 2,000 characters', () => {
    expect(render([{ type: 'text', text: 'Xin chào' }])).toEqual([{ method: 'sendMessage', params: { chat_id: 'u-42', text: 'Xin chào' } }]);
    const out = render([{ type: 'text', text: longText(4100) }]);
    expect(out).toHaveLength(3);
    expect(out.every((o) => (o.params.text as string).length <= ZALO_TEXT_MAX)).toBe(true);
  });

  it('choices become numbered text with the hint (no buttons on the Bot API)', () => {
    expect(render([{ type: 'buttons', text: 'Chọn', buttons: choices(2) }])).toEqual([
      { method: 'sendMessage', params: { chat_id: 'u-42', text: `Chọn\n\n1. Thủ tục 1\n2. Thủ tục 2\n\n${HINT}` } },
    ]);
    const two = render([
      { type: 'buttons', text: 'Trước', buttons: choices(1) },
      { type: 'buttons', text: 'Sau', buttons: choices(1) },
    ]);
    expect(two.map((o) => o.params.text)).toEqual(['Trước\n\n• Thủ tục 1', `Sau\n\n1. Thủ tục 1\n\n${HINT}`]);
  });

  it('images go with sendPhoto and a caption cut to 2,000; links and audio as text with the URL', () => {
    const out = render([
      { type: 'image', url: '/media/card/x.png', alt: 'a'.repeat(2500) },
      { type: 'link', url: '/docs/x', title: 'Mẫu đơn' },
      { type: 'audio', url: '/media/speech/x.mp3', title: 'Nghe' },
      { type: 'audio', url: '/media/speech/y.mp3' },
    ]);
    expect(nth(out, 0).method).toBe('sendPhoto');
    expect(nth(out, 0).params.chat_id).toBe('u-42');
    expect(nth(out, 0).params.photo).toBe(`${BASE}/media/card/x.png`);
    expect([...(nth(out, 0).params.caption as string)].length).toBe(ZALO_TEXT_MAX);
    expect(out.slice(1).map((o) => [o.method, o.params.text])).toEqual([
      ['sendMessage', `Mẫu đơn\n${BASE}/docs/x`],
      ['sendMessage', `🔊 Nghe\n${BASE}/media/speech/x.mp3`],
      ['sendMessage', `🔊 \n${BASE}/media/speech/y.mp3`],
    ]);
    expect(nth(render([{ type: 'image', url: 'https://x.vn/a.png', alt: 'Thẻ' }]), 0).params.caption).toBe('Thẻ');
  });
});

describe('Zalo OA render', () => {
  const render = (parts: ReplyPart[]) => renderOa(parts, ctx, BASE);

  it('text goes to the user id, split at 2,000 characters', () => {
    expect(render([{ type: 'text', text: 'Xin chào' }])).toEqual([{ recipient: { user_id: 'u-42' }, message: { text: 'Xin chào' } }]);
    const out = render([{ type: 'text', text: longText(4100) }]);
    expect(out).toHaveLength(3);
    expect(out.every((o) => (o.message.text as string).length <= OA_LIMITS.text)).toBe(true);
  });

  it('up to 5 choices are query.hide buttons whose hidden payload the webhook recognises', () => {
    expect(render([{ type: 'buttons', text: 'Chọn', buttons: choices(5) }])).toEqual([
      {
        recipient: { user_id: 'u-42' },
        message: {
          text: 'Chọn',
          attachment: {
            type: 'template',
            payload: { buttons: choices(5).map((b) => ({ title: b.title, type: 'oa.query.hide', payload: `${OA_PAYLOAD_PREFIX}${b.payload}` })) },
          },
        },
      },
    ]);
  });

  it('button titles are cut to 100 characters; an empty text still carries the buttons', () => {
    const out = render([{ type: 'buttons', text: '', buttons: [{ title: 'b'.repeat(150), payload: 'p' }] }]);
    expect(out).toHaveLength(1);
    expect(nth(out, 0).message.text).toBe('…');
    const buttons = template(nth(out, 0)).payload.buttons;
    expect([...nth(buttons, 0).title].length).toBe(OA_LIMITS.buttonTitle);
  });

  it('a long text with buttons: the buttons ride on the last chunk', () => {
    const out = render([{ type: 'buttons', text: longText(2600), buttons: choices(2) }]);
    expect(out).toHaveLength(2);
    expect(nth(out, 0).message.attachment).toBeUndefined();
    expect(template(nth(out, 1)).payload.buttons).toHaveLength(2);
  });

  it('more than 5 choices become numbered text answered with a digit', () => {
    const out = render([{ type: 'buttons', text: 'Chọn', buttons: choices(6) }]);
    expect(out).toHaveLength(1);
    expect(nth(out, 0).message).toEqual({ text: `Chọn\n\n${choices(6).map((b, i) => `${i + 1}. ${b.title}`).join('\n')}\n\n${HINT}` });
    const earlier = render([
      { type: 'buttons', text: 'Trước', buttons: choices(6) },
      { type: 'text', text: 'Giữa' },
    ]);
    expect(nth(earlier, 0).message.text).toBe(`Trước\n\n1. Thủ tục 1\n2. Thủ tục 2\n3. Thủ tục 3\n4. Thủ tục 4\n5. Thủ tục 5\n6. Thủ tục 6\n\n${HINT}`);
    const notLast = render([
      { type: 'buttons', text: 'Trước', buttons: choices(6) },
      { type: 'buttons', text: 'Sau', buttons: choices(1) },
    ]);
    expect(nth(notLast, 0).message.text).toBe(`Trước\n\n${choices(6).map((b) => `• ${b.title}`).join('\n')}`);
  });

  it('images use the media template; links and audio are text with the URL', () => {
    expect(nth(render([{ type: 'image', url: '/media/card/x.png', alt: 'Thẻ' }]), 0).message).toEqual({
      attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', url: `${BASE}/media/card/x.png` }] } },
    });
    expect(render([{ type: 'link', url: 'https://x.vn', title: 'Cổng' }, { type: 'audio', url: '/a.mp3', title: 'Nghe' }, { type: 'audio', url: '/b.mp3' }]).map((o) => o.message.text)).toEqual([
      'Cổng\nhttps://x.vn',
      `🔊 Nghe\n${BASE}/a.mp3`,
      `🔊 \n${BASE}/b.mp3`,
    ]);
  });
});

describe('Bot Framework render', () => {
  const render = (parts: ReplyPart[]) => renderBotFramework(parts, ctx, BASE);

  it('text is a message activity', () => {
    expect(render([{ type: 'text', text: 'Xin chào' }])).toEqual([{ type: 'message', text: 'Xin chào' }]);
  });

  it('up to 6 choices are a hero card whose messageBack buttons carry the payload', () => {
    const out = render([{ type: 'buttons', text: 'Chọn', buttons: choices(BF_MAX_BUTTONS) }]);
    expect(out).toHaveLength(1);
    expect(nth(out, 0).type).toBe('message');
    expect(nth(out, 0).attachments).toHaveLength(1);
    const card = nth(nth(out, 0).attachments ?? [], 0);
    expect(card.contentType).toBe('application/vnd.microsoft.card.hero');
    expect(card.content.text).toBe('Chọn');
    expect(card.content.buttons).toHaveLength(6);
    expect(card.content.buttons[0]).toEqual({ type: 'messageBack', title: 'Thủ tục 1', text: 'Thủ tục 1', displayText: 'Thủ tục 1', value: { payload: 'entry:e1' } });
  });

  it('more than 6 choices become numbered text (bullets when a later part has the choices)', () => {
    const out = render([{ type: 'buttons', text: 'Chọn', buttons: choices(7) }]);
    expect(out).toEqual([{ type: 'message', text: `Chọn\n\n${choices(7).map((b, i) => `${i + 1}. ${b.title}`).join('\n')}\n\n${HINT}` }]);
    const earlier = render([
      { type: 'buttons', text: 'Trước', buttons: choices(7) },
      { type: 'buttons', text: 'Sau', buttons: choices(1) },
    ]);
    expect(nth(earlier, 0).text).toBe(`Trước\n\n${choices(7).map((b) => `• ${b.title}`).join('\n')}`);
  });

  it('images and audio are attachments with the content type of their file; links are markdown', () => {
    const out = render([
      { type: 'image', url: '/media/card/x.png', alt: 'Thẻ' },
      { type: 'image', url: 'https://x.vn/photo.JPG?size=2', alt: 'Ảnh' },
      { type: 'image', url: '/media/card/x', alt: 'Không đuôi' },
      { type: 'audio', url: '/media/speech/x.mp3', title: 'Nghe' },
      { type: 'audio', url: '/media/speech/x.ogg' },
      { type: 'audio', url: '/media/speech/x.unknown' },
      { type: 'link', url: '/docs/form', title: 'Mẫu đơn' },
    ]);
    expect(out).toEqual([
      { type: 'message', attachments: [{ contentType: 'image/png', contentUrl: `${BASE}/media/card/x.png`, name: 'Thẻ' }] },
      { type: 'message', attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://x.vn/photo.JPG?size=2', name: 'Ảnh' }] },
      { type: 'message', attachments: [{ contentType: 'image/png', contentUrl: `${BASE}/media/card/x`, name: 'Không đuôi' }] },
      { type: 'message', attachments: [{ contentType: 'audio/mpeg', contentUrl: `${BASE}/media/speech/x.mp3`, name: 'Nghe' }] },
      { type: 'message', attachments: [{ contentType: 'audio/ogg', contentUrl: `${BASE}/media/speech/x.ogg`, name: undefined }] },
      { type: 'message', attachments: [{ contentType: 'audio/mpeg', contentUrl: `${BASE}/media/speech/x.unknown`, name: undefined }] },
      { type: 'message', text: `[Mẫu đơn](${BASE}/docs/form)`, textFormat: 'markdown' },
    ]);
  });
});
