import type { Config } from './config.js';
import type { Logger } from './domain/logger.js';
import type { Inbound, TurnResult } from './domain/messages.js';
import type { KnowledgeHolder } from './knowledge/holder.js';
import type { Locales } from './replies/locales.js';
import type { Store } from './store/types.js';
import type { OutboundRegistry } from './domain/outbound.js';

/** What app.ts builds once and hands to every plugin. */
export interface AppServices {
  config: Config;
  store: Store;
  knowledge: KnowledgeHolder;
  locales: Locales;
  log: Logger;
  handleTurn(inbound: Inbound): Promise<TurnResult>;
  /** Per-channel senders for messages outside a turn (handoff relays, notifications). */
  outbound: OutboundRegistry;
  /** Resolves null when ready, or the reason it is not. */
  readiness(): Promise<string | null>;
  /** Things to stop on shutdown (timers, workers, watchers), last registered first. */
  onClose(fn: () => Promise<void> | void): void;
  /** Knowledge hot reload (absent when KNOWLEDGE_RELOAD=false): last reload error for /readyz or admin; set by features.ts. */
  knowledgeReload?: import('./knowledge/reload.js').KnowledgeReloadStatus;
  /** Durable inbox: channels accept a webhook message here before answering 2xx (src/store/inbox.ts); set by features.ts. */
  inbox?: import('./store/inbox.js').Inbox;
  /** Handoff to the community digital teams (cases, chat commands, promotion to knowledge); set by features.ts. */
  handoff?: import('./handoff/feature.js').HandoffService;
  /** The persisted outbox worker every channel sends through (src/outbox); set by features.ts. */
  outbox?: import('./outbox/worker.js').OutboxWorker;
}
