import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../../services.js';

/** Seconds a caller is asked to wait when the store is unreachable. */
export const RETRY_AFTER_S = 5;

/**
 * While the store cannot take writes (PostgreSQL down, DATA_DIR read-only), a route whose work
 * needs it fails with a 503 (StoreUnavailableError, thrown by the store itself), so a platform
 * keeps the message and retries instead of getting a 2xx for a message we could neither dedupe
 * nor keep. The secret or signature check runs before any store call, so a caller with a wrong
 * secret still gets 401/403, not 503. This hook adds `Retry-After` to every 503, and /readyz
 * says why (services.readiness). Added on the root instance, so it covers every plugin.
 */
export function addWebhookReadyGate(app: FastifyInstance, services: AppServices): void {
  void services;
  app.addHook('onSend', async (_req, reply, payload) => {
    if (reply.statusCode === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', String(RETRY_AFTER_S));
    return payload;
  });
}
