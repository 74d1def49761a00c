/**
 * One catalogue of coded errors. The code is what a user or admin can search for in the README
 * and the logs; the status is what HTTP callers get.
 */
export const errorCatalogue = {
  BAD_REQUEST: { status: 400, message: 'The request is not valid' },
  BODY_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send JSON (Content-Type: application/json)' },
  UNAUTHORIZED: { status: 401, message: 'Missing or wrong credentials' },
  FORBIDDEN: { status: 403, message: 'Not allowed' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  CONFLICT: { status: 409, message: 'It changed since you loaded it' },
  RATE_LIMITED: { status: 429, message: 'Too many requests' },
  NOT_READY: { status: 503, message: 'The bot is not ready' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side' },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

export class BotError extends Error {
  readonly status: number;
  constructor(readonly code: ErrorCode, message?: string, readonly details?: unknown) {
    super(message ?? errorCatalogue[code].message);
    this.status = errorCatalogue[code].status;
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export function errorBody(code: ErrorCode, message?: string, details?: unknown): ErrorBody {
  return { error: { code, message: message ?? errorCatalogue[code].message, ...(details === undefined ? {} : { details }) } };
}

/** The HTTP status of a coded error (the one map of code → status is errorCatalogue). */
export function statusOf(code: ErrorCode): number {
  return errorCatalogue[code].status;
}

/** The code of an HTTP status Fastify raised (404, 413, …): the catalogue read backwards; other 4xx are BAD_REQUEST, other 5xx INTERNAL. */
export function errorCodeForStatus(status: number): ErrorCode {
  const exact = (Object.keys(errorCatalogue) as ErrorCode[]).find((code) => errorCatalogue[code].status === status);
  if (exact) return exact;
  return status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
}
