import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../../config.js';

const MINUTE = 60_000;
/** Signed platform webhooks: every villager's messages arrive from a few platform addresses. */
const WEBHOOK_PATHS = /^\/(webhooks\/|api\/messages(\/|\?|$))/;
const MEDIA_PATHS = /^\/media\//;
const UNLIMITED_PATHS = new Set(['/healthz', '/readyz']);

/** A limiter made with createRateLimit inherits the global options: not the global allow list. */
const OWN_COUNT = { allowList: undefined, skipOnError: true };

/** Where a request's per-address count goes: media and the rest of the bot have separate budgets. */
const bucketOf = (url: string): 'media' | 'ip' => (MEDIA_PATHS.test(url) ? 'media' : 'ip');

/** A platform user's turn, as the processing-time limiter sees it. */
export interface UserVerdict {
  allowed: boolean;
  /** The first refused message of this window: the user is told once to slow down. */
  notify: boolean;
  retryAfterS: number;
}

export interface FloodGuard {
  /** Per-user limit for a route whose body names the user (`{"user": …}`): use as a preHandler. */
  perUser: preHandlerAsyncHookHandler;
  /** Per-user limit of a platform user, checked when the turn runs (after the signature check and the durable accept). */
  limitUser(channel: string, userId: string): Promise<UserVerdict>;
  close(): Promise<void>;
}

/**
 * Rate limits against floods. Per client address: every route (media with its own budget),
 * except signed platform webhooks, where only requests that FAIL the signature or secret check
 * count: an authentic burst from a platform's few addresses is never refused, a forger is.
 * Per user: /api/chat when the request arrives (429), platform users when their turn runs
 * (`limitUser`; the webhook was already accepted). Over a limit: 429 RATE_LIMITED with
 * Retry-After. With REDIS_URL every count lives in Redis, shared by every instance.
 */
export async function registerFloodGuard(app: FastifyInstance, config: Config): Promise<FloodGuard> {
  const redis = config.redisUrl ? new Redis(config.redisUrl, { connectTimeout: 500, maxRetriesPerRequest: 1, lazyConnect: false }) : undefined;
  redis?.on('error', (err) => app.log.warn({ err }, 'RATE_LIMIT_REDIS: Redis unreachable; limits are skipped until it is back'));
  const refused = (_req: FastifyRequest, ctx: { after: string; ttl: number }) =>
    Object.assign(new Error(`Too many requests; retry in ${ctx.after}`), { statusCode: 429 });
  const { ipPerMinute, userPerMinute } = config.rateLimit;
  await app.register(rateLimit, {
    global: true,
    timeWindow: MINUTE,
    max: ipPerMinute,
    keyGenerator: (req) => `${bucketOf(req.url)}:${req.ip}`,
    allowList: (req) => UNLIMITED_PATHS.has(req.url.split('?')[0] ?? '') || WEBHOOK_PATHS.test(req.url),
    errorResponseBuilder: refused,
    skipOnError: true, // Redis down must not take the bot down
    ...(redis ? { redis, nameSpace: 'qnbot-rl-' } : {}),
  });

  // Webhooks: an address that failed the signature check ipPerMinute times this minute is refused
  // before its body is read; the count only grows on a 401/403.
  const forged = app.createRateLimit({ ...OWN_COUNT, timeWindow: MINUTE, max: ipPerMinute, keyGenerator: (req) => `forged:${req.ip}` });
  app.addHook('onRequest', async (req, reply) => {
    if (!WEBHOOK_PATHS.test(req.url)) return;
    const r = await forged(req, { increment: false });
    if (!r.isAllowed && r.remaining === 0) refuse(reply, r.ttlInSeconds, 'Too many requests that failed the signature check from this address');
  });
  app.addHook('onResponse', async (req, reply) => {
    if ((reply.statusCode === 401 || reply.statusCode === 403) && WEBHOOK_PATHS.test(req.url)) await forged(req).catch(() => undefined);
  });

  // The global hook marks a request as limited once; the per-user count is a second, separate check.
  const userLimit = app.createRateLimit({ ...OWN_COUNT, timeWindow: MINUTE, max: userPerMinute, keyGenerator: (req) => `user:${userOf(req) ?? req.ip}` });
  const perUser: preHandlerAsyncHookHandler = async (req, reply) => {
    const r = await userLimit(req);
    if (r.isAllowed || !r.isExceeded) return;
    refuse(reply, r.ttlInSeconds, 'Too many messages from this user');
  };

  // Processing time: the same per-user budget, keyed by channel and platform user; a second
  // one-per-window count decides who is told to slow down (once, not on every refused message).
  const keyed = (req: FastifyRequest) => (req as FastifyRequest & { rateKey: string }).rateKey;
  const platformUser = app.createRateLimit({ ...OWN_COUNT, timeWindow: MINUTE, max: userPerMinute, keyGenerator: keyed });
  const notice = app.createRateLimit({ ...OWN_COUNT, timeWindow: MINUTE, max: 1, keyGenerator: keyed });
  const limitUser = async (channel: string, userId: string): Promise<UserVerdict> => {
    const req = { rateKey: `user:${channel}:${userId.slice(0, 200)}`, routeOptions: { config: {} } } as unknown as FastifyRequest;
    const r = await platformUser(req);
    if (r.isAllowed || !r.isExceeded) return { allowed: true, notify: false, retryAfterS: 0 };
    const n = await notice({ ...req, rateKey: `notice:${channel}:${userId.slice(0, 200)}` } as FastifyRequest);
    return { allowed: false, notify: n.isAllowed || !n.isExceeded, retryAfterS: Math.max(1, r.ttlInSeconds) };
  };

  return { perUser, limitUser, close: async () => void (await redis?.quit().catch(() => undefined)) };
}

function refuse(reply: FastifyReply, ttlInSeconds: number, what: string): never {
  const after = Math.max(1, ttlInSeconds);
  reply.header('retry-after', String(after));
  throw Object.assign(new Error(`${what}; retry in ${after} s`), { statusCode: 429 });
}

function userOf(req: FastifyRequest): string | undefined {
  const body = req.body as { user?: unknown } | undefined;
  const query = req.query as { user?: unknown } | undefined;
  const user = body?.user ?? query?.user;
  return typeof user === 'string' ? user.slice(0, 200) : undefined;
}
