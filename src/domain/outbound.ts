import type { ReplyPart } from './messages.js';

/** Sends reply parts to a user on a channel outside of a turn (handoff relays, notifications). */
export interface ChannelSender {
  send(userId: string, parts: ReplyPart[], opts?: { tag?: 'human_agent' }): Promise<void>;
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

  async send(channel: string, userId: string, parts: ReplyPart[], opts?: { tag?: 'human_agent' }): Promise<void> {
    const sender = this.senders.get(channel);
    if (!sender) throw new Error(`OUTBOUND_NO_CHANNEL: no sender registered for channel "${channel}"`);
    await sender.send(userId, parts, opts);
  }
}
