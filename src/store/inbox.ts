import type { Logger } from '../core/context.js';
import type { Inbound } from '../core/messages.js';
import type { Store } from './types.js';

/** How long a platform message id is remembered for deduplication (platforms retry for hours). */
export const DEDUPE_TTL_MS = 7 * 24 * 3600_000;
/** How long the accepting instance owns a message before another may take it over. */
export const PROCESS_LEASE_MS = 60_000;

export type InboundProcessor = (inbound: Inbound & { messageId: string }) => Promise<void>;

/**
 * The durable inbox shared by the channels: a webhook calls `accept` BEFORE it answers 2xx (so a
 * message the platform saw acknowledged is on disk / committed), then `process` after answering.
 * The processor a channel registers runs the turn and hands its rendered replies to
 * `store.completeInbound`, which enqueues them and closes the inbox entry in one atomic step.
 * If the process dies in between, `recover` (at start, then every `intervalMs`) re-runs what
 * was accepted but never completed, here or on any instance sharing the database.
 */
export class Inbox {
  private readonly processors = new Map<string, InboundProcessor>();
  private timer: NodeJS.Timeout | null = null;
  private running = new Set<Promise<void>>();

  constructor(private readonly store: Store, private readonly log: Logger, private readonly leaseMs = PROCESS_LEASE_MS) {}

  register(channel: string, processor: InboundProcessor): void {
    this.processors.set(channel, processor);
  }

  /** Dedupes and keeps the message; resolves false for a redelivery (answer it 200, do nothing). */
  accept(inbound: Inbound & { messageId: string }): Promise<boolean> {
    return this.store.acceptInbound(inbound, DEDUPE_TTL_MS, this.leaseMs);
  }

  /** Runs the channel's processor in the background; a failure stays in the inbox for `recover`. */
  process(inbound: Inbound & { messageId: string }): void {
    const processor = this.processors.get(inbound.channel);
    if (!processor) {
      this.log.error({ channel: inbound.channel }, 'INBOX_NO_PROCESSOR: accepted a message no channel can process');
      return;
    }
    const run = processor(inbound).catch((err) => {
      this.log.error({ channel: inbound.channel, messageId: inbound.messageId, err: String(err) }, 'INBOX_PROCESS_FAILED: will retry after the lease');
    });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  /** Re-runs accepted messages whose processing never completed. */
  async recover(now = Date.now()): Promise<number> {
    const stale = await this.store.claimStaleInbound(now, 100, this.leaseMs);
    for (const p of stale) {
      this.log.warn({ channel: p.inbound.channel, messageId: p.inbound.messageId }, 'INBOX_RECOVER: answering a message accepted before a crash');
      this.process(p.inbound);
    }
    return stale.length;
  }

  /** Recovers now and then every `intervalMs`. */
  start(intervalMs = 10_000): void {
    const tick = () => {
      this.recover().catch((err) => this.log.warn({ err: String(err) }, 'INBOX_RECOVER_FAILED'));
    };
    setImmediate(tick);
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  /** Stops recovering and waits for the messages being processed. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([...this.running]);
  }
}
