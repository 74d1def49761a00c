import type { Config } from '../config.js';
import type { KnowledgeHolder, KnowledgeSnapshot } from '../knowledge/holder.js';
import type { Locales } from '../replies/locales.js';
import type { Store } from '../store/types.js';
import type { Logger } from '../domain/logger.js';
import type { Inbound, Lang, MatchInfo, ReplyPart } from '../domain/messages.js';
import type { HandoffOutcome, HandoffReason, Outcome } from '../domain/outcome.js';
import type { Session } from '../domain/session.js';

export type { Logger } from '../domain/logger.js';

/** Something outside the turn that wants to hear about it (e.g. handoff, statistics). */
export interface TurnObserver {
  afterTurn?(ctx: TurnContext): Promise<void>;
}

/** What a turn needs from the rest of the bot; handed in by app.ts. */
export interface TurnDeps {
  config: Config;
  store: Store;
  knowledge: KnowledgeHolder;
  locales: Locales;
  log: Logger;
  outbound: import('../domain/outbound.js').OutboundRegistry;
  /** Whether answers can be read aloud here (src/replies/speech.ts speechAvailable, chosen in app.ts). */
  voiceInstalled: () => boolean;
  /** Opens a handoff case and says what it did; provided by src/handoff (app.ts). */
  openCase?: (ctx: TurnContext, reason: HandoffReason) => Promise<HandoffOutcome>;
  /**
   * Handoff's say before the bot understands anything: a team member's command, the commune
   * question, a villager whose case is with a person. Resolves undefined when the turn is not handoff's.
   */
  interceptHandoff?: (ctx: TurnContext) => Promise<HandoffOutcome | undefined>;
}

/** Everything one turn works on; steps read and fill it in order. */
export interface TurnContext {
  deps: TurnDeps;
  inbound: Inbound;
  session: Session;
  snapshot: KnowledgeSnapshot;
  lang: Lang;
  /** Text the understanding layer should read (a digit may be turned into a choice's payload). */
  text: string;
  payload?: string;
  outcome?: Outcome;
  /** What handoff did with this turn (a case opened): composed instead of the outcome. */
  handoff?: HandoffOutcome;
  replies: ReplyPart[];
  match: MatchInfo;
  now: number;
  /** When true the message is not logged with its text (it held a secret). */
  sensitive?: boolean;
}

export type TurnStep = (ctx: TurnContext, next: () => Promise<void>) => Promise<void>;

/** Runs steps in order; a step that does not call next() ends the turn there. */
export function composeSteps(steps: TurnStep[]): (ctx: TurnContext) => Promise<void> {
  return async (ctx) => {
    const run = async (i: number): Promise<void> => {
      const step = steps[i];
      if (step) await step(ctx, () => run(i + 1));
    };
    await run(0);
  };
}
