import { isAxiosError } from 'axios';
import { scrubSecrets } from '../channels/shared/scrub.js';
import { HttpNetworkError, HttpStatusError } from '../lib/post-json.js';

/**
 * Why a platform refused or missed a message. `retryable` decides between "try again later"
 * (5xx, 429, timeouts, network) and "this will never work" (other 4xx: bad token, blocked user).
 */
export class DeliveryError extends Error {
  constructor(message: string, readonly retryable: boolean, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** HTTP statuses worth another try: timeouts, too early, too many requests, server errors. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/**
 * Turns anything a platform call threw into a DeliveryError whose message carries no URL,
 * header or token (axios errors hold the full request config).
 */
export function toDeliveryError(err: unknown, secrets: (string | undefined)[] = []): DeliveryError {
  if (err instanceof DeliveryError) return new DeliveryError(scrubSecrets(err.message, secrets), err.retryable, err.retryAfterMs);
  if (err instanceof HttpStatusError) return statusError(err.status, err.data, err.retryAfter, secrets);
  if (err instanceof HttpNetworkError) return new DeliveryError(`network: ${err.code}`, true);
  if (isAxiosError(err)) {
    const status = err.response?.status;
    if (status !== undefined) return statusError(status, err.response?.data, err.response?.headers?.['retry-after'], secrets);
    // no answer at all: timeout, refused, reset; the message may or may not have arrived
    return new DeliveryError(`network: ${err.code ?? 'error'}`, true);
  }
  return new DeliveryError(scrubSecrets(err instanceof Error ? err.message : String(err), secrets), true);
}

function statusError(status: number, data: unknown, retryAfterHeader: unknown, secrets: (string | undefined)[]): DeliveryError {
  const detail = describeBody(data);
  const retryAfter = Number(retryAfterHeader);
  return new DeliveryError(scrubSecrets(`HTTP ${status}${detail ? `: ${detail}` : ''}`, secrets), retryableStatus(status), Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined);
}

function describeBody(data: unknown): string {
  if (data === undefined || data === null || data === '') return '';
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return text.slice(0, 300);
}
