import type { FastifyInstance } from 'fastify';
import { errorBody } from '../../errors.js';
import type { AppServices } from '../../services.js';

/**
 * While the store cannot take writes (PostgreSQL down, DATA_DIR read-only), every platform
 * webhook answers 503 before doing anything: the platform keeps the message and retries, instead
 * of getting a 2xx for a message we could neither dedupe nor keep. Added on the root instance so
 * it covers every channel plugin registered after it.
 */
export function addWebhookReadyGate(app: FastifyInstance, services: AppServices): void {
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/webhooks/') || req.method !== 'POST') return;
    const reason = await services.readiness();
    if (reason) {
      reply.header('retry-after', '5');
      return reply.code(503).send(errorBody('NOT_READY', 'The bot cannot store messages right now; retry later'));
    }
  });
}
