import Fastify, { type FastifyInstance, type FastifyError } from 'fastify';
import type { Config } from './config.js';
import { createTurnHandler } from './core/turn.js';
import type { TurnDeps } from './core/context.js';
import { OutboundRegistry } from './domain/outbound.js';
import { errorBody, errorCodeForStatus } from './errors.js';
import { createHandoff } from './handoff/feature.js';
import { KnowledgeHolder } from './knowledge/holder.js';
import { loadKnowledgeOrLastGood } from './knowledge/last-good.js';
import { loadKnowledge } from './knowledge/load.js';
import { PublishedFiles } from './knowledge/published-files.js';
import { watchKnowledge } from './knowledge/reload.js';
import { OutboxWorker } from './outbox/worker.js';
import { loadLocales } from './replies/locales.js';
import { speechAvailable } from './replies/speech.js';
import { ACK_PRIORITY_MAX_HOLD_MS, Inbox } from './store/inbox.js';
import { openStore } from './store/open-store.js';
import { makeDataDirPrivate } from './lib/private-files.js';
import type { AppServices } from './services.js';
import { healthPlugin } from './health.js';
import { apiChatPlugin } from './channels/api/plugin.js';
import { registerFloodGuard } from './channels/shared/flood-guard.js';
import { addWebhookReadyGate } from './channels/shared/webhook-gate.js';
import { registerChannels } from './channels/shared/register-channels.js';
import { adminPlugin } from './admin/plugin.js';
import { mediaPlugin } from './media/plugin.js';
import { metricsPlugin } from './metrics/plugin.js';
import { setInboxBacklogSource } from './metrics/registry.js';
import { webChatPlugin } from './webchat/plugin.js';

export interface BuiltApp {
  app: FastifyInstance;
  services: AppServices;
}

/**
 * The one place the bot is put together. Read it top to bottom: what each part is built from is
 * in its constructor call, and every part exists before any HTTP plugin is registered.
 *
 *   channels (HTTP plugins) → inbox → turn pipeline → understanding / replies / handoff → knowledge / store
 *   turn replies → outbox → channel senders; handoff → outbound → outbox
 */
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
    trustProxy: typeof config.trustProxy === 'number' ? hopsOf(config.trustProxy) : config.trustProxy, // X-Forwarded-For only from a proxy the operator named (TRUST_PROXY)
    return503OnClosing: true,
    forceCloseConnections: false,
  });
  const log = app.log;

  // Lowest layer: storage, knowledge, words.
  await makeDataDirPrivate(config.dataDir); // before anything is written there
  const store = await openStore(config, log);
  // With PostgreSQL, what the admin published on any instance is written into the local folders first
  const published = new PublishedFiles({ store, knowledgeDir: config.knowledgeDir, localesDir: config.localesDir, log });
  await published.pull().catch((err: unknown) => log.warn({ err }, 'PUBLISHED_FILES_NOT_APPLIED: starting on the local folders; retried while running'));
  const startKnowledge = await loadKnowledgeOrLastGood(config.knowledgeDir, config.dataDir, log);
  const knowledge = new KnowledgeHolder(startKnowledge.kb, startKnowledge.matcher);
  log.info({ entries: startKnowledge.kb.list.length, fromSnapshot: startKnowledge.fromSnapshot }, 'knowledge loaded');
  const locales = await loadLocales(config.localesDir, log);
  const knowledgeReload = config.reloadKnowledge ? watchKnowledge({ root: config.knowledgeDir, holder: knowledge, log }) : undefined;

  // Delivery: channels add their senders to these when their plugin registers.
  const outbound = new OutboundRegistry();
  const inbox = new Inbox(store, log, { maxPending: config.inboxMaxPending });
  // replies are sent after the burst's acks (held at most ACK_PRIORITY_MAX_HOLD_MS), like the turns
  const outbox = new OutboxWorker(store, log, { concurrency: config.outboxSendConcurrency, yieldTo: { busy: () => inbox.acking, maxHoldMs: ACK_PRIORITY_MAX_HOLD_MS } });
  setInboxBacklogSource(() => inbox.backlog);

  // Handoff, then the turn pipeline that calls it.
  const handoff = createHandoff({ config, store, knowledge, locales, log, outbound });
  outbox.onGaveUp((item, error) => handoff.deliveryGaveUp(item.channel, item.userId, error));
  const deps: TurnDeps = {
    config, store, knowledge, locales, log, outbound,
    voiceInstalled: speechAvailable,
    openCase: (ctx, reason) => handoff.villager.openCase(ctx, reason),
    interceptHandoff: (ctx) => handoff.villager.intercept(ctx),
  };

  /** Applies files published on other instances, then reloads what they change (knowledge, locales; teams.yaml is re-read by itself). */
  const syncPublishedFiles = async (): Promise<void> => {
    const applied = await published.pull();
    if (applied.knowledge) await knowledge.swap(await loadKnowledge(config.knowledgeDir, knowledge.current().kb.version + 1));
    if (applied.locales) for (const [lang, file] of (await loadLocales(config.localesDir, log)).files) locales.files.set(lang, file);
  };

  const closers: (() => Promise<void> | void)[] = [];
  const flood = await registerFloodGuard(app, config); // per address on every route (webhooks: failed signatures only), per user on /api/chat and on platform turns
  closers.push(() => flood.close());
  closers.push(() => startKnowledge.stopSaving()); // a close cuts the copy short and removes the half of it
  let lastTurnError: { message: string; at: number } | undefined;
  const knowledgeAtStart = { rejected: startKnowledge.rejected, saved: startKnowledge.saved, fromSnapshot: startKnowledge.fromSnapshot };
  // Every swap loads the knowledge folder whole and valid: what start-up rejected is fixed by then.
  knowledge.onSwap(() => (knowledgeAtStart.rejected = null));
  const services: AppServices = {
    config, store, knowledge, locales, log, outbound, inbox, outbox, handoff, knowledgeReload,
    knowledgeAtStart,
    handleTurn: watchTurns(createTurnHandler(deps), (err) => (lastTurnError = err === undefined ? undefined : { message: err, at: Date.now() })),
    readiness: async () => {
      if (!knowledge.current().kb.list.length) return 'knowledge base is empty';
      // A failure only keeps the instance out of rotation for a while: not ready means no traffic,
      // and with no traffic no turn could ever succeed to clear it.
      if (lastTurnError && Date.now() - lastTurnError.at < TURN_FAILURE_NOT_READY_MS) return `turns are failing: ${lastTurnError.message}`;
      return store.checkWritable();
    },
    limitUser: (channel, userId) => flood.limitUser(channel, userId),
    syncPublishedFiles,
    onClose: (fn) => closers.push(fn),
  };
  if (knowledgeReload) log.info({ dir: config.knowledgeDir, mode: knowledgeReload.mode }, 'knowledge hot reload on');

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode ?? 500;
    // 503 is back-pressure the platform retries (store down, inbox full): worth a warning, not an alarm.
    if (status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '1');
    if (status === 503) req.log.warn({ code: err.code }, `request refused for now: ${err.message}`);
    else if (status >= 500) req.log.error({ err }, 'request failed');
    // a 503 names its reason (STORE_UNAVAILABLE, INBOX_FULL) so a caller or the soak can tell them apart
    const reason = status === 503 && typeof err.code === 'string' && /^[A-Z_]+$/.test(err.code) ? { reason: err.code } : undefined;
    return reply.code(status).send(errorBody(errorCodeForStatus(status), status < 500 ? err.message : undefined, reason));
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send(errorBody('NOT_FOUND')));

  addWebhookReadyGate(app, services); // before the channels: it must cover every webhook
  await app.register(healthPlugin, { services });
  await app.register(apiChatPlugin, { services, perUser: flood.perUser });
  await registerChannels(app, services); // Zalo, Zalo OA, Messenger, Bot Framework (each when configured)
  await app.register(adminPlugin, { services });
  await app.register(mediaPlugin, { services }); // card images and read-aloud audio (owns the media worker pool)
  await app.register(metricsPlugin, { store }); // GET /metrics (Prometheus)
  await app.register(webChatPlugin); // GET /chat over /api/chat

  // Every channel has registered its processor and sender by now: start the workers.
  let stopEscalations: (() => void) | undefined;
  let stopPruning: (() => void) | undefined;
  let stopFollowing: (() => void) | undefined;
  app.addHook('onReady', async () => {
    outbox.start(); // pending items of a previous run go out again
    await inbox.start(); // messages a crash left are queued before the port opens: answered first
    stopEscalations = handoff.startEscalations();
    stopPruning = pruneSessionsEvery(store, config.sessionTtlDays, log);
    let failing = false; // one warning per outage, not one every 2 s
    const follow = async () => {
      await syncPublishedFiles();
      failing = false;
    };
    const warnOnce = (err: unknown) => {
      if (!failing) log.warn({ err }, 'PUBLISHED_FILES_SYNC_FAILED: retried every 2 s');
      failing = true;
    };
    if (config.databaseUrl) stopFollowing = every(PUBLISHED_SYNC_MS, follow, warnOnce);
    if (config.knowledgeSnapshot) startKnowledge.saveLater(); // the snapshot and last good copy, when the knowledge changed
  });
  app.addHook('onClose', async () => {
    for (const fn of closers.reverse()) await fn();
    await outbox.stop();
    stopEscalations?.();
    stopPruning?.();
    stopFollowing?.();
    await knowledgeReload?.stop();
    await inbox.stop();
    await store.close();
  });
  return { app, services };
}

