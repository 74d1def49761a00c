import type { AttachmentKind, Inbound } from '../../domain/messages.js';
import { isObject } from '../shared/raw-json.js';
import { mediaUrlOf } from '../shared/media-url.js';

const ATTACHMENT_KINDS: Record<string, AttachmentKind> = { image: 'image', audio: 'audio', video: 'video', file: 'file', location: 'location' };

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined);

/**
 * Maps a Messenger webhook body (`object: "page"`) to the messages the bot answers. Echoes,
 * reads, deliveries, reactions and `standby` (another app owns the thread) are skipped, and so
 * is anything addressed to a page other than `pageId` (when known).
 */
export function readMessengerEvents(body: unknown, pageId: string | undefined): (Inbound & { messageId: string })[] | null {
  if (!isObject(body) || body.object !== 'page' || !Array.isArray(body.entry)) return null;
  const out: (Inbound & { messageId: string })[] = [];
  for (const entry of body.entry) {
    if (!isObject(entry) || !Array.isArray(entry.messaging)) continue;
    if (pageId && str(entry.id) !== pageId) continue;
    for (const item of entry.messaging) {
      const inbound = isObject(item) ? toInbound(item, pageId) : null;
      if (inbound) out.push(inbound);
    }
  }
  return out;
}

function toInbound(item: Obj, pageId: string | undefined): (Inbound & { messageId: string }) | null {
  const sender = isObject(item.sender) ? str(item.sender.id) : undefined;
  const recipient = isObject(item.recipient) ? str(item.recipient.id) : undefined;
  if (!sender || (pageId && recipient !== pageId) || sender === pageId) return null;
  const time = typeof item.timestamp === 'number' ? item.timestamp : Date.now();
  const base = { channel: 'messenger', userId: sender, time: Date.now() };
  if (isObject(item.message)) return fromMessage(item.message, base);
  if (isObject(item.postback)) {
    const payload = str(item.postback.payload);
    if (!payload) return null;
    // postbacks carry a mid on newer API versions; older ones are identified by time and sender
    return { ...base, text: '', payload, messageId: str(item.postback.mid) ?? `postback:${sender}:${time}` };
  }
  return null;
}

function fromMessage(m: Obj, base: { channel: string; userId: string; time: number }): (Inbound & { messageId: string }) | null {
  const mid = str(m.mid);
  if (!mid || m.is_echo === true) return null;
  const text = typeof m.text === 'string' ? m.text : '';
  const quick = isObject(m.quick_reply) ? str(m.quick_reply.payload) : undefined;
  if (quick) return { ...base, messageId: mid, text, payload: quick };
  if (text) return { ...base, messageId: mid, text };
  const first = Array.isArray(m.attachments) && isObject(m.attachments[0]) ? m.attachments[0] : undefined;
  const mediaUrl = first && isObject(first.payload) ? mediaUrlOf(first.payload.url) : undefined;
  const withUrl = mediaUrl ? { mediaUrl } : {};
  if (m.sticker_id !== undefined) return { ...base, messageId: mid, text: '', attachment: 'sticker', ...withUrl };
  if (first) return { ...base, messageId: mid, text: '', attachment: ATTACHMENT_KINDS[String(first.type)] ?? 'other', ...withUrl };
  return null;
}
