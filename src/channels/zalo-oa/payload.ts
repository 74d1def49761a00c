import { createHash } from 'node:crypto';
import type { AttachmentKind, Inbound } from '../../domain/messages.js';
import { isObject } from '../shared/raw-json.js';
import { mediaUrlOf } from '../shared/media-url.js';

/** Prefix of the hidden payload an `oa.query.hide` button sends back as the user's text. */
export const OA_PAYLOAD_PREFIX = '#';

const ATTACHMENT_EVENTS: Record<string, AttachmentKind> = {
  user_send_image: 'image',
  user_send_gif: 'image',
  user_send_audio: 'audio',
  user_send_video: 'video',
  user_send_sticker: 'sticker',
  user_send_file: 'file',
  user_send_location: 'location',
  user_send_link: 'other',
  user_send_business_card: 'other',
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined);

export type OaEvent = { kind: 'message'; inbound: Inbound & { messageId: string } } | { kind: 'ignore'; reason: string };

/**
 * Maps an OA webhook event. Follows, seen/received receipts, `oa_send_*` echoes, events of
 * another app and unknown events are ignored (the platform still gets its 200).
 */
export function readOaEvent(body: unknown, raw: Buffer, appId: string): OaEvent | null {
  if (!isObject(body) || typeof body.event_name !== 'string') return null;
  if (str(body.app_id) !== appId) return { kind: 'ignore', reason: 'another app' };
  const event = body.event_name;
  const sender = isObject(body.sender) ? str(body.sender.id) : undefined;
  const message = isObject(body.message) ? body.message : undefined;
  if (!event.startsWith('user_send_') || !sender || !message) return { kind: 'ignore', reason: event };
  const base = {
    channel: 'zalo-oa',
    userId: sender,
    messageId: str(message.msg_id) ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    time: Date.now(),
  };
  if (event === 'user_send_text') {
    const text = typeof message.text === 'string' ? message.text : '';
    if (!text) return { kind: 'ignore', reason: 'empty text' };
    if (text.startsWith(OA_PAYLOAD_PREFIX) && /^#[a-z_]+(:|$)/.test(text)) return { kind: 'message', inbound: { ...base, text: '', payload: text.slice(1) } };
    return { kind: 'message', inbound: { ...base, text } };
  }
  const attachment = ATTACHMENT_EVENTS[event];
  if (!attachment) return { kind: 'ignore', reason: event };
  const first = Array.isArray(message.attachments) && isObject(message.attachments[0]) ? message.attachments[0] : undefined;
  const mediaUrl = first && isObject(first.payload) ? mediaUrlOf(first.payload.url) : undefined;
  return { kind: 'message', inbound: { ...base, text: '', attachment, ...(mediaUrl ? { mediaUrl } : {}) } };
}
