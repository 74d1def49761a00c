import type { Config } from './config.js';
import type { Logger } from './core/context.js';
import type { Inbound, TurnResult } from './core/messages.js';
import type { KnowledgeHolder } from './knowledge/holder.js';
import type { Locales } from './replies/locales.js';
import type { Store } from './store/types.js';
import type { OutboundRegistry } from './core/outbound.js';

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
}
