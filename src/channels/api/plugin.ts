import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { LANGS, type Lang } from '../../domain/messages.js';
import { errorBody } from '../../errors.js';
import type { TeamMember } from '../../handoff/teams.js';
import type { AppServices } from '../../services.js';
import { ApiOutbox } from './outbox.js';

const MAX_BODY = 16 * 1024;

interface ChatBody {
  user?: unknown;
  text?: unknown;
  lang?: unknown;
  payload?: unknown;
}

/** POST /api/chat: the web demo's and the tests' way in. Same turn pipeline as every channel. */
export async function apiChatPlugin(app: FastifyInstance, opts: { services: AppServices; perUser?: preHandlerAsyncHookHandler }): Promise<void> {
  const { services } = opts;
  const members = new WeakMap<FastifyRequest, TeamMember>();
  const unauthorized = (reply: FastifyReply) => reply.code(401).send(errorBody('UNAUTHORIZED', 'Send Authorization: Bearer <CHAT_API_TOKEN>'));
  // The token is checked before the per-user limit: a caller without it never spends a user's budget.
  const chatAuth: preHandlerAsyncHookHandler = async (req, reply) => {
    const token = services.config.chatApiToken;
    const member = await services.handoff.teams.memberByToken(bearerOf(req.headers.authorization) ?? '');
    if (member) members.set(req, member);
    if (token && !member && !bearerMatches(req.headers.authorization, token)) return unauthorized(reply);
  };
  const inboxAuth: preHandlerAsyncHookHandler = async (req, reply) => {
    const token = services.config.chatApiToken;
    if (token && !bearerMatches(req.headers.authorization, token)) return unauthorized(reply);
  };
  const limited = (auth: preHandlerAsyncHookHandler) => (opts.perUser ? [auth, opts.perUser] : [auth]);

  app.post('/api/chat', { bodyLimit: MAX_BODY, preHandler: limited(chatAuth) }, async (req, reply) => {
    const member = members.get(req);
    const body = req.body as ChatBody | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return reply.code(400).send(errorBody('BAD_REQUEST', 'Send a JSON object {"user", "text"}'));
    const problem = validate(body);
    if (problem) return reply.code(400).send(errorBody('BAD_REQUEST', problem));
    const result = await services.handleTurn({
      channel: 'api',
      userId: body.user as string,
      text: body.text as string,
      payload: typeof body.payload === 'string' && body.payload ? body.payload : undefined,
      lang: body.lang as Lang | undefined,
      time: Date.now(),
      // a team member's commands need their own token; the user field alone proves nothing
      senderVerified: member !== undefined && member.id === body.user,
    });
    return { messages: result.messages, match: result.match };
  });

  // Messages sent outside a turn (a helper's reply during handoff) wait here for the web chat.
  const outbox = new ApiOutbox(services.store);
  services.outbound.register('api', outbox);
  app.get<{ Querystring: { user?: string } }>('/api/chat/inbox', { preHandler: limited(inboxAuth) }, async (req, reply) => {
    const user = req.query.user;
    if (typeof user !== 'string' || !user.trim() || user.length > 200) return reply.code(400).send(errorBody('BAD_REQUEST', '"user" must be a non-empty string (at most 200 characters)'));
    return { messages: (await outbox.take(user)).flatMap((m) => m.parts) };
  });
}

function validate(body: ChatBody): string | null {
  if (typeof body.user !== 'string' || !body.user.trim() || body.user.length > 200) return '"user" must be a non-empty string (at most 200 characters)';
  const hasPayload = typeof body.payload === 'string' && body.payload.length > 0;
  if (body.text === undefined && hasPayload) body.text = '';
  if (typeof body.text !== 'string') return '"text" must be a string';
  if (body.payload !== undefined && typeof body.payload !== 'string') return '"payload" must be a string';
  if (body.lang !== undefined && !(LANGS as readonly unknown[]).includes(body.lang)) return `"lang" must be one of: ${LANGS.join(', ')}`;
  return null;
}

function bearerOf(header: string | undefined): string | undefined {
  return header?.match(/^Bearer\s+(.+)$/i)?.[1];
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = bearerOf(header);
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
