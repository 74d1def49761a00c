import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const page = readFileSync(new URL('./chat.html', import.meta.url), 'utf8');
const script = readFileSync(new URL('./chat.js', import.meta.url), 'utf8');
/** The page runs only its own script; media come from this server, links open elsewhere. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' https: data:; media-src 'self' https:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** GET /chat: a small web chat (no build step) over /api/chat for villagers without Zalo. */
export async function webChatPlugin(app: FastifyInstance): Promise<void> {
  app.get('/chat', async (_req, reply) => reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', CSP).header('x-content-type-options', 'nosniff').header('x-frame-options', 'DENY').send(page));
  app.get('/chat/app.js', async (_req, reply) => reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff').send(script));
}