const PRUNE_EVERY_MS = 3_600_000;
/** How often an instance applies knowledge and locale files another instance published (PostgreSQL). */
export const PUBLISHED_SYNC_MS = 2_000;

/** Runs `fn` every `ms` (never two at once); returns the stop function. */
function every(ms: number, fn: () => Promise<void>, onError: (err: unknown) => void): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    fn().catch(onError).finally(() => (busy = false));
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}

/** Deletes sessions idle longer than SESSION_TTL_DAYS, at start and then hourly. */
function pruneSessionsEvery(store: BuiltApp['services']['store'], ttlDays: number, log: FastifyInstance['log']): () => void {
  const prune = () => {
    store.pruneSessions(Date.now() - ttlDays * 86_400_000)
      .then((n) => n && log.info({ pruned: n, ttlDays }, 'expired sessions deleted'))
      .catch((err: unknown) => log.warn({ err }, 'SESSION_PRUNE_FAILED'));
  };
  setImmediate(prune);
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** TRUST_PROXY=<n>: trust the nearest n proxies in X-Forwarded-For. */
function hopsOf(n: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < n;
}

/** Reports the latest turn's failure (undefined once a turn succeeds), so /readyz never says ready while turns fail. */
/** How long a failed turn keeps /readyz at 503 unless a turn succeeds first. */
const TURN_FAILURE_NOT_READY_MS = 30_000;

function watchTurns<A extends unknown[], R>(handle: (...a: A) => Promise<R>, report: (err: string | undefined) => void): (...a: A) => Promise<R> {
  return async (...a) => {
    try {
      const r = await handle(...a);
      report(undefined);
      return r;
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      // 503 (store unavailable, inbox full) is already what store.checkWritable reports, and clears with it.
      if (!status || (status >= 500 && status !== 503)) report(err instanceof Error ? err.message.slice(0, 200) : String(err));
      throw err;
    }
  };
}
