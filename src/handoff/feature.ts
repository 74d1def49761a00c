import type { Config } from '../config.js';
import type { Logger } from '../domain/logger.js';
import type { OutboundRegistry } from '../domain/outbound.js';
import type { KnowledgeHolder } from '../knowledge/holder.js';
import type { Locales } from '../replies/locales.js';
import type { Store } from '../store/types.js';
import { HandoffDesk } from './desk.js';
import { NotifyFailures } from './notify-failures.js';
import { draftFaqFromCase, promoteCaseToExample, type Promotion } from './knowledge-promotion.js';
import { TeamDirectory } from './teams.js';
import { VillagerSide } from './villager.js';

/** How often open cases are checked for escalation. */
export const ESCALATION_CHECK_MS = 30_000;

/** What the handoff feature offers the rest of the bot (the admin page uses the same desk as the chat commands). */
export interface HandoffService {
  desk: HandoffDesk;
  teams: TeamDirectory;
  /** Member notifications that did not go (in the store: the teams page and /readyz show them). */
  failures: NotifyFailures;
  /** The outbox gave up on a message: recorded when it was for a team member. */
  deliveryGaveUp(channel: string, userId: string, error: string): Promise<void>;
  /** The turn side: the turn pipeline calls its openCase and intercept (TurnDeps). */
  villager: VillagerSide;
  /** Adds an answered case's question to an entry's examples (atomic write, reloads the KB). */
  promoteCaseToExample(caseId: string, entryId: string, user?: string): Promise<Promotion>;
  /** Drafts knowledge/faq/faq-case-<n>.yaml (kind faq, curated false) from an answered case. */
  draftFaqFromCase(caseId: string, user?: string): Promise<Promotion>;
  /** Starts the escalation timer; returns the function that stops it. */
  startEscalations(): () => void;
}

export interface HandoffDeps {
  config: Config;
  store: Store;
  knowledge: KnowledgeHolder;
  locales: Locales;
  log: Logger;
  outbound: OutboundRegistry;
}

/** Builds the handoff desk, the team directory and the villager side from what they need. */
export function createHandoff(deps: HandoffDeps): HandoffService {
  const { config, store, knowledge, locales, log, outbound } = deps;
  const teams = TeamDirectory.inKnowledge(config.knowledgeDir, log);
  const failures = new NotifyFailures(store, log);
  const desk = new HandoffDesk({ store, outbound, teams, locales, knowledge, log, escalateMinutes: config.handoffEscalateMinutes, failures });
  const villager = new VillagerSide(desk);

  const startEscalations = () => {
    let checking = false;
    const timer = setInterval(() => {
      if (checking) return; // a slow check never overlaps the next one
      checking = true;
      desk.checkEscalations(Date.now())
        .catch((err: unknown) => log.error({ err }, 'HANDOFF_ESCALATION_FAILED'))
        .finally(() => (checking = false));
    }, ESCALATION_CHECK_MS);
    timer.unref();
    return () => clearInterval(timer);
  };

  const promotionDeps = { store, knowledge, knowledgeDir: config.knowledgeDir, log };
  return {
    desk,
    teams,
    failures,
    async deliveryGaveUp(channel, userId, error) {
      const member = await teams.find(channel, userId);
      if (member) await failures.record({ member: `${channel}:${userId}`, name: member.name, channel, reason: error.slice(0, 300), at: Date.now() });
    },
    villager,
    promoteCaseToExample: (caseId, entryId, user) => promoteCaseToExample(promotionDeps, caseId, entryId, user),
    draftFaqFromCase: (caseId, user) => draftFaqFromCase(promotionDeps, caseId, user),
    startEscalations,
  };
}
