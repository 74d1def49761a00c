import type { Logger } from '../domain/logger.js';
import { settingLock } from '../store/locks.js';
import type { Store } from '../store/types.js';

/** A message to a team member that did not go (their channel is off, or the platform refused it). */
export interface NotifyFailure {
  /** `channel:id` of the member. */
  member: string;
  name: string;
  channel: string;
  /** Why, in plain words. */
  reason: string;
  at: number;
  /** The case the notification was about, when it was one. */
  caseId?: string;
}

const KEY = 'handoff.notify_failures';
/** The newest failures kept (older ones are in the log). */
const KEEP = 50;

/** A channel with no sender on this server: the error OutboundRegistry throws. */
export function failureReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const off = /OUTBOUND_NO_CHANNEL: no sender registered for channel "([^"]+)"/.exec(message);
  return off ? `kênh ${off[1]} chưa bật trên máy chủ (channel off)` : message.slice(0, 300);
}

/**
 * Failed notifications to members, kept in the store (a setting, so every instance sharing the
 * store sees the same list): the teams page and /readyz show them, not only the log.
 */
export class NotifyFailures {
  constructor(private readonly store: Store, private readonly log: Logger) {}

  async record(f: NotifyFailure): Promise<void> {
    try {
      await this.store.withLock(settingLock(KEY), async () => {
        const list = await this.list();
        await this.store.saveSetting(KEY, JSON.stringify([f, ...list].slice(0, KEEP)));
      });
    } catch (err) {
      this.log.warn({ err, member: f.member }, 'HANDOFF_NOTIFY_FAILURE_NOT_RECORDED');
    }
  }

  /** Newest first. */
  async list(): Promise<NotifyFailure[]> {
    const raw = await this.store.getSetting(KEY);
    if (!raw) return [];
    try {
      const list = JSON.parse(raw) as unknown;
      return Array.isArray(list) ? (list as NotifyFailure[]) : [];
    } catch {
      return [];
    }
  }
}
