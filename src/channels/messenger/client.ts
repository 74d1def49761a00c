import axios, { isAxiosError, type AxiosInstance } from 'axios';
import { DeliveryError, retryableStatus, toDeliveryError } from '../../outbox/delivery-error.js';
import type { MessengerOutgoing } from './render.js';

/** Graph error codes that mean "slow down / try later" although they come with HTTP 400. */
const THROTTLE_CODES = new Set([1, 2, 4, 17, 32, 613]);

/**
 * The Send API and the page lookup over axios. The page token travels in the query string, so
 * errors are rebuilt from the Graph error body only (never the URL).
 */
export class MessengerClient {
  private readonly http: AxiosInstance;

  constructor(graphApiBase: string, private readonly pageToken: string, timeoutMs = 10_000) {
    // the Graph API answers, it never redirects: maxRedirects 0 skips follow-redirects (a measurable cost per send)
    this.http = axios.create({ baseURL: graphApiBase, timeout: timeoutMs, maxRedirects: 0 });
  }

  async send(body: MessengerOutgoing, signal?: AbortSignal): Promise<void> {
    try {
      await this.http.post('/me/messages', body, { params: { access_token: this.pageToken }, signal });
    } catch (err) {
      throw this.toError(err);
    }
  }

  /** The id of the page the token belongs to (events for other pages are ignored). */
  async pageId(): Promise<string> {
    try {
      const res = await this.http.get<{ id?: string }>('/me', { params: { fields: 'id', access_token: this.pageToken } });
      if (!res.data?.id) throw new DeliveryError('Graph /me answered without an id', true);
      return String(res.data.id);
    } catch (err) {
      throw this.toError(err);
    }
  }

  private toError(err: unknown): DeliveryError {
    if (isAxiosError(err) && err.response) {
      const e = (err.response.data as { error?: { code?: number; error_subcode?: number; message?: string; is_transient?: boolean } })?.error;
      if (e) {
        const retryable = retryableStatus(err.response.status) || e.is_transient === true || THROTTLE_CODES.has(Number(e.code));
        return toDeliveryError(new DeliveryError(`Graph error ${e.code ?? '?'}${e.error_subcode ? `/${e.error_subcode}` : ''} (HTTP ${err.response.status}): ${String(e.message ?? '').slice(0, 300)}`, retryable), [this.pageToken]);
      }
    }
    return toDeliveryError(err, [this.pageToken]);
  }
}
