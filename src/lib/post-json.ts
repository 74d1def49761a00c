import http from 'node:http';
import https from 'node:https';

/** The platform answered with a status outside 2xx. */
export class HttpStatusError extends Error {
  constructor(readonly status: number, readonly data: unknown, readonly retryAfter: string | undefined) {
    super(`HTTP ${status}`);
    this.name = 'HttpStatusError';
  }
}

/** No answer at all: timeout, refused, reset, aborted; the request may or may not have arrived. */
export class HttpNetworkError extends Error {
  constructor(readonly code: string) {
    super(`network: ${code}`);
    this.name = 'HttpNetworkError';
  }
}

/** An answer bigger than this is cut off (a platform's answer to a send is a few hundred bytes). */
const MAX_ANSWER_BYTES = 1024 * 1024;
/** Connections to the platform stay open between sends (the outbox sends many in a row). */
const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/**
 * POSTs a JSON body and resolves the parsed JSON answer (the raw text when it is not JSON).
 * A plain node:http call on a keep-alive agent: the outbox's platform calls are its hottest
 * path, and a general client (axios: config merging, proxy lookup, interceptors) cost more CPU
 * per send than the send itself. `timeoutMs` bounds the whole call, not one socket read. No
 * proxy support: with one configured (proxyConfigured), callers use axios.
 */
export function postJson(url: string, body: unknown, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<unknown> {
  const payload = Buffer.from(JSON.stringify(body));
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const fail = (err: unknown) => {
      clearTimeout(timer);
      reject(err instanceof HttpStatusError || err instanceof HttpNetworkError ? err : new HttpNetworkError(codeOf(err)));
    };
    const req = (secure ? https : http).request(target, {
      method: 'POST',
      agent: secure ? agents.https : agents.http,
      signal: opts.signal,
      headers: { 'content-type': 'application/json', 'content-length': payload.length, accept: 'application/json' },
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) req.destroy(new HttpNetworkError('ANSWER_TOO_LARGE'));
        else chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        let data: unknown = text;
        try {
          data = text ? JSON.parse(text) : undefined;
        } catch {
          /* not JSON: the text itself */
        }
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(data);
        else reject(new HttpStatusError(status, data, headerOf(res.headers['retry-after'])));
      });
    });
    req.on('error', fail);
    timer = setTimeout(() => req.destroy(new HttpNetworkError('ETIMEDOUT')), opts.timeoutMs);
    req.end(payload);
  });
}

/**
 * True when the environment names an outbound proxy (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, either
 * case): postJson connects directly, so callers then go through axios, which honours them and NO_PROXY.
 */
export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY'].some((name) => !!(env[name] || env[name.toLowerCase()]));
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code ? code : 'error';
}

const headerOf = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
