import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../../errors.js';
import type { RetryPolicy } from '../../outbox/backoff.js';
import type { AppServices } from '../../services.js';
import { acceptInbounds, wireChannel } from '../shared/channel-pipeline.js';
import { refuseNonJson, useRawJsonBody } from '../shared/raw-json.js';
import { hexDigestsMatch, secretsMatch } from '../shared/secure-compare.js';
import { MessengerClient } from './client.js';
import { readMessengerEvents } from './payload.js';
import { renderMessenger, type MessengerOutgoing } from './render.js';

export interface MessengerPluginOptions {
  services: AppServices;
  retry?: Partial<RetryPolicy>;
}

/** True when `header` is `sha256=<hex HMAC-SHA256(appSecret, raw)>`. */
export function messengerSignatureValid(raw: Buffer, header: unknown, appSecret: string): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  return hexDigestsMatch(header.slice(7), createHmac('sha256', appSecret).update(raw).digest('hex'));
}

/**
 * Messenger channel: `GET /webhooks/messenger` answers the verify handshake, `POST` checks
 * `X-Hub-Signature-256` over the raw bytes and hands messages to the inbox; replies go through
 * the outbox to the Send API.
 */
export async function messengerPlugin(app: FastifyInstance, opts: MessengerPluginOptions): Promise<void> {
  const { services } = opts;
  const { appSecret, verifyToken, pageAccessToken, graphApiBase } = services.config.messenger;
  if (!appSecret || !verifyToken || !pageAccessToken) throw new Error('messengerPlugin needs MESSENGER_APP_SECRET, MESSENGER_VERIFY_TOKEN and MESSENGER_PAGE_ACCESS_TOKEN');
  const client = new MessengerClient(graphApiBase, pageAccessToken, services.config.platformTimeoutMs);
  let pageId: string | undefined;
  let lookup: Promise<void> | null = null;
  const learnPageId = () => {
    lookup ??= client.pageId().then(
      (id) => void (pageId = id),
      (err) => services.log.warn({ err }, 'MESSENGER_PAGE_UNKNOWN: could not read the page id; events are not filtered by page yet'),
    ).finally(() => (lookup = null));
    return lookup;
  };
  app.addHook('onReady', async () => void learnPageId());

  wireChannel(services, {
    channel: 'messenger',
    retry: opts.retry,
    render: (parts, ctx) => renderMessenger(parts, ctx, services.config.publicBaseUrl),
    deliver: (item, signal) => client.send(item.body as MessengerOutgoing, signal),
  });

  // the query holds the verify token: keep this route out of the request log
  app.get('/webhooks/messenger', { logLevel: 'warn' }, async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    if (q['hub.mode'] === 'subscribe' && secretsMatch(q['hub.verify_token'], verifyToken) && typeof q['hub.challenge'] === 'string') {
      return reply.type('text/plain').send(q['hub.challenge']);
    }
    return reply.code(403).send(errorBody('FORBIDDEN', 'Verify token does not match'));
  });

  useRawJsonBody(app);
  app.post('/webhooks/messenger', async (req, reply) => {
    if (refuseNonJson(req, reply)) return reply;
    if (!messengerSignatureValid(req.rawBody!, req.headers['x-hub-signature-256'], appSecret)) {
      return reply.code(401).send(errorBody('UNAUTHORIZED', 'Wrong or missing X-Hub-Signature-256'));
    }
    if (!pageId) void learnPageId();
    const events = readMessengerEvents(req.body, pageId);
    if (!events) return reply.code(400).send(errorBody('BAD_REQUEST', 'Expected a Messenger webhook body with object "page" and entry[]'));
    const start = await acceptInbounds(services, events);
    await reply.type('text/plain').send('EVENT_RECEIVED');
    start();
    return reply;
  });
}
