import type { FastifyInstance } from 'fastify';
import { errorBody } from '../../errors.js';
import type { RetryPolicy } from '../../outbox/backoff.js';
import type { AppServices } from '../../services.js';
import { acceptInbounds, wireChannel } from '../shared/channel-pipeline.js';
import { refuseNonJson, useRawJsonBody } from '../shared/raw-json.js';
import { ZaloOaClient } from './client.js';
import { readOaEvent } from './payload.js';
import { renderOa, type OaOutgoing } from './render.js';
import { oaEventFresh, oaSignatureValid } from './signature.js';
import { OaTokenKeeper } from './token-keeper.js';

export interface ZaloOaPluginOptions {
  services: AppServices;
  retry?: Partial<RetryPolicy>;
  /** How often the token's expiry is checked (it is refreshed an hour early). */
  tokenCheckMs?: number;
}

/**
 * Zalo Official Account (Open API v3) channel: `POST /webhooks/zalo-oa` checks
 * `X-ZEvent-Signature`, replies go through the outbox to the consultation endpoint, and the
 * access token is refreshed (and the rotated pair persisted) before it expires.
 */
export async function zaloOaPlugin(app: FastifyInstance, opts: ZaloOaPluginOptions): Promise<void> {
  const { services } = opts;
  const c = services.config.zaloOa;
  if (!c.appId || !c.secret || !(c.accessToken || c.refreshToken)) throw new Error('zaloOaPlugin needs ZALO_OA_APP_ID, ZALO_OA_SECRET and ZALO_OA_ACCESS_TOKEN or ZALO_OA_REFRESH_TOKEN');
  const { appId, secret } = c;
  const keeper = new OaTokenKeeper({
    store: services.store, dataDir: services.config.dataDir, log: services.log, appId,
    appSecret: c.appSecret ?? secret, oauthBase: c.oauthBase,
    // without a first access token, an expiry in the past makes the first send refresh
    initial: { accessToken: c.accessToken ?? '', refreshToken: c.refreshToken, expiresAt: c.accessToken ? undefined : 0 },
  });
  await keeper.load();
  const client = new ZaloOaClient(c.apiBase, keeper, services.config.platformTimeoutMs);
  const timer = setInterval(() => {
    keeper.accessToken().catch((err) => services.log.warn({ err }, 'ZALO_OA_TOKEN_REFRESH_FAILED: will retry'));
  }, opts.tokenCheckMs ?? 10 * 60_000);
  timer.unref();
  services.onClose(() => clearInterval(timer));

  wireChannel(services, {
    channel: 'zalo-oa',
    retry: opts.retry,
    render: (parts, ctx) => renderOa(parts, ctx, services.config.publicBaseUrl),
    deliver: (item, signal) => client.sendCs(item.body as OaOutgoing, signal),
  });

  useRawJsonBody(app);
  app.post('/webhooks/zalo-oa', async (req, reply) => {
    if (refuseNonJson(req, reply)) return reply;
    if (!oaSignatureValid(req.rawBody!, req.body, req.headers['x-zevent-signature'], secret, req.headers['x-zevent-timestamp'])) {
      return reply.code(401).send(errorBody('UNAUTHORIZED', 'Wrong or missing X-ZEvent-Signature'));
    }
    if (!oaEventFresh(req.body, req.headers['x-zevent-timestamp'])) {
      return reply.code(401).send(errorBody('UNAUTHORIZED', 'The signed event is older than 5 minutes (a replay?)'));
    }
    const event = readOaEvent(req.body, req.rawBody!, appId);
    if (!event) return reply.code(400).send(errorBody('BAD_REQUEST', 'Expected a Zalo OA event with "event_name"'));
    const start = event.kind === 'message' ? await acceptInbounds(services, [event.inbound]) : () => undefined;
    await reply.send({ error: 0, message: 'Success' });
    start();
    return reply;
  });
}
