/**
 * The store cannot be reached (PostgreSQL down or unreachable, DATA_DIR not writable). Carries
 * statusCode 503, so any route whose work needs the store answers "retry later" (with
 * Retry-After, see webhook-gate.ts) instead of 500, and only after its own secret or signature
 * check has passed: the check runs first, the store call after it.
 */
export class StoreUnavailableError extends Error {
  readonly statusCode = 503;
  readonly code = 'STORE_UNAVAILABLE';

  constructor(reason: string) {
    super(`STORE_UNAVAILABLE: ${reason}`);
  }
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03']);

/** True for errors that say "the database is not there", not "this query is wrong". */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (CONNECTION_CODES.has(code) || code.startsWith('08')) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|Query read timeout/i.test(message);
}

/** Rethrows a connection failure as StoreUnavailableError; anything else unchanged. */
export function asStoreError(err: unknown): Error {
  if (err instanceof StoreUnavailableError) return err;
  if (isConnectionError(err)) return new StoreUnavailableError(`PostgreSQL unreachable: ${(err as Error).message}`);
  return err as Error;
}

/**
 * True when PostgreSQL is there but busy and the statement never reached it: every pooled
 * connection was in use for the whole wait (pg-pool's "timeout exceeded when trying to connect"),
 * or a new connection took longer than its timeout to open on a loaded machine. Worth waiting
 * out a little; a refused or cut connection is not (see isConnectionError).
 */
export function isBusyError(err: unknown): boolean {
  const message = typeof (err as { message?: unknown })?.message === 'string' ? (err as Error).message : '';
  return /^timeout exceeded when trying to connect$|^Connection terminated due to connection timeout$/.test(message);
}
