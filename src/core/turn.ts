import { measureTurn } from '../metrics/registry.js';
import type { TurnContext, TurnDeps, TurnStep } from './context.js';
import { composeSteps } from './context.js';
import type { Inbound, TurnResult } from '../domain/messages.js';
import { newSession, sessionKey } from '../domain/session.js';
import { sessionStep } from './steps/session-step.js';
import { eventStep } from './steps/event-step.js';
import { feedbackStep } from './steps/feedback-step.js';
import { choiceStep } from './steps/choice-step.js';
import { understandStep } from './steps/understand-step.js';
import { composeStep } from './steps/compose-step.js';
import { caseStep, handoffStep } from './steps/handoff-step.js';
import { languageStep } from './steps/language-step.js';
import { voiceStep } from './steps/voice-step.js';
import { userLock } from '../store/locks.js';
import { safetyStep } from './steps/safety-step.js';

/** Longer input is cut before matching: nobody asks a question in 2,000 characters. */
export const MAX_TEXT = 2000;

/** The order of the steps is the bot's behaviour; read it top to bottom. */
export const defaultSteps: TurnStep[] = [
  safetyStep, // first: no later step sees a secret's text
  eventStep,
  feedbackStep, // before sessionStep: reads the question this feedback judges
  sessionStep,
  handoffStep, // a team command, or a villager whose case is with a person: handoff answers
  choiceStep,
  languageStep,
  voiceStep,
  understandStep,
  caseStep, // a turn that ends in a handoff opens a case before anything is worded
  composeStep,
];

/** Serialises turns per user so two quick messages from one person never interleave. */
const userQueues = new Map<string, Promise<unknown>>();
/** Turns of one user waiting or running; see MAX_QUEUED_PER_USER. */
const queuedTurns = new Map<string, number>();

/**
 * Turns one user may have waiting or running at once. A flooding user's extra messages are
 * refused (TURN_QUEUE_FULL, status 429) instead of queued, so they never hold turns, memory or
 * the store for anyone else; other users' turns never wait behind them (queues are per user).
 */
export const MAX_QUEUED_PER_USER = 5;

/** Thrown for a message refused because its sender already has MAX_QUEUED_PER_USER turns queued. */
export class TurnQueueFullError extends Error {
  readonly statusCode = 429;
  readonly code = 'TURN_QUEUE_FULL';
  constructor(readonly key: string) {
    super(`TURN_QUEUE_FULL: ${MAX_QUEUED_PER_USER} messages of this user are already waiting; send the next one after the answer`);
  }
}

export function createTurnHandler(deps: TurnDeps, steps: TurnStep[] = defaultSteps) {
  const run = composeSteps(steps);
  return async function handleTurn(inbound: Inbound): Promise<TurnResult> {
    const key = sessionKey(inbound.channel, inbound.userId);
    const queued = queuedTurns.get(key) ?? 0;
    if (queued >= MAX_QUEUED_PER_USER) throw new TurnQueueFullError(key);
    queuedTurns.set(key, queued + 1);
    const previous = userQueues.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(() => deps.store.withLock(userLock(inbound.channel, inbound.userId), () => measureTurn(inbound.channel, () => runTurn(deps, run, inbound))));
    userQueues.set(key, current);
    try {
      return await current;
    } finally {
      if (userQueues.get(key) === current) userQueues.delete(key);
      const left = (queuedTurns.get(key) ?? 1) - 1;
      if (left > 0) queuedTurns.set(key, left);
      else queuedTurns.delete(key);
    }
  };
}

async function runTurn(deps: TurnDeps, run: (ctx: TurnContext) => Promise<void>, inbound: Inbound): Promise<TurnResult> {
  const now = inbound.time || Date.now();
  const session = (await deps.store.getSession(sessionKey(inbound.channel, inbound.userId))) ?? newSession(inbound.channel, inbound.userId, now);
  if (inbound.displayName) session.displayName = inbound.displayName;
  if (inbound.lang) {
    session.lang = inbound.lang;
    session.langChosen = true;
  }
  const ctx: TurnContext = {
    deps,
    inbound,
    session,
    snapshot: deps.knowledge.current(),
    lang: session.lang ?? deps.config.defaultLang,
    text: cleanText(inbound.text ?? ''),
    payload: inbound.payload,
    replies: [],
    match: { decision: 'fallback', id: null, title: null, confidence: null },
    now,
  };
  await run(ctx);
  return { messages: ctx.replies, match: ctx.match, lang: ctx.session.lang ?? deps.config.defaultLang };
}

/** Drops control characters and cuts very long input. */
export function cleanText(text: string): string {
  return text
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ' ')
    .slice(0, MAX_TEXT);
}
