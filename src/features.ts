import type { FastifyInstance } from 'fastify';
import type { TurnDeps } from './core/context.js';
import type { AppServices } from './services.js';
import { adminPlugin } from './admin/plugin.js';
import { mediaPlugin } from './media/plugin.js';
import { metricsPlugin } from './metrics/plugin.js';
import { webChatPlugin } from './webchat/plugin.js';
import { registerHandoff } from './handoff/feature.js';
import { registerKnowledgeReload } from './knowledge/reload-feature.js';
import { addWebhookReadyGate } from './store/webhook-gate.js';
import { Inbox } from './store/inbox.js';
import { registerChannels } from './channels/shared/register-channels.js';

/**
 * Registers the optional capabilities (channels, handoff, media, web chat, admin, knowledge
 * reload). Each lives in its own folder and is wired here, so app.ts stays small.
 */
export async function registerFeatures(app: FastifyInstance, services: AppServices, deps: TurnDeps): Promise<void> {
  void app;
  void services;
  void deps;
  addWebhookReadyGate(app, services); // first: it must cover every channel's webhook
  const inbox = (services.inbox = new Inbox(services.store, services.log));
  app.addHook('onReady', async () => inbox.start()); // once every channel registered its processor
  services.onClose(() => inbox.stop());
  services.knowledgeReload = registerKnowledgeReload(services);
  services.handoff = registerHandoff(services, deps);
  await registerChannels(app, services); // outbox + Zalo, Zalo OA, Messenger, Bot Framework
  await app.register(adminPlugin, { services });
  await app.register(mediaPlugin, { services }); // card images and read-aloud audio
  await app.register(metricsPlugin, { store: services.store }); // GET /metrics (Prometheus)
  await app.register(webChatPlugin); // GET /chat over /api/chat
}
