import axios, { type AxiosInstance } from 'axios';
import { DeliveryError, toDeliveryError } from '../../outbox/delivery-error.js';
import { isObject } from '../shared/raw-json.js';
import type { OaTokenKeeper } from './token-keeper.js';
import type { OaOutgoing } from './render.js';

/** -216: access token invalid or expired. */
const TOKEN_INVALID = -216;

/**
 * Sends consultation messages. The OA API answers errors with HTTP 200 and `error != 0`; an
 * invalid token (-216) is refreshed and the call retried once.
 */
export class ZaloOaClient {
  private readonly http: AxiosInstance;

  constructor(apiBase: string, private readonly tokens: OaTokenKeeper, timeoutMs = 10_000) {
    // platform APIs answer, they never redirect: maxRedirects 0 skips follow-redirects (a measurable cost per send)
    this.http = axios.create({ baseURL: apiBase, timeout: timeoutMs, maxRedirects: 0, headers: { 'content-type': 'application/json' } });
  }

  async sendCs(body: OaOutgoing, signal?: AbortSignal): Promise<void> {
    const token = await this.tokens.accessToken();
    let answer = await this.post(token, body, signal);
    if (answer.error === TOKEN_INVALID) answer = await this.post(await this.tokens.refresh(token), body, signal);
    if (answer.error !== 0) throw new DeliveryError(`Zalo OA error ${answer.error}: ${answer.message.slice(0, 200)}`, false);
  }

  private async post(token: string, body: OaOutgoing, signal?: AbortSignal): Promise<{ error: number; message: string }> {
    try {
      const res = await this.http.post('/v3.0/oa/message/cs', body, { headers: { access_token: token }, signal });
      const data = isObject(res.data) ? res.data : {};
      return { error: Number(data.error ?? -1), message: String(data.message ?? '') };
    } catch (err) {
      throw toDeliveryError(err, this.tokens.secrets());
    }
  }
}
