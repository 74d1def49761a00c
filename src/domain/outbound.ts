import type { ReplyPart } from './messages.js';

/** Sends reply parts to a user on a channel outside of a turn (handoff relays, notifications). */
export interface ChannelSender {
  /** Resolves the ids of the outbox items it queued (none when the channel delivered at once). */
  send(userId: string, parts: ReplyPart[], opts?: { tag?: 'human_agent' }): Promise<string[] | void>;
}

/** Channels register their sender here; handoff and admin send through it without knowing channels. */
export class OutboundRegistry {
  private readonly senders = new Map<string, ChannelSender>();

  register(channel: string, sender: ChannelSender): void {
    this.senders.set(channel, sender);
  }

  has(channel: string): boolean {
    return this.senders.has(channel);
  }

  /** Resolves the outbox item ids to follow (see awaitOutcome), or [] when the channel took the message at once. */
  async send(channel: string, userId: string, parts: ReplyPart[], opts?: { tag?: 'human_agent' }): Promise<string[]> {
    const sender = this.senders.get(channel);
    if (!sender) throw new Error(`OUTBOUND_NO_CHANNEL: no sender registered for channel "${channel}"`);
    return (await sender.send(userId, parts, opts)) ?? [];
  }
}
