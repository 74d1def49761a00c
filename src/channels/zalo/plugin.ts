import type { FastifyInstance } from 'fastify';
import { errorBody } from '../../errors.js';
import type { RetryPolicy } from '../../outbox/backoff.js';
import { DeliveryError } from '../../outbox/delivery-error.js';
import type { AppServices } from '../../services.js';
import { acceptInbounds, wireChannel } from '../shared/channel-pipeline.js';
import { isObject, refuseNonJson, useRawJsonBody } from '../shared/raw-json.js';
import { secretsMatch } from '../shared/secure-compare.js';
import { ZaloBotClient, type ZaloSendMethod } from './client.js';
import { readUpdate, toInbound } from './payload.js';
import { renderZalo } from './render.js';

export interface ZaloBotPluginOptions {
  services: AppServices;
  /** Retry policy of this channel's outbox items (tests use a short base). */
  retry?: Partial<RetryPolicy>;
}

const SEND_METHODS: readonly ZaloSendMethod[] = ['sendMessage', 'sendPhoto', 'sendSticker', 'sendChatAction'];

/**
 * Zalo Bot API channel: `POST /webhooks/zalo` with the `X-Bot-Api-Secret-Token` header, replies
 * through the outbox with sendMessage / sendPhoto. Registered only when token and secret are set.
 */
export async function zaloBotPlugin(app: FastifyInstance, opts: ZaloBotPluginOptions): Promise<void> {
  const { services } = opts;
  const { botToken, webhookSecret, apiBase } = services.config.zalo;
  if (!botToken || !webhookSecret) throw new Error('zaloBotPlugin needs ZALO_BOT_TOKEN and ZALO_WEBHOOK_SECRET');
  const client = new ZaloBotClient(apiBase, botToken, services.config.platformTimeoutMs);

  wireChannel(services, {
    channel: 'zalo',
    retry: opts.retry,
    render: (parts, ctx) => renderZalo(parts, ctx, services.config.publicBaseUrl),
    deliver: async (item, signal) => {
      const body = item.body as { method?: ZaloSendMethod; params?: unknown };
      if (!body || !SEND_METHODS.includes(body.method as ZaloSendMethod) || !isObject(body.params)) throw new DeliveryError('not a Zalo Bot API call', false);
      await client.send(body.method as ZaloSendMethod, body.params, signal);
    },
  });

  useRawJsonBody(app);
  app.post('/webhooks/zalo', {
    // the secret is checked before the body is even read
    onRequest: async (req, reply) => {
      const given = req.headers['x-bot-api-secret-token'];
      if (!secretsMatch(typeof given === 'string' ? given : undefined, webhookSecret)) {
        return reply.code(401).send(errorBody('UNAUTHORIZED', 'Wrong or missing X-Bot-Api-Secret-Token'));
      }
    },
  }, async (req, reply) => {
    if (refuseNonJson(req, reply)) return reply;
    const update = readUpdate(req.body);
    if (!update) return reply.code(400).send(errorBody('BAD_REQUEST', 'Expected a Zalo Bot API update with "event_name"'));
    const inbound = toInbound(update, req.rawBody!);
    const start = inbound ? await acceptInbounds(services, [inbound]) : () => undefined;
    await reply.send({ ok: true });
    start();
    return reply;
  });
}
