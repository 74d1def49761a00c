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
