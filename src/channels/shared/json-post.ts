import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';

/** The longest answer body read from a platform; a longer one is cut off as a network error. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/** A platform answered with a status outside 2xx; `data` is the body (parsed when it was JSON). */
export class HttpStatusError extends Error {
  constructor(readonly status: number, readonly data: unknown, readonly retryAfter: string | undefined) {
    super(`HTTP ${status}`);
    this.name = 'HttpStatusError';
  }
}

/** No answer at all (refused, reset, timed out, cancelled): the message may or may not have arrived. */
export class NetworkError extends Error {
  constructor(readonly code: string) {
    super(`network: ${code}`);
    this.name = 'NetworkError';
  }
}

/**
 * Keeps sockets open between calls. Node's agent sets TCP keep-alive (a system call) every time
 * a socket goes back to the pool; here only the first time, since the option stays set.
 */
function keepAliveAgent(secure: boolean): http.Agent {
  const agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  // Node returns whether to keep the socket (a falsy answer destroys it); @types/node says void
  const pool = agent as unknown as { keepSocketAlive(socket: Socket): boolean };
  const keep = pool.keepSocketAlive.bind(agent);
  const armed = new WeakSet<Socket>();
  pool.keepSocketAlive = (socket) => {
    if (!armed.has(socket)) {
      armed.add(socket);
      return keep(socket);
    }
    socket.unref();
    return true;
  };
  return agent;
}

/**
 * POSTs JSON to one platform API over kept-alive connections and resolves the parsed answer.
 * One call is one request on node:http: the outbox makes several per message, and a general
 * client (axios) cost more per call than the platform's answer took to arrive on loopback. No
 * redirects (platform APIs never send one), no proxy; `timeoutMs` bounds the whole call.
 */
export class JsonPoster {
  private readonly base: URL;
  private readonly agent: http.Agent;

  constructor(baseUrl: string, private readonly timeoutMs: number) {
    this.base = new URL(baseUrl);
    this.agent = keepAliveAgent(this.base.protocol === 'https:');
  }

  /** `path` is joined to the base URL's own path (as axios's baseURL does). */
  post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const payload = Buffer.from(JSON.stringify(body ?? {}));
    const fullPath = `${this.base.pathname.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(new NetworkError('ERR_CANCELED'));
      const lib = this.base.protocol === 'https:' ? https : http;
      const req = lib.request({
        protocol: this.base.protocol, hostname: this.base.hostname, port: this.base.port || undefined, path: fullPath, method: 'POST', agent: this.agent,
        headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': payload.length },
      });
      const fail = (err: Error) => req.destroy(err);
      const timer = setTimeout(() => fail(new NetworkError('ETIMEDOUT')), this.timeoutMs);
      const onAbort = () => fail(new NetworkError('ERR_CANCELED'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const failed = (err: Error & { code?: string }) => {
        done();
        reject(err instanceof NetworkError ? err : new NetworkError(err.code ?? 'error'));
      };
      req.on('error', failed);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_ANSWER_BYTES) fail(new NetworkError('ERR_ANSWER_TOO_BIG'));
          else chunks.push(c);
        });
        res.on('end', () => {
          done();
          const text = Buffer.concat(chunks).toString('utf8');
          let data: unknown = text;
          try {
            data = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: kept as text for the error message
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(data as T);
          else reject(new HttpStatusError(status, data, headerOf(res.headers['retry-after'])));
        });
        res.on('error', failed); // cut off mid-answer (a promise settles once)
      });
      req.end(payload);
    });
  }

  /** Closes the kept-alive sockets. */
  close(): void {
    this.agent.destroy();
  }
}

function headerOf(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
