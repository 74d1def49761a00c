import type { ConversationReference } from 'botbuilder';
import type { Store } from '../../store/types.js';

/**
 * Where to reach each Bot Framework conversation (serviceUrl, conversation, bot): learned from
 * the user's messages, kept in the store's settings when it has them, so replies and handoff
 * messages still find their way after a restart.
 */
export class ConversationReferences {
  private readonly known = new Map<string, Partial<ConversationReference>>();

  constructor(private readonly store: Store) {}

  async remember(userId: string, ref: Partial<ConversationReference>): Promise<void> {
    const text = JSON.stringify(ref);
    if (this.known.has(userId) && JSON.stringify(this.known.get(userId)) === text) return;
    this.known.set(userId, ref);
    if (this.store.saveSetting) await this.store.saveSetting(`botframework.ref:${userId}`, text);
  }

  async get(userId: string): Promise<Partial<ConversationReference> | undefined> {
    const mine = this.known.get(userId);
    if (mine || !this.store.getSetting) return mine;
    const text = await this.store.getSetting(`botframework.ref:${userId}`);
    const ref = text ? (JSON.parse(text) as Partial<ConversationReference>) : undefined;
    if (ref) this.known.set(userId, ref);
    return ref;
  }
}
