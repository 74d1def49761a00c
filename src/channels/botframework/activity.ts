import { createHash } from 'node:crypto';
import type { Activity, ConversationReference } from 'botbuilder';
import type { AttachmentKind, Inbound } from '../../domain/messages.js';
import { isObject } from '../shared/raw-json.js';

/** Our user id for a Bot Framework conversation: replies go to the conversation, per channel. */
export function userIdOf(ref: Partial<ConversationReference>): string | undefined {
  const conversation = ref.conversation?.id;
  return ref.channelId && conversation ? `${ref.channelId}:${conversation}` : undefined;
}

/** Maps a message activity to an Inbound; a tapped card button carries `value.payload`. */
export function toInbound(activity: Partial<Activity>, userId: string): Inbound & { messageId: string } {
  const value = isObject(activity.value) ? activity.value : undefined;
  const payload = typeof value?.payload === 'string' && value.payload ? value.payload : undefined;
  const text = typeof activity.text === 'string' ? activity.text : '';
  const firstAttachment = Array.isArray(activity.attachments) ? activity.attachments[0] : undefined;
  const attachment: AttachmentKind | undefined = !text && !payload && firstAttachment ? kindOf(firstAttachment.contentType) : undefined;
  const messageId = typeof activity.id === 'string' && activity.id ? activity.id : `sha256:${createHash('sha256').update(JSON.stringify(activity)).digest('hex')}`;
  return {
    channel: 'botframework',
    userId,
    messageId: `${userId}:${messageId}`.slice(0, 500),
    text: payload ? '' : text,
    payload,
    attachment,
    time: Date.now(),
    displayName: typeof activity.from?.name === 'string' ? activity.from.name.slice(0, 100) : undefined,
  };
}

function kindOf(contentType: unknown): AttachmentKind {
  const t = String(contentType ?? '');
  if (t.startsWith('image/')) return 'image';
  if (t.startsWith('audio/')) return 'audio';
  if (t.startsWith('video/')) return 'video';
  return 'file';
}

/** True for a serviceUrl on this machine (the only ones the Emulator mode replies to). */
export function isLoopbackUrl(url: unknown): boolean {
  try {
    const host = new URL(String(url)).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1';
  } catch {
    return false;
  }
}
