import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact bytes the platform signed; set by useRawJsonBody on channel routes. */
    rawBody?: Buffer;
  }
}

/**
 * Replaces the JSON parser inside one (encapsulated) channel plugin: the body is kept as raw
 * bytes for signature checks, then parsed. Platforms sign the bytes they sent, never our
 * re-serialisation of them. Other content types are refused with 415 by `requireJson`.
 */
export function useRawJsonBody(app: FastifyInstance, bodyLimit = 1024 * 1024): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (req, body, done) => {
    const raw = body as Buffer;
    req.rawBody = raw;
    try {
      done(null, raw.length ? JSON.parse(raw.toString('utf8')) : undefined);
    } catch {
      const err = Object.assign(new Error('The body is not valid JSON'), { statusCode: 400 });
      done(err, undefined);
    }
  });
}

/** Answers 415 unless the request came through the raw JSON parser; resolves true when it answered. */
export function refuseNonJson(req: FastifyRequest, reply: FastifyReply): boolean {
  if (req.rawBody) return false;
  void reply.code(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE'));
  return true;
}

/** True for a plain JSON object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
