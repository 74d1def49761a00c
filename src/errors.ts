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
