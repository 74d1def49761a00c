import type {} from '@fastify/cookie';
import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, statusOf, type ErrorCode } from '../errors.js';
import type { AppServices } from '../services.js';
import type { AdminUser } from '../store/types.js';
import { verifyPassword } from './password.js';
import { SignInGuard } from './sign-in-guard.js';
import { SESSION_COOKIE, SESSION_HOURS, csrfFor, csrfValid, issueToken, parseToken, tokenValid } from './session-token.js';

export type AdminRole = AdminUser['role'];
export const ROLES: readonly AdminRole[] = ['admin', 'editor', 'team', 'translator'];

/** Who may use a route: set as `config: { roles }`; `public: true` skips sign-in (login only). */
export interface AdminRouteConfig {
  roles?: AdminRole[];
  public?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    adminUser?: AdminUser;
  }
}

/** Sends a coded error; `details` carries e.g. the field and reason of an invalid entry. */
export function fail(reply: FastifyReply, code: ErrorCode, message?: string, details?: unknown): FastifyReply {
  return reply.code(statusOf(code)).send(errorBody(code, message, details));
}

function secureCookie(services: AppServices, req: FastifyRequest): boolean {
  const mode = services.config.admin.cookieSecure;
  if (mode !== 'auto') return mode === 'always';
  // Trusting x-forwarded-proto here is safe: a spoofed "https" only makes the browser withhold the cookie over plain HTTP.
  const [forwarded = ''] = String(req.headers['x-forwarded-proto'] ?? '').split(',');
  return req.protocol === 'https' || forwarded.trim() === 'https';
}

/** Checks the session cookie, the role and (for changes) the CSRF header on every admin API route. */
export function installAuthHook(app: FastifyInstance, services: AppServices): void {
  app.addHook('preHandler', async (req, reply) => {
    const cfg = (req.routeOptions.config ?? {}) as AdminRouteConfig;
    if (cfg.public) return;
    const token = req.cookies[SESSION_COOKIE];
    const parsed = parseToken(token);
    const user = parsed ? await services.store.getAdminUser(parsed.name) : undefined;
    // a signed-out token stays refused on every instance and after restarts (kept in the store)
    if (!token || !parsed || !user || !tokenValid(token, user, Date.now()) || (await services.store.adminSessionRevoked(parsed.nonce, Date.now()))) {
      return fail(reply, 'UNAUTHORIZED', 'Sign in first');
    }
    if (cfg.roles && !cfg.roles.includes(user.role)) return fail(reply, 'FORBIDDEN', `This needs the role: ${cfg.roles.join(' or ')}`);
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method) && !csrfValid(req.headers['x-csrf-token'] as string | undefined, token, user)) {
      return fail(reply, 'FORBIDDEN', 'Missing or wrong x-csrf-token header; reload the page');
    }
    req.adminUser = user;
  });
}

const LoginBody = {
  type: 'object',
  required: ['user', 'password'],
  additionalProperties: false,
  properties: { user: { type: 'string', minLength: 1, maxLength: 100 }, password: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/** POST /login (rate-limited), POST /logout, GET /me. */
export async function authRoutes(app: FastifyInstance, opts: { services: AppServices }): Promise<void> {
  const { services } = opts;
  const guard = new SignInGuard(services.store);
  app.post('/login', {
    schema: { tags: ['auth'], summary: 'Sign in; sets the session cookie and returns the CSRF token', body: LoginBody },
    config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    const { user: name, password } = req.body as { user: string; password: string };
    const refused = await guard.admit(req.ip, name, Date.now());
    if (refused) {
      reply.header('retry-after', String(refused.retryAfterS));
      return fail(reply, 'RATE_LIMITED', refused.why === 'account' ? 'Too many failed sign-ins for this account; try again later' : 'Too many sign-in attempts; try again later');
    }
    const user = await services.store.getAdminUser(name);
    // Verify against a dummy hash for unknown users so timing does not reveal which names exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) {
      await guard.failed(name, Date.now());
      // audit line: who tried which account from where (never the password)
      req.log.warn({ audit: 'admin_sign_in_failed', account: name.slice(0, 100), known: !!user, ip: req.ip }, 'ADMIN_SIGN_IN_FAILED');
      return fail(reply, 'UNAUTHORIZED', 'Wrong name or password');
    }
    await guard.succeeded(name);
    req.log.info({ audit: 'admin_sign_in', account: user.name, ip: req.ip }, 'admin signed in');
    const token = issueToken(user, Date.now());
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/admin', httpOnly: true, sameSite: 'lax', secure: secureCookie(services, req), maxAge: SESSION_HOURS * 3600,
    });
    return { user: user.name, role: user.role, lang: user.lang, csrf: csrfFor(token, user) };
  });

  app.post('/logout', { schema: { tags: ['auth'], summary: 'Sign out' } }, async (req, reply) => {
    const parsed = parseToken(req.cookies[SESSION_COOKIE]);
    if (parsed) await services.store.revokeAdminSession(parsed.nonce, parsed.expires);
    reply.clearCookie(SESSION_COOKIE, { path: '/admin' });
    return { ok: true };
  });

  app.get('/me', { schema: { tags: ['auth'], summary: 'Who is signed in, and the CSRF token for changes' } }, async (req) => {
    const user = req.adminUser as AdminUser;
    return { user: user.name, role: user.role, lang: user.lang, csrf: csrfFor(req.cookies[SESSION_COOKIE] as string, user) };
  });
}

const DUMMY_HASH = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
