import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, zaloTextEvent } from '../../src/bench/load-parts.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeRepliesKnowledge } from '../helpers/replies-fixture.js';
import { until } from '../helpers/wait.js';

/** The value of one sample line of the Prometheus text, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Zalo's API on a port nobody listens on: every send fails, and is counted
    const closedPort = await freePort();
    t = await startTestApp({ INBOX_MAX_PENDING: '40', KNOWLEDGE_DIR: makeRepliesKnowledge(), ZALO_BOT_TOKEN: '123:metrics-token', ZALO_WEBHOOK_SECRET: 'metrics-secret-0001', ZALO_API_BASE: `http://127.0.0.1:${closedPort}` });
  });
  afterAll(async () => t?.close());

  it('exposes turns, decisions, webhook acks, outbox depth, send failures and latency histograms in Prometheus text', async () => {
    const before = (await t.app.inject('/metrics')).body;
    const { status } = await t.chat('metrics-user', 'lam giay khai sinh cho con o dau', { lang: 'vi' });
    expect(status).toBe(200);
    const res = await t.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    const turns = 'qnbot_turns_total{channel="api"}';
    expect(sample(text, turns)).toBe((sample(before, turns) ?? 0) + 1);
    const answers = 'qnbot_decisions_total{decision="answer"}';
    expect(sample(text, answers)).toBe((sample(before, answers) ?? 0) + 1);
    expect(sample(text, 'qnbot_turn_seconds_count{channel="api"}')).toBe((sample(before, 'qnbot_turn_seconds_count{channel="api"}') ?? 0) + 1);
    expect(text).toMatch(/^qnbot_turn_seconds_bucket\{le="0\.1",channel="api"\} \d+$/m);
    expect(sample(text, 'qnbot_outbox_depth')).toBe(0);
    expect(text).toContain('# TYPE qnbot_render_seconds histogram');
  });

  it('counts webhook acks and send failures by platform', async () => {
    const ack = await t.app.inject({ method: 'POST', url: '/webhooks/zalo', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': 'metrics-secret-0001' }, payload: zaloTextEvent('m-1', 'zalo-user', 0) });
    expect(ack.statusCode).toBe(200);
    let text = '';
    await until(async () => {
      text = (await t.app.inject('/metrics')).body;
      return sample(text, 'qnbot_send_failures_total{platform="zalo",retry="true"}') !== undefined;
    });
    expect(sample(text, 'qnbot_webhook_acks_total{channel="zalo",result="accepted"}')).toBe(1);
    expect(sample(text, 'qnbot_send_failures_total{platform="zalo",retry="true"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'qnbot_outbox_depth')).toBeGreaterThanOrEqual(1); // waiting for its retry
    expect(text).toContain('qnbot_nodejs_eventloop_lag_p99_seconds');
  });

  it('counts a redelivered message as a duplicate, and a webhook refused past INBOX_MAX_PENDING (503 + Retry-After) as refused for budget', async () => {
    const webhook = (id: string) => t.app.inject({ method: 'POST', url: '/webhooks/zalo', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': 'metrics-secret-0001' }, payload: zaloTextEvent(id, 'zalo-user', 0) });
    expect((await webhook('m-1')).statusCode).toBe(200); // sent again by the platform
    // the inbox holds as many unanswered messages as it may: the next webhook is asked to retry later
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    t.services.inbox.register('blocked', () => gate);
    const blocked = Array.from({ length: t.services.inbox.maxPending }, (_, i) => ({ channel: 'blocked', userId: `b${i}`, messageId: `b${i}`, time: 0 }));
    // accepted first: the inbox only runs a message the store holds as pending (inbox.ts, inOrder)
    await Promise.all(blocked.map((m) => t.services.inbox.accept(m)));
    for (const m of blocked) t.services.inbox.process(m);
    let text = '';
    try {
      const refused = await webhook('m-2');
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBeDefined();
      text = (await t.app.inject('/metrics')).body;
      expect(sample(text, 'qnbot_inbox_backlog')).toBe(t.services.inbox.maxPending);
    } finally {
      release();
    }
    expect(sample(text, 'qnbot_webhook_refused_total{channel="zalo",reason="budget"}')).toBe(1);
    expect(sample(text, 'qnbot_webhook_acks_total{channel="zalo",result="duplicate"}')).toBe(1);
    expect(sample(text, 'qnbot_webhook_acks_total{channel="zalo",result="refused"}')).toBe(1);
    expect(sample(text, 'qnbot_webhook_acks_total{channel="zalo",result="accepted"}')).toBe(1);
  });
});
