import { createHash } from 'node:crypto';
import type { AttachmentKind, Inbound } from '../../domain/messages.js';
import { isObject } from '../shared/raw-json.js';
import { mediaUrlOf } from '../shared/media-url.js';

/** One Zalo Bot API webhook update, after unwrapping `{ ok, result }` when present. */
export interface ZaloUpdate {
  event_name: string;
  message?: Record<string, unknown>;
}

/** Non-text events the bot answers with "please type or tap"; `null` means "ignore quietly". */
const ATTACHMENT_EVENTS: Record<string, AttachmentKind> = {
  'message.image.received': 'image',
  'message.sticker.received': 'sticker',
  'message.voice.received': 'audio',
  'message.unsupported.received': 'other',
};

/** The docs wrap the update in `{ ok, result }`; several implementations see it bare: accept both. */
export function readUpdate(body: unknown): ZaloUpdate | null {
  const candidate = isObject(body) && isObject(body.result) ? body.result : body;
  if (!isObject(candidate) || typeof candidate.event_name !== 'string') return null;
  return { event_name: candidate.event_name, message: isObject(candidate.message) ? candidate.message : undefined };
}

const idOf = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined);

/**
 * Maps an update to an Inbound, or null for what the bot ignores (reactions, bots, unknown
 * events, updates without a chat). Replies go to `chat.id`, the conversation the message came
 * from. Without a message id the raw body's hash stands in, so a redelivery is still caught.
 */
export function toInbound(update: ZaloUpdate, raw: Buffer): (Inbound & { messageId: string }) | null {
  const m = update.message;
  const chat = isObject(m?.chat) ? m.chat : undefined;
  const from = isObject(m?.from) ? m.from : undefined;
  const userId = idOf(chat?.id) ?? idOf(from?.id);
  if (!m || !userId || from?.is_bot === true) return null;
  const base = {
    channel: 'zalo',
    userId,
    messageId: idOf(m.message_id) ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    time: Date.now(),
    displayName: typeof from?.display_name === 'string' ? from.display_name.slice(0, 100) : undefined,
  };
  const text = typeof m.text === 'string' ? m.text : undefined;
  if (update.event_name === 'message.text.received') return text ? { ...base, text } : null;
  if (update.event_name === 'message.link.received') return text ? { ...base, text } : { ...base, attachment: 'other' };
  const kind = ATTACHMENT_EVENTS[update.event_name];
  if (!kind) return null;
  const mediaUrl = mediaUrlOf(m.photo_url) ?? mediaUrlOf(m.photo) ?? mediaUrlOf(m.voice_url) ?? mediaUrlOf(m.sticker) ?? mediaUrlOf(m.url);
  return { ...base, text: '', attachment: kind, ...(mediaUrl ? { mediaUrl } : {}) };
}
