import type { Config } from './config.js';
import type { Logger } from './domain/logger.js';
import type { Inbound, TurnResult } from './domain/messages.js';
import type { OutboundRegistry } from './domain/outbound.js';
import type { HandoffService } from './handoff/feature.js';
import type { KnowledgeHolder } from './knowledge/holder.js';
import type { KnowledgeReloadStatus } from './knowledge/reload.js';
import type { OutboxWorker } from './outbox/worker.js';
import type { Locales } from './replies/locales.js';
import type { Inbox } from './store/inbox.js';
import type { Store } from './store/types.js';

/** What app.ts builds, complete, before the first plugin is registered, and hands to every plugin. */
export interface AppServices {
  config: Config;
  store: Store;
  knowledge: KnowledgeHolder;
  locales: Locales;
  log: Logger;
  handleTurn(inbound: Inbound): Promise<TurnResult>;
  /** Per-channel senders for messages outside a turn (handoff relays, notifications). */
  outbound: OutboundRegistry;
  /** Durable inbox: channels accept a webhook message here before answering 2xx (src/store/inbox.ts). */
  inbox: Inbox;
  /** The persisted outbox worker every channel sends through (src/outbox). */
  outbox: OutboxWorker;
  /** Handoff to the community digital teams (cases, chat commands, promotion to knowledge). */
  handoff: HandoffService;
  /** Knowledge hot reload; absent when KNOWLEDGE_RELOAD=false. */
  knowledgeReload?: KnowledgeReloadStatus;
  /** What start-up rejected from the knowledge folder (the last good copy serves meanwhile); `saved` settles once the good copy is kept. */
  knowledgeAtStart?: { rejected: import('./knowledge/last-good.js').RejectedKnowledge | null; saved: Promise<void>; fromSnapshot?: boolean };
  /** Per-user limit of a platform user's turn (src/channels/shared/flood-guard.ts); absent: no limit. */
  limitUser?(channel: string, userId: string): Promise<{ allowed: boolean; notify: boolean; retryAfterS: number }>;
  /** Applies knowledge and locale files published on other instances now (PostgreSQL; lowdb: nothing to do). */
  syncPublishedFiles?(): Promise<void>;
  /** Resolves null when ready, or the reason it is not. */
  readiness(): Promise<string | null>;
  /** Things a plugin must stop on shutdown (timers); run last registered first, before the store closes. */
  onClose(fn: () => Promise<void> | void): void;
}
