import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../services.js';
import { authRoutes, installAuthHook } from './auth.js';
import { caseRoutes } from './case-routes.js';
import { KnowledgeEditor } from './knowledge-editor.js';
import { knowledgeRoutes } from './knowledge-routes.js';
import { missedRoutes } from './missed-routes.js';
import { statsRoutes } from './stats.js';
import { translationRoutes } from './translations/routes.js';
import { teamsRoutes } from './teams-routes.js';

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-cache',
};

const ADMIN_BODY_LIMIT = 256 * 1024;

/** The admin page (/admin), its REST API (/admin/api) and the API's OpenAPI docs (/admin/docs). */
export async function adminPlugin(app: FastifyInstance, opts: { services: AppServices }): Promise<void> {
  const { services } = opts;
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Quang Ninh bot admin API', version: '1', description: 'Sign in with POST /admin/api/login (sets an HttpOnly cookie). Every change needs the `x-csrf-token` header returned by login or GET /admin/api/me.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'qn_admin' }, csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' } } },
      security: [{ session: [], csrf: [] }],
    },
  });
  // The API docs list every admin route: only for someone signed in.
  await app.register(async (docs) => {
    installAuthHook(docs, services);
    await docs.register(swaggerUi, { routePrefix: '/admin/docs' });
  });
  await registerPages(app);

  const editor = new KnowledgeEditor(services);
  await app.register(async (api) => {
    // no admin request needs more than an entry file and its form fields
    api.addHook('onRoute', (route) => {
      route.bodyLimit ??= ADMIN_BODY_LIMIT;
    });
    installAuthHook(api, services);
    await api.register(authRoutes, { services });
    await api.register(knowledgeRoutes, { services, editor });
    await api.register(missedRoutes, { services, editor });
    await api.register(caseRoutes, { services });
    await api.register(statsRoutes, { services });
    await api.register(translationRoutes, { services, editor });
    await api.register(teamsRoutes, { services });
  }, { prefix: '/admin/api' });
}

/** Plain files, no build step: the page is HTML and vanilla JS modules. */
async function registerPages(app: FastifyInstance): Promise<void> {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of await fs.readdir(PUBLIC_DIR)) {
    const type = TYPES[path.extname(name)];
    if (type) files.set(name, { body: await fs.readFile(path.join(PUBLIC_DIR, name)), type });
  }
  const index = files.get('index.html');
  if (!index) throw new Error(`ADMIN_PAGE_MISSING: ${path.join(PUBLIC_DIR, 'index.html')}`);
  const hide = { schema: { hide: true } };
  app.get('/admin', hide, async (_req, reply) => reply.headers(PAGE_HEADERS).type(index.type).send(index.body));
  app.get('/admin/', hide, async (_req, reply) => reply.headers(PAGE_HEADERS).type(index.type).send(index.body));
  app.get('/admin/static/:name', hide, async (req, reply) => {
    const file = files.get((req.params as { name: string }).name);
    if (!file) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'Not found' } });
    return reply.headers(PAGE_HEADERS).type(file.type).send(file.body);
  });
}
