import type { FastifyInstance } from 'fastify';
import type { AppServices } from './services.js';

export async function healthPlugin(app: FastifyInstance, opts: { services: AppServices }): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const reason = await opts.services.readiness();
    if (reason) return reply.code(503).send({ status: 'not ready', reason });
    const { kb } = opts.services.knowledge.current();
    // A rejected edit leaves the last good knowledge serving: still ready, but say what is wrong.
    const rejectedEdit = opts.services.knowledgeReload?.lastError() ?? null;
    const rejectedAtStart = opts.services.knowledgeAtStart?.rejected ?? null;
    return { status: 'ready', entries: kb.list.length, knowledgeVersion: kb.version, rejectedEdit, rejectedAtStart };
  });
}
