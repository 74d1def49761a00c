import type { Logger } from '../domain/logger.js';
import type { OutboundRegistry } from '../domain/outbound.js';
import type { ReplyPart } from '../domain/messages.js';
import type { HandoffCase } from '../store/types.js';
import { deliveryWindow, type WindowClosedReason } from './windows.js';
import { failureReason, type NotifyFailures } from './notify-failures.js';
import { memberKey, type TeamMember } from './teams.js';

export type Delivery =
  | { ok: true; queued?: boolean; tag?: 'human_agent'; remaining?: number; hoursLeft?: number }
  | { ok: false; reason: WindowClosedReason | 'send_failed' };

const MAX_PENDING = 20;

/**
 * Sends one text to the villager of a case within their platform's window. Channels that cannot
 * push (the web chat over /api/chat) keep it on the case for the villager's next turn. Mutates the
 * case's counters; the caller saves it.
 */
export async function deliverToUser(outbound: OutboundRegistry, log: Logger, c: HandoffCase, text: string, now: number): Promise<Delivery> {
  const window = deliveryWindow(c, now);
  if (!window.ok) return window;
  if (!outbound.has(c.channel)) {
    c.pendingForUser = [...(c.pendingForUser ?? []), text].slice(-MAX_PENDING);
    return { ok: true, queued: true };
  }
  try {
    const parts: ReplyPart[] = [{ type: 'text', text }];
    await outbound.send(c.channel, c.userId, parts, window.tag ? { tag: window.tag } : undefined);
  } catch (err) {
    log.warn({ caseId: c.id, channel: c.channel, err }, 'HANDOFF_DELIVERY_FAILED');
    return { ok: false, reason: 'send_failed' };
  }
  c.repliesSinceUserMessage = (c.repliesSinceUserMessage ?? 0) + 1;
  return { ok: true, tag: window.tag, remaining: window.remaining, hoursLeft: window.hoursLeft };
}

/**
 * Sends a text to a team member on their own chat; a failure is logged and recorded in `failures`
 * (shown on the teams page and in /readyz), never thrown.
 */
export async function notifyMember(outbound: OutboundRegistry, log: Logger, member: TeamMember, text: string, failures?: NotifyFailures, caseId?: string): Promise<boolean> {
  try {
    await outbound.send(member.channel, member.id, [{ type: 'text', text }]);
    return true;
  } catch (err) {
    log.warn({ member: member.id, channel: member.channel, err }, 'HANDOFF_NOTIFY_FAILED');
    await failures?.record({ member: memberKey(member), name: member.name, channel: member.channel, reason: failureReason(err), at: Date.now(), ...(caseId ? { caseId } : {}) });
    return false;
  }
}
