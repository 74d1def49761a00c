import type { FastifyInstance } from 'fastify';
import { registerOutbox } from '../../outbox/feature.js';
import type { OutboxWorkerOptions } from '../../outbox/worker.js';
import type { AppServices } from '../../services.js';
import { zaloBotPlugin } from '../zalo/plugin.js';

export interface ChannelsOptions {
  outbox?: OutboxWorkerOptions;
}

/**
 * Creates the outbox and registers every platform channel whose credentials are set; a channel
 * left off says so in one log line naming the variables that turn it on.
 */
export async function registerChannels(app: FastifyInstance, services: AppServices, opts: ChannelsOptions = {}): Promise<void> {
  registerOutbox(app, services, opts.outbox);
  const { config, log } = services;
  if (config.zalo.botToken && config.zalo.webhookSecret) await app.register(zaloBotPlugin, { services });
  else log.info({}, 'Zalo Bot channel off: set ZALO_BOT_TOKEN and ZALO_WEBHOOK_SECRET');
}
