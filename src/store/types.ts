import type { Session } from '../domain/session.js';
import type { Inbound, Lang } from '../domain/messages.js';

/** A message waiting to be delivered to a platform. */
export interface OutboxItem {
  id: string;
  channel: string;
  userId: string;
  /** Channel-specific request body or reply part, opaque to the store. */
  body: unknown;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  createdAt: number;
  sentAt?: number;
  /** Monotonic per user, to keep per-user order. */
  seq: number;
  /**
   * Set on items completeInbound returned leased to the caller (see there): until then no other
   * worker claims them, and the caller may send them from memory, in order.
   */
  leasedUntil?: number;
}

/** completeInbound's claim for the caller: for how long, and the user's items it already holds. */
export interface OutboxLease {
  ms: number;
  after: string[];
}

/** An outbox item as a channel hands it in. */
export type NewOutboxItem = Omit<OutboxItem, 'id' | 'status' | 'attempts' | 'createdAt' | 'seq'>;

/** A platform message that was accepted (acknowledged) but whose replies are not enqueued yet. */
export interface PendingInbound {
  inbound: Inbound & { messageId: string };
  acceptedAt: number;
}

export type CaseState = 'open' | 'assigned' | 'answered' | 'closed';

export interface CaseMessage {
  from: 'user' | 'member' | 'bot';
  name?: string;
  text: string;
  at: number;
}

export interface HandoffCase {
  id: string;
  channel: string;
  userId: string;
  displayName?: string;
  lang: Lang;
  communeCode?: string;
  reason: 'asked' | 'fallbacks' | 'thumbs_down' | 'forwarded' | 'none_of_these';
  /** Member who opened it with /chuyen, for forwarded cases. */
  forwardedBy?: string;
  question?: string;
  messages: CaseMessage[];
  state: CaseState;
  assignee?: string;
  escalatedAt?: number;
  createdAt: number;
  assignedAt?: number;
  firstReplyAt?: number;
  answeredAt?: number;
  closedAt?: number;
  updatedAt: number;
  /** Who closed it: a member key, or 'user' when the villager cancelled. */
  closedBy?: string;
  /** Last time the villager wrote: platform reply windows count from it. */
  lastUserMessageAt?: number;
  /** Replies sent to the villager since their last message (Zalo OA allows 8 in 48 h). */
  repliesSinceUserMessage?: number;
  /** Replies kept for a channel that cannot push (web chat): delivered on the villager's next turn. */
  pendingForUser?: string[];
  /** Knowledge entry the case was turned into (example added or FAQ drafted). */
  promotedTo?: string;
}

export interface BotEvent {
  at: number;
  channel: string;
  lang: Lang;
  decision: string;
  entryId?: string | null;
  confidence?: number | null;
  /** The question as typed, kept for the missed-questions review (never for safety-flagged text). */
  text?: string;
  userKey?: string;
  /** Interface strings (locale keys) the villager was shown in this turn: the translation queue's order. */
  shown?: string[];
}

export interface Feedback {
  at: number;
  userKey: string;
  entryId: string;
  useful: boolean;
  question?: string;
  /** 'down' for 👎 (button or typed), 'not_this' for the "Không phải" button under a clarification. */
  kind?: 'up' | 'down' | 'not_this';
  /** Title of the entry the bot answered with (or offered first), as it was then. */
  entryTitle?: string;
  /** What the bot did with the question: 'answer' or 'clarify'. */
  decision?: string;
}

export interface AdminUser {
  name: string;
  role: 'admin' | 'editor' | 'team' | 'translator';
  /** The language a `translator` translates and reviews (src/i18n/languages.ts). */
  lang?: import('../domain/languages.js').TranslationLang;
  passwordHash: string;
  createdAt: number;
}

export interface KnowledgeChange {
  id: string;
  at: number;
  user: string;
  file: string;
  entryId?: string;
  before: string | null;
  after: string | null;
  diff: string;
}

/** A shared counter: hits within the window, when the window ends, and when it was last hit. */
export interface Counter {
  count: number;
  resetAt: number;
  lastAt: number;
}

/**
 * Everything the bot keeps. Two backends implement it: lowdb files (default) and PostgreSQL
 * (when DATABASE_URL is set). Both run the same contract suite (tests/integration/store-contract).
 */
export interface Store {
  readonly kind: 'lowdb' | 'postgres';
  init(): Promise<void>;
  /** Flush pending writes and release resources. */
  close(): Promise<void>;
  /** Resolves once every change made so far is on disk (lowdb coalesces writes; PostgreSQL writes at once). */
  flush(): Promise<void>;
  /** Resolves to null when writable, or a reason string. */
  checkWritable(): Promise<string | null>;

  getSession(key: string): Promise<Session | undefined>;
  saveSession(session: Session): Promise<void>;
  /** Deletes sessions not updated since `before` (SESSION_TTL_DAYS); resolves how many went. */
  pruneSessions(before: number): Promise<number>;

  /** Records a platform message id. Resolves true the first time, false for a redelivery. */
  markProcessed(channel: string, messageId: string, ttlMs: number): Promise<boolean>;

