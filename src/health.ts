import type { FastifyInstance } from 'fastify';
import type { AppServices } from './services.js';

export async function healthPlugin(app: FastifyInstance, opts: { services: AppServices }): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const reason = await opts.services.readiness();
    if (reason) return reply.code(503).send({ status: 'not ready', reason });
    return { status: 'ready', entries: opts.services.knowledge.current().kb.list.length };
  });
}
