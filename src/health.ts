import type { FastifyInstance } from 'fastify';
import type { AppServices } from './services.js';

/** /readyz lists the member notifications that failed in the last day. */
const NOTIFY_FAILURES_SHOWN_MS = 24 * 3_600_000;

export async function healthPlugin(app: FastifyInstance, opts: { services: AppServices }): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const reason = await opts.services.readiness();
    if (reason) return reply.code(503).send({ status: 'not ready', reason });
    const { kb } = opts.services.knowledge.current();
    // A rejected edit leaves the last good knowledge serving: still ready, but say what is wrong.
    const rejectedEdit = opts.services.knowledgeReload?.lastError() ?? null;
    const rejectedAtStart = opts.services.knowledgeAtStart?.rejected ?? null;
    // Member notifications that did not go: details for whoever watches, never a reason to be unready.
    const failed = (await opts.services.handoff?.failures?.list().catch(() => [])) ?? [];
    const handoffNotifyFailures = failed.filter((f) => Date.now() - f.at < NOTIFY_FAILURES_SHOWN_MS).slice(0, 10);
    return { status: 'ready', entries: kb.list.length, knowledgeVersion: kb.version, rejectedEdit, rejectedAtStart, handoffNotifyFailures };
  });
}
