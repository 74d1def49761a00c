import axios, { type AxiosInstance } from 'axios';
import { postJson, proxyConfigured } from '../../lib/post-json.js';
import { DeliveryError, retryableStatus, toDeliveryError } from '../../outbox/delivery-error.js';

/** The Zalo Bot API answer envelope; some answers spell the code `errorCode`. */
interface Envelope<T> {
  ok?: boolean;
  result?: T;
  error_code?: number;
  errorCode?: number;
  description?: string;
}

export interface ZaloBotInfo {
  id?: string;
  account_name?: string;
  display_name?: string;
}

export interface ZaloWebhookInfo {
  url?: string;
  updated_at?: number;
}

export interface ZaloSendResult {
  message_id?: string;
  date?: number;
}

/** Methods the bot calls to send; the outbox stores `{ method, params }`. */
export type ZaloSendMethod = 'sendMessage' | 'sendPhoto' | 'sendVoice' | 'sendSticker' | 'sendChatAction';

/**
 * A small typed client for the Zalo Bot API (`POST <base>/bot<TOKEN>/<method>`, JSON), over
 * postJson (plain node:http, keep-alive), or axios when a proxy is configured (HTTP(S)_PROXY).
 * Every failure comes out as a DeliveryError without the token-bearing URL.
 */
export class ZaloBotClient {
  private readonly base: string;
  /** Set when a proxy is configured: axios reads HTTP(S)_PROXY and NO_PROXY (postJson does not). */
  private readonly viaProxy: AxiosInstance | null;

  constructor(apiBase: string, private readonly token: string, private readonly timeoutMs = 10_000) {
    this.base = `${apiBase.replace(/\/+$/, '')}/bot${token}/`;
    // platform APIs answer, they never redirect: maxRedirects 0 skips follow-redirects
    this.viaProxy = proxyConfigured() ? axios.create({ timeout: timeoutMs, maxRedirects: 0, headers: { 'content-type': 'application/json' } }) : null;
  }

  /** Calls a method; resolves its `result` or throws a DeliveryError. */
  async call<T>(method: string, params: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    let data: Envelope<T>;
    try {
      data = this.viaProxy
        ? (await this.viaProxy.post<Envelope<T>>(this.base + method, params, { signal })).data
        : ((await postJson(this.base + method, params, { timeoutMs: this.timeoutMs, signal })) as Envelope<T>);
    } catch (err) {
      throw toDeliveryError(err, [this.token]);
    }
    if (data && data.ok === true) return data.result as T;
    const code = Number(data?.error_code ?? data?.errorCode ?? 0);
    throw new DeliveryError(`Zalo ${method} error ${code}: ${String(data?.description ?? 'no description')}`, retryableStatus(code));
  }

  getMe(): Promise<ZaloBotInfo> {
    return this.call('getMe');
  }

  setWebhook(url: string, secretToken: string): Promise<unknown> {
    return this.call('setWebhook', { url, secret_token: secretToken });
  }

  deleteWebhook(): Promise<unknown> {
    return this.call('deleteWebhook');
  }

  getWebhookInfo(): Promise<ZaloWebhookInfo> {
    return this.call('getWebhookInfo');
  }

  send(method: ZaloSendMethod, params: Record<string, unknown>, signal?: AbortSignal): Promise<ZaloSendResult> {
    return this.call(method, params, signal);
  }
}
