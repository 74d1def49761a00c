import type { ConversationReference } from 'botbuilder';
import type { Store } from '../../store/types.js';

/**
 * Where to reach each Bot Framework conversation (serviceUrl, conversation, bot): learned from
 * the user's messages and kept in the store's settings, so whichever instance's outbox worker
 * sends the reply (or a handoff message, after a restart) finds it. The store is read on every
 * lookup: the user may have written to another instance since, from a new conversation.
 */
export class ConversationReferences {
  /** What this instance last saved per user: an unchanged reference is not written again. */
  private readonly saved = new Map<string, string>();

  constructor(private readonly store: Store) {}

  async remember(userId: string, ref: Partial<ConversationReference>): Promise<void> {
    const text = JSON.stringify(ref);
    if (this.saved.get(userId) === text) return;
    await this.store.saveSetting(settingKey(userId), text);
    this.saved.set(userId, text);
    if (this.saved.size > 10_000) {
      const [oldest = userId] = this.saved.keys();
      this.saved.delete(oldest);
    }
  }

  async get(userId: string): Promise<Partial<ConversationReference> | undefined> {
    const text = await this.store.getSetting(settingKey(userId));
    return text ? (JSON.parse(text) as Partial<ConversationReference>) : undefined;
  }
}

const settingKey = (userId: string): string => `botframework.ref:${userId}`;
