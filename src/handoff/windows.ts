import type { HandoffCase } from '../store/types.js';

const HOUR = 3_600_000;

/** Zalo OA: at most this many consultation replies in the 48 h after the user's last message. */
export const ZALO_OA_REPLY_CAP = 8;
export const ZALO_OA_WINDOW_MS = 48 * HOUR;
/** Messenger: standard messages within 24 h; a person's reply with the HUMAN_AGENT tag up to 7 days. */
export const MESSENGER_STANDARD_MS = 24 * HOUR;
export const MESSENGER_HUMAN_AGENT_MS = 7 * 24 * HOUR;

export type WindowClosedReason = 'messenger_7d' | 'zalo_oa_48h' | 'zalo_oa_quota';

export type DeliveryWindow =
  | { ok: true; tag?: 'human_agent'; remaining?: number; hoursLeft?: number }
  | { ok: false; reason: WindowClosedReason };

const isMessenger = (channel: string) => channel === 'messenger' || channel.startsWith('messenger-');
const isZaloOa = (channel: string) => channel === 'zalo-oa' || channel === 'zalooa';

/**
 * Whether one more message can reach the villager now, under their platform's rules. `remaining`
 * (Zalo OA) counts the replies still allowed after this one; `hoursLeft` (Messenger) the time left.
 */
export function deliveryWindow(c: Pick<HandoffCase, 'channel' | 'lastUserMessageAt' | 'createdAt' | 'repliesSinceUserMessage'>, now: number): DeliveryWindow {
  const since = now - (c.lastUserMessageAt ?? c.createdAt);
  if (isMessenger(c.channel)) {
    if (since <= MESSENGER_STANDARD_MS) return { ok: true, hoursLeft: hours(MESSENGER_STANDARD_MS - since) };
    if (since <= MESSENGER_HUMAN_AGENT_MS) return { ok: true, tag: 'human_agent', hoursLeft: hours(MESSENGER_HUMAN_AGENT_MS - since) };
    return { ok: false, reason: 'messenger_7d' };
  }
  if (isZaloOa(c.channel)) {
    if (since > ZALO_OA_WINDOW_MS) return { ok: false, reason: 'zalo_oa_48h' };
    const used = c.repliesSinceUserMessage ?? 0;
    if (used >= ZALO_OA_REPLY_CAP) return { ok: false, reason: 'zalo_oa_quota' };
    return { ok: true, remaining: ZALO_OA_REPLY_CAP - used - 1, hoursLeft: hours(ZALO_OA_WINDOW_MS - since) };
  }
  return { ok: true };
}

function hours(ms: number): number {
  return Math.max(0, Math.floor(ms / HOUR));
}
