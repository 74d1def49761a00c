import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/types.js';
import { registry, setOutboxDepthSource } from './registry.js';

/** Largest outbox depth counted exactly at a scrape (beyond it the gauge shows this bound). */
const DEPTH_SCAN_LIMIT = 100_000;

/** GET /metrics: the Prometheus text exposition of src/metrics/registry.ts. */
export async function metricsPlugin(app: FastifyInstance, opts: { store: Store }): Promise<void> {
  setOutboxDepthSource(async () => (await opts.store.listOutbound({ status: 'pending', limit: DEPTH_SCAN_LIMIT })).length);
  app.addHook('onClose', async () => setOutboxDepthSource(null));
  app.get('/metrics', async (_req, reply) => reply.header('content-type', registry.contentType).send(await registry.metrics()));
}
