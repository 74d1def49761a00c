import type { Lang, Inbound, ReplyPart } from '../../domain/messages.js';
import { sessionKey } from '../../domain/session.js';
import { recordInboundDropped, recordWebhookAcks, recordWebhookRefusals } from '../../metrics/registry.js';
import type { AppServices } from '../../services.js';
import type { NewOutboxItem } from '../../store/types.js';
import type { RetryPolicy } from '../../outbox/backoff.js';
import type { Deliver } from '../../outbox/worker.js';
import { TurnGate } from './turn-gate.js';
import { turnWithinUserLimit } from './user-limit.js';
import { TurnQueueFullError } from '../../core/turn.js';
import { ACK_PRIORITY_MAX_HOLD_MS } from '../../store/inbox.js';

/**
 * Turns of platform messages running at once (per app); see TurnGate. A turn on PostgreSQL also
 * waits for its store (session read, event and session writes: three round trips); with 2 slots
 * those waits ran the turns one pair at a time while the CPU idled (replied ~0.36 × chat).
 */
const TURNS_AT_ONCE = 8;
/**
 * Turns started while webhooks are being acknowledged: none, the acks go first (a turn's CPU
 * stood between 16 waiting platforms and their 200s); a held turn starts after at most
 * ACK_PRIORITY_MAX_HOLD_MS all the same (see TurnGate).
 */
const TURNS_WHILE_ACKING = 0;
const gates = new WeakMap<AppServices, TurnGate>();

/** What a renderer knows besides the parts: who it is for and in which language to add hints. */
export interface RenderContext {
  userId: string;
  lang: Lang;
  /** Localised text for a key (numbered-choice hints). */
  t(key: string): string;
  /** Set on a person's reply outside the standard window (Messenger HUMAN_AGENT tag). */
  tag?: 'human_agent';
}

/** Turns channel-neutral reply parts into the platform request bodies the outbox will send. */
export type Render = (parts: ReplyPart[], ctx: RenderContext) => unknown[];

export interface ChannelWiring {
  channel: string;
  render: Render;
  deliver: Deliver;
  retry?: Partial<RetryPolicy>;
}

/**
 * Connects a channel to the shared machinery: the inbox runs its turns, the outbox sends its
 * rendered replies, and the outbound registry lets handoff message its users.
 */
export function wireChannel(services: AppServices, w: ChannelWiring): void {
  const { outbox } = services;
  outbox.register(w.channel, w.deliver, w.retry);
  if (!gates.has(services)) gates.set(services, new TurnGate(TURNS_AT_ONCE, { busy: () => services.inbox.acking, maxHoldMs: ACK_PRIORITY_MAX_HOLD_MS }, TURNS_WHILE_ACKING));
  const gate = gates.get(services)!;
  services.inbox.register(w.channel, async (inbound, opts) => {
    // the gate holds the turn and its rendering (CPU) only: waiting for the durable write below
    // must not keep another user's turn from running (the inbox still runs one message per user)
    const items = await gate.run(async () => {
      const result = opts?.excess ? floodReply(services, w.channel, inbound, opts.excess.notice) : await turnWithinUserLimit(services, inbound).catch((err: unknown) => {
        if (!(err instanceof TurnQueueFullError)) throw err;
        return floodReply(services, w.channel, inbound, true);
      });
      return toOutboxItems(services, w, inbound.userId, result.messages, undefined, (result as { lang?: Lang }).lang);
    });
    const leased = await services.store.completeInbound(w.channel, inbound.messageId, items, outbox.leaseFor(w.channel, inbound.userId));
    outbox.offer(leased); // sent from memory now; the store keeps them until they are sent
  });
  services.outbound.register(w.channel, {
    send: async (userId, parts, opts) => {
      const ids: string[] = [];
      for (const item of await toOutboxItems(services, w, userId, parts, opts?.tag)) ids.push((await services.store.enqueueOutbound(item)).id);
      outbox.poke();
      return ids;
    },
  });
}

/**
 * One user flooding: the message is closed without a turn (done, not retried), logged and
 * counted; the first of a run gets a short "slow down" reply, the rest none.
 */
function floodReply(services: AppServices, channel: string, inbound: Inbound & { messageId: string }, notice: boolean): { messages: ReplyPart[] } {
  services.log.warn({ channel, messageId: inbound.messageId }, 'INBOUND_DROPPED: this user already has messages waiting; answered "slow down"');
  recordInboundDropped(channel, 'user_flood');
  if (!notice) return { messages: [] };
  const lang = inbound.lang ?? services.config.defaultLang;
  return { messages: [{ type: 'text' as const, text: services.locales.t(lang, 'flood.slow_down') }] };
}

/** `known`: the language the turn ended in (saves reading the session back); else the stored session's. */
async function toOutboxItems(services: AppServices, w: ChannelWiring, userId: string, parts: ReplyPart[], tag?: 'human_agent', known?: Lang): Promise<NewOutboxItem[]> {
  if (!parts.length) return [];
  const lang = known ?? (await services.store.getSession(sessionKey(w.channel, userId)))?.lang ?? services.config.defaultLang;
  const bodies = w.render(parts, { userId, lang, tag, t: (key) => services.locales.t(lang, key) });
  return bodies.map((body) => ({ channel: w.channel, userId, body, nextAttemptAt: 0 }));
}

/**
 * The webhook side: keeps each message durably (deduped by its platform id) BEFORE the platform
 * gets its 2xx, and returns a function that starts processing them once the answer is sent.
 */
export async function acceptInbounds(services: AppServices, inbounds: (Inbound & { messageId: string })[]): Promise<() => void> {
  const { inbox } = services;
  // in parallel, so a batch (Messenger sends many) shares one durable write
  const accepted = await Promise.all(inbounds.map((inbound) => inbox.accept(inbound))).catch((err: unknown) => {
    recordWebhookRefusals(inbounds, err); // the platform gets a 503 and sends the batch again
    throw err;
  });
  recordWebhookAcks(inbounds, accepted);
  const fresh = inbounds.filter((_, i) => accepted[i]);
  return () => {
    if (fresh.length) setImmediate(() => fresh.forEach((i) => inbox.process(i)));
  };
}
