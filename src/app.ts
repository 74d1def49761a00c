import Fastify, { type FastifyInstance, type FastifyError } from 'fastify';
import type { Config } from './config.js';
import { createTurnHandler } from './core/turn.js';
import { errorBody, type ErrorCode } from './errors.js';
import { KnowledgeHolder } from './knowledge/holder.js';
import { loadKnowledge } from './knowledge/load.js';
import { loadLocales } from './replies/locales.js';
import { openStore } from './store/open-store.js';
import type { AppServices } from './services.js';
import type { TurnDeps } from './core/context.js';
import { healthPlugin } from './health.js';
import { apiChatPlugin } from './channels/api/plugin.js';
import { registerFeatures } from './features.js';
import { OutboundRegistry } from './domain/outbound.js';

export interface BuiltApp {
  app: FastifyInstance;
  services: AppServices;
}

/** Builds the whole bot: store, knowledge, locales, turn pipeline and every HTTP plugin. */
export async function buildApp(config: Config): Promise<BuiltApp> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: {
        paths: ['req.headers.authorization', 'req.headers["x-bot-api-secret-token"]', 'req.headers["x-hub-signature-256"]', 'req.headers["x-zevent-signature"]', 'req.headers.cookie', 'req.headers.access_token'],
        censor: '[redacted]',
      },
    },
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    forceCloseConnections: false,
  });
  const log = app.log;
  const store = await openStore(config, log);
  const kb = await loadKnowledge(config.knowledgeDir);
  const knowledge = new KnowledgeHolder(kb);
  const locales = await loadLocales(config.localesDir, log);
  const closers: (() => Promise<void> | void)[] = [];

  const outbound = new OutboundRegistry();
  const deps: TurnDeps = { config, store, knowledge, locales, log, outbound };
  const services: AppServices = {
    config,
    store,
    knowledge,
    locales,
    log,
    handleTurn: createTurnHandler(deps),
    outbound,
    readiness: async () => {
      if (!knowledge.current().kb.list.length) return 'knowledge base is empty';
      return store.checkWritable();
    },
    onClose: (fn) => closers.push(fn),
  };

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode ?? 500;
    // 503 is back-pressure the platform retries (store down, inbox full): worth a warning, not an alarm.
    if (status === 503) req.log.warn({ code: err.code }, `request refused for now: ${err.message}`);
    else if (status >= 500) req.log.error({ err }, 'request failed');
    const code: ErrorCode = status === 413 ? 'BODY_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : status === 429 ? 'RATE_LIMITED' : status === 503 ? 'NOT_READY' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
    return reply.code(status).send(errorBody(code, status < 500 ? err.message : undefined));
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send(errorBody('NOT_FOUND')));

  await app.register(healthPlugin, { services });
  await app.register(apiChatPlugin, { services });
  await registerFeatures(app, services, deps);

  app.addHook('onClose', async () => {
    for (const fn of closers.reverse()) await fn();
    await store.close();
  });
  return { app, services };
}