  /**
   * The durable inbox, so that a crash never loses a message the platform saw acknowledged.
   * A channel calls this BEFORE answering the webhook 2xx: it dedupes like markProcessed and
   * keeps the inbound until completeInbound. Resolves only once both are durable (lowdb: on disk;
   * PostgreSQL: committed). Resolves false for a redelivery. `leaseMs`: how long this instance
   * owns the processing before claimStaleInbound may hand it to someone else.
   */
  acceptInbound(inbound: Inbound & { messageId: string }, ttlMs: number, leaseMs: number): Promise<boolean>;
  /**
   * Atomically enqueues the replies of an accepted inbound and drops it from the inbox. Once only:
   * for an inbound no longer in the inbox (already completed) it enqueues nothing and resolves [].
   * With `lease`, the new items are claimed for the caller in the same step (`leasedUntil` set)
   * when nothing older of that user is pending but the items the caller holds (`lease.after`), so
   * the caller sends them from memory, in order, without polling; otherwise they are left for
   * claimDueOutbound, behind the older ones.
   */
  completeInbound(channel: string, messageId: string, replies: NewOutboxItem[], lease?: OutboxLease): Promise<OutboxItem[]>;
  /** Accepted inbounds whose processing lease ran out (the instance died): re-run them. */
  claimStaleInbound(now: number, limit: number, leaseMs: number): Promise<PendingInbound[]>;

  enqueueOutbound(item: NewOutboxItem): Promise<OutboxItem>;
  /** Claims due pending items (oldest first, at most one in flight per user) for `leaseMs`. */
  claimDueOutbound(now: number, limit: number, leaseMs: number): Promise<OutboxItem[]>;
  markOutboundSent(id: string, now: number): Promise<void>;
  /** Gives claimed items back unsent (a worker stopping, or an earlier item of the user failing). */
  releaseOutbound(ids: string[]): Promise<void>;
  /** Reschedules (nextAttemptAt set) or fails for good (nextAttemptAt null). */
  markOutboundFailed(id: string, error: string, nextAttemptAt: number | null): Promise<void>;
  listOutbound(filter: { status?: OutboxItem['status']; ids?: string[]; limit?: number }): Promise<OutboxItem[]>;

  saveCase(c: HandoffCase): Promise<void>;
  /** Sets the assignee only if the case is still unassigned. Resolves the updated case or null. */
  assignCase(id: string, assignee: string, now: number): Promise<HandoffCase | null>;
  getCase(id: string): Promise<HandoffCase | undefined>;
  listCases(filter: { state?: CaseState[]; userKey?: string; limit?: number }): Promise<HandoffCase[]>;
  nextCaseNumber(): Promise<number>;

  recordEvent(e: BotEvent): Promise<void>;
  /** The newest `limit` events matching, oldest first. `userKey`: one user's (cheap in both backends). */
  listEvents(filter: { since?: number; decisions?: string[]; userKey?: string; limit?: number }): Promise<BotEvent[]>;
  recordFeedback(f: Feedback): Promise<void>;
  listFeedback(filter: { since?: number; limit?: number }): Promise<Feedback[]>;

  getAdminUser(name: string): Promise<AdminUser | undefined>;
  saveAdminUser(u: AdminUser): Promise<void>;
  listAdminUsers(): Promise<AdminUser[]>;

  /**
   * Small durable key-value settings (the rotated Zalo OA token pair, Bot Framework conversation
   * references). `saveSetting` resolves once the value is durable (lowdb: on disk; PostgreSQL:
   * committed), so every instance sharing the store reads it next.
   */
  getSetting(key: string): Promise<string | undefined>;
  saveSetting(key: string, value: string): Promise<void>;

  /**
   * Runs `fn` while holding the lock `name`, shared by every instance on this store (PostgreSQL:
   * a session advisory lock, released by the server if the instance dies; lowdb: in-process).
   * Waiters get it in arrival order. Re-entrant: a call nested inside `fn` for the same name runs
   * at once. Names: see store/locks.ts.
   */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Accepted, not yet completed inbounds of one user, oldest accepted first. */
  pendingInboundOf(channel: string, userId: string, limit: number): Promise<PendingInbound[]>;

  /** Marks an open, not yet escalated case escalated. Resolves the case if this call did it, else null. */
  escalateCase(id: string, now: number): Promise<HandoffCase | null>;
  /** Closes a case that is not closed yet. Resolves the closed case if this call closed it, else null. */
  closeCase(id: string, closedBy: string, now: number): Promise<HandoffCase | null>;

  /** Ends an admin session everywhere (its nonce is refused until `expiresAt`, also after a restart). */
  revokeAdminSession(nonce: string, expiresAt: number): Promise<void>;
  adminSessionRevoked(nonce: string, now: number): Promise<boolean>;
  /**
   * A fixed-window counter shared by every instance (sign-in limits, lockout). Adds one and resolves
   * the count within the window; a window that ended starts again at 1.
   */
  hitCounter(key: string, windowMs: number, now: number): Promise<Counter>;
  /** The counter as it stands (count 0 when absent or its window ended). */
  readCounter(key: string, now: number): Promise<Counter>;
  resetCounter(key: string): Promise<void>;

  /** Messages for a web chat user, sent outside a turn; kept until the page polls for them. */
  pushChatInbox(userId: string, parts: unknown[], now: number): Promise<void>;
  /** Returns and removes a web chat user's waiting messages, oldest first. */
  takeChatInbox(userId: string): Promise<unknown[][]>;

  recordKnowledgeChange(c: KnowledgeChange): Promise<void>;
  listKnowledgeChanges(filter: { entryId?: string; limit?: number }): Promise<KnowledgeChange[]>;
  getKnowledgeChange(id: string): Promise<KnowledgeChange | undefined>;
  /**
   * Files published through the admin (knowledge entries, lexicon, teams.yaml, locales), newer
   * than `sinceVersion`, oldest first: the latest text of each file, null when it was removed.
   * PostgreSQL: every recordKnowledgeChange publishes the file's new text in the same transaction,
   * so every instance applies it (src/knowledge/published-files.ts). lowdb: none (one instance,
   * its own folders).
   */
  publishedFilesSince(sinceVersion: number): Promise<PublishedFile[]>;
}

/** The latest published text of one file; `path` is relative to the knowledge folder (locales: "../locales/vi.yaml"). */
export interface PublishedFile {
  path: string;
  content: string | null;
  version: number;
}
