import type { ChannelSender } from '../../domain/outbound.js';
import type { ReplyPart } from '../../domain/messages.js';

/** Messages kept per user at most; older ones are dropped first. */
const MAX_PER_USER = 50;
/** Users kept at most, so a flood of ids cannot grow memory without bound. */
const MAX_USERS = 10_000;

/**
 * The api channel cannot push: messages that arrive outside a turn (a helper's reply during a
 * handoff) wait here until the web chat polls GET /api/chat/inbox. In memory, per instance.
 */
export class ApiOutbox implements ChannelSender {
  private readonly byUser = new Map<string, { parts: ReplyPart[]; at: number }[]>();

  async send(userId: string, parts: ReplyPart[]): Promise<void> {
    const list = this.byUser.get(userId) ?? [];
    list.push({ parts, at: Date.now() });
    this.byUser.delete(userId);
    this.byUser.set(userId, list.slice(-MAX_PER_USER));
    while (this.byUser.size > MAX_USERS) this.byUser.delete(this.byUser.keys().next().value!);
  }

  /** Returns and forgets the user's waiting messages, oldest first. */
  take(userId: string): { parts: ReplyPart[]; at: number }[] {
    const list = this.byUser.get(userId) ?? [];
    this.byUser.delete(userId);
    return list;
  }
}
