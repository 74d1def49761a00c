import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The bot's Prometheus metrics, one registry per process (instances are scraped one by one).
 * Code elsewhere records through the small functions below, one line at each place.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'qnbot_' });

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const turns = new Counter({ name: 'qnbot_turns_total', help: 'Turns run, by channel', labelNames: ['channel'], registers: [registry] });
export const decisions = new Counter({ name: 'qnbot_decisions_total', help: 'Turn outcomes, by decision (answer, clarify, fallback, handoff, …)', labelNames: ['decision'], registers: [registry] });
export const turnSeconds = new Histogram({ name: 'qnbot_turn_seconds', help: 'Time to run one turn (without waiting behind the same user)', labelNames: ['channel'], buckets: LATENCY_BUCKETS, registers: [registry] });
export const webhookAcks = new Counter({ name: 'qnbot_webhook_acks_total', help: 'Webhook messages acknowledged, by channel and result (accepted, duplicate, refused)', labelNames: ['channel', 'result'], registers: [registry] });
export const webhookRefusals = new Counter({ name: 'qnbot_webhook_refused_total', help: 'Webhook messages answered 503, by channel and reason (budget: INBOX_MAX_PENDING reached; store_unavailable: the store cannot write)', labelNames: ['channel', 'reason'], registers: [registry] });
export const inboundDropped = new Counter({ name: 'qnbot_inbound_dropped_total', help: 'Accepted messages closed without a turn, by channel and reason (user_flood: more than MAX_WAITING_PER_USER waiting)', labelNames: ['channel', 'reason'], registers: [registry] });
export const sendFailures = new Counter({ name: 'qnbot_send_failures_total', help: 'Outbox sends a platform did not take, by platform and whether it is retried', labelNames: ['platform', 'retry'], registers: [registry] });
export const sends = new Counter({ name: 'qnbot_sends_total', help: 'Outbox items a platform took, by platform', labelNames: ['platform'], registers: [registry] });
export const renderSeconds = new Histogram({ name: 'qnbot_render_seconds', help: 'Time to render one media file (card PNG, speech MP3) including the wait for a worker', labelNames: ['kind'], buckets: LATENCY_BUCKETS, registers: [registry] });

let outboxDepthSource: (() => Promise<number>) | null = null;
new Gauge({
  name: 'qnbot_outbox_depth',
  help: 'Outbox items waiting to be sent (pending), read at scrape time',
  registers: [registry],
  async collect() {
    if (outboxDepthSource) this.set(await outboxDepthSource().catch(() => Number.NaN));
  },
});

let inboxBacklogSource: (() => number) | null = null;
new Gauge({
  name: 'qnbot_inbox_backlog',
  help: 'Messages accepted by this instance and not answered yet (INBOX_MAX_PENDING bounds it)',
  registers: [registry],
  collect() {
    if (inboxBacklogSource) this.set(inboxBacklogSource());
  },
});

/** Where the inbox backlog comes from (the app points it at its inbox). */
export function setInboxBacklogSource(source: (() => number) | null): void {
  inboxBacklogSource = source;
}

/** Where the outbox depth comes from (the metrics plugin points it at the store). */
export function setOutboxDepthSource(source: (() => Promise<number>) | null): void {
  outboxDepthSource = source;
}

/** Runs one turn and records it: count, decision, latency. */
export async function measureTurn<T extends { match: { decision: string } }>(channel: string, run: () => Promise<T>): Promise<T> {
  const end = turnSeconds.startTimer({ channel });
  const result = await run();
  end();
  turns.inc({ channel });
  decisions.inc({ decision: result.match.decision });
  return result;
}

/** Records the acknowledgement of a webhook batch: which messages were new and which redeliveries. */
export function recordWebhookAcks(inbounds: { channel: string }[], accepted: boolean[]): void {
  for (const [n, i] of inbounds.entries()) webhookAcks.inc({ channel: i.channel, result: accepted[n] ? 'accepted' : 'duplicate' });
}

/** Records a webhook batch that could not be kept (store down, inbox full): answered 503, sent again later. */
export function recordWebhookRefusals(inbounds: { channel: string }[], err?: unknown): void {
  const reason = (err as { code?: unknown } | undefined)?.code === 'INBOX_FULL' ? 'budget' : 'store_unavailable';
  for (const i of inbounds) {
    webhookAcks.inc({ channel: i.channel, result: 'refused' });
    webhookRefusals.inc({ channel: i.channel, reason });
  }
}

/** Records a message closed without a turn (its sender flooding), by channel and reason. */
export function recordInboundDropped(channel: string, reason: 'user_flood'): void {
  inboundDropped.inc({ channel, reason });
}
