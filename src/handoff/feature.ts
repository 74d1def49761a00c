import type { TurnDeps } from '../core/context.js';
import type { AppServices } from '../services.js';
import { HandoffDesk } from './desk.js';
import { draftFaqFromCase, promoteCaseToExample, type Promotion } from './knowledge-promotion.js';
import { TeamDirectory } from './teams.js';
import { VillagerSide } from './villager.js';

/** How often open cases are checked for escalation. */
export const ESCALATION_CHECK_MS = 30_000;

/** What the handoff feature offers the rest of the bot (the admin page uses the same desk as the chat commands). */
export interface HandoffService {
  desk: HandoffDesk;
  teams: TeamDirectory;
  /** Adds an answered case's question to an entry's examples (atomic write, reloads the KB). */
  promoteCaseToExample(caseId: string, entryId: string, user?: string): Promise<Promotion>;
  /** Drafts knowledge/faq/faq-case-<n>.yaml (kind faq, curated false) from an answered case. */
  draftFaqFromCase(caseId: string, user?: string): Promise<Promotion>;
}

/** Wires handoff into the turn (TurnDeps.openCase, interceptHandoff) and starts the escalation timer. */
export function registerHandoff(services: AppServices, deps: TurnDeps): HandoffService {
  const { config, store, knowledge, locales, log, outbound } = services;
  const teams = TeamDirectory.inKnowledge(config.knowledgeDir, log);
  const desk = new HandoffDesk({ store, outbound, teams, locales, knowledge, log, escalateMinutes: config.handoffEscalateMinutes });
  const villager = new VillagerSide(desk);
  deps.openCase = (ctx, reason) => villager.openCase(ctx, reason);
  deps.interceptHandoff = (ctx) => villager.intercept(ctx);

  let checking = false;
  const timer = setInterval(() => {
    if (checking) return; // a slow check never overlaps the next one
    checking = true;
    desk.checkEscalations(Date.now())
      .catch((err) => log.error({ err: (err as Error).message }, 'HANDOFF_ESCALATION_FAILED'))
      .finally(() => (checking = false));
  }, ESCALATION_CHECK_MS);
  timer.unref();
  services.onClose(() => clearInterval(timer));

  const promotionDeps = { store, knowledge, knowledgeDir: config.knowledgeDir, log };
  return {
    desk,
    teams,
    promoteCaseToExample: (caseId, entryId, user) => promoteCaseToExample(promotionDeps, caseId, entryId, user),
    draftFaqFromCase: (caseId, user) => draftFaqFromCase(promotionDeps, caseId, user),
  };
}
