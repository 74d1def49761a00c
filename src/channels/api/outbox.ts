import type { ChannelSender } from '../../domain/outbound.js';
import type { ReplyPart } from '../../domain/messages.js';
import type { Store } from '../../store/types.js';

/**
 * The api channel cannot push: messages that arrive outside a turn (a helper's reply during a
 * handoff) wait in the store until the web chat polls GET /api/chat/inbox. In the store, so the
 * poll may reach any instance behind the load balancer; each message is handed out once.
 */
export class ApiOutbox implements ChannelSender {
  constructor(private readonly store: Store) {}

  async send(userId: string, parts: ReplyPart[]): Promise<void> {
    await this.store.pushChatInbox(userId, parts, Date.now());
  }

  /** Returns and forgets the user's waiting messages, oldest first. */
  async take(userId: string): Promise<{ parts: ReplyPart[] }[]> {
    return (await this.store.takeChatInbox(userId)).map((parts) => ({ parts: parts as ReplyPart[] }));
  }
}
