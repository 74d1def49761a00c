import type { Button, Lang } from './messages.js';

/** What the bot remembers about one user of one channel between turns. */
export interface Session {
  /** `${channel}:${userId}` */
  key: string;
  channel: string;
  userId: string;
  displayName?: string;
  lang?: Lang;
  /** True once the user picked (or confirmed) a language. */
  langChosen?: boolean;
  /** Entry currently talked about, for follow-up questions. */
  topicId?: string;
  /** Ranked candidate ids of the last question, for "cái khác" / "không phải". */
  candidates?: string[];
  /** Choices last offered; a reply with a digit picks one. */
  pendingChoices?: Button[];
  /** Consecutive fallbacks; two in a row open a case. */
  fallbackStreak?: number;
  /** Commune the user said they live in (code from knowledge/communes.yaml). */
  communeCode?: string;
  /** Which Dao language a villager who picked Dao reads (chosen in the picker). */
  daoVariant?: import('./languages.js').DaoVariant;
  /** Open handoff case id while a person is handling the conversation. */
  handoffCaseId?: string;
  /** Free-form state for multi-step flows (e.g. asking the commune). */
  flow?: { name: string; data?: Record<string, unknown> };
  lastQuestion?: string;
  /**
   * The villager's last few messages (none that held a secret), oldest first: a case opened now
   * starts with them (src/handoff). Bounded by RECENT_MESSAGES and RECENT_WINDOW_MS.
   */
  recent?: RecentMessage[];
  turns: number;
  createdAt: number;
  updatedAt: number;
}

export function sessionKey(channel: string, userId: string): string {
  return `${channel}:${userId}`;
}

export function newSession(channel: string, userId: string, now: number): Session {
  return { key: sessionKey(channel, userId), channel, userId, turns: 0, createdAt: now, updatedAt: now };
}

/** One message of the villager as the session keeps it. */
export interface RecentMessage {
  text: string;
  at: number;
}

/** How many of the villager's messages a session keeps for a case's first messages. */
export const RECENT_MESSAGES = 5;
/** Older messages are not part of what a case is about. */
export const RECENT_WINDOW_MS = 2 * 3_600_000;

/** The session's recent messages still inside the window at `now`, oldest first. */
export function recentMessages(session: Session, now: number): RecentMessage[] {
  return (session.recent ?? []).filter((m) => m.at >= now - RECENT_WINDOW_MS).slice(-RECENT_MESSAGES);
}

/** Keeps `text` (already cut, never a secret) as the newest recent message; drops what is out of bounds. */
export function rememberMessage(session: Session, text: string, at: number): void {
  session.recent = [...recentMessages(session, at), { text, at }].slice(-RECENT_MESSAGES);
}
