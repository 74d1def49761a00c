import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../services.js';
import { OutboxWorker, type OutboxWorkerOptions } from './worker.js';

/**
 * Creates the one outbox worker of this instance (services.outbox); channels register their
 * senders on it. It starts once the app is ready (so pending items of a previous run go out
 * again) and stops on close, before the store closes.
 */
export function registerOutbox(app: FastifyInstance, services: AppServices, opts: OutboxWorkerOptions = {}): OutboxWorker {
  const worker = new OutboxWorker(services.store, services.log, opts);
  services.outbox = worker;
  app.addHook('onReady', async () => worker.start());
  services.onClose(() => worker.stop());
  return worker;
}
