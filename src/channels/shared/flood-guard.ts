import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../../config.js';

const MINUTE = 60_000;
/** Platform webhooks carry every villager's messages from a few platform addresses: a wider per-address limit. */
const WEBHOOK_IP_FACTOR = 20;
const WEBHOOK_PATHS = /^\/(webhooks\/|api\/messages)/;
const UNLIMITED_PATHS = new Set(['/healthz', '/readyz']);

export interface FloodGuard {
  /** Per-user limit for a route whose body names the user (`{"user": …}`): use as a preHandler. */
  perUser: preHandlerAsyncHookHandler;
  close(): Promise<void>;
}

/**
 * Rate limits against floods: every route per client address (webhooks with a wider limit), and
 * per user where the body names one. Over the limit: 429 RATE_LIMITED with Retry-After. With
 * REDIS_URL the counters live in Redis, shared by every instance; otherwise in this process.
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
    max: (req) => (WEBHOOK_PATHS.test(req.url) ? ipPerMinute * WEBHOOK_IP_FACTOR : ipPerMinute),
    keyGenerator: (req) => `ip:${req.ip}`,
    allowList: (req) => UNLIMITED_PATHS.has(req.url.split('?')[0] ?? ''),
    errorResponseBuilder: refused,
    skipOnError: true, // Redis down must not take the bot down
    ...(redis ? { redis, nameSpace: 'qnbot-rl-' } : {}),
  });
  // The global hook marks a request as limited once; the per-user count is a second, separate check.
  const userLimit = app.createRateLimit({
    timeWindow: MINUTE,
    max: userPerMinute,
    keyGenerator: (req) => `user:${userOf(req) ?? req.ip}`,
    skipOnError: true,
  });
  const perUser: preHandlerAsyncHookHandler = async (req, reply) => {
    const r = await userLimit(req);
    if (r.isAllowed || !r.isExceeded) return;
    reply.header('retry-after', String(Math.max(1, r.ttlInSeconds)));
    throw Object.assign(new Error(`Too many messages from this user; retry in ${Math.max(1, r.ttlInSeconds)} s`), { statusCode: 429 });
  };
  return { perUser, close: async () => void (await redis?.quit().catch(() => undefined)) };
}

function userOf(req: FastifyRequest): string | undefined {
  const body = req.body as { user?: unknown } | undefined;
  const query = req.query as { user?: unknown } | undefined;
  const user = body?.user ?? query?.user;
  return typeof user === 'string' ? user.slice(0, 200) : undefined;
}
