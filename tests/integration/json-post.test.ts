import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpStatusError, JsonPoster, NetworkError } from '../../src/channels/shared/json-post.js';
import { toDeliveryError } from '../../src/outbox/delivery-error.js';

/** The platform client's HTTP layer against a real server on loopback. */
describe('JsonPoster (real HTTP on loopback)', () => {
  const sockets = new Set<net.Socket>();
  const seen: { path: string; body: unknown; contentType?: string }[] = [];
  let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => res.end('{"ok":true,"result":7}');
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')), contentType: req.headers['content-type'] });
      answer(req, res);
    });
  });
  server.on('connection', (s) => sockets.add(s));
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('posts JSON under the base path and reuses one connection for calls in a row', async () => {
    const poster = new JsonPoster(`${base}/api/`, 2000);
    const before = sockets.size;
    for (let i = 0; i < 3; i++) expect(await poster.post('/botTOKEN/sendMessage', { chat_id: 'u1', text: `t${i}` })).toEqual({ ok: true, result: 7 });
    expect(seen.slice(-3).map((s) => s.path)).toEqual(['/api/botTOKEN/sendMessage', '/api/botTOKEN/sendMessage', '/api/botTOKEN/sendMessage']);
    expect(seen.at(-1)).toMatchObject({ body: { chat_id: 'u1', text: 't2' }, contentType: 'application/json' });
    expect(sockets.size - before).toBe(1);
    poster.close();
  });

  it('rejects a non-2xx answer with its status, body and Retry-After, which the outbox retries later', async () => {
    answer = (_req, res) => res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' }).end('{"ok":false,"description":"quota"}');
    const poster = new JsonPoster(base, 2000);
    const err = await poster.post('/x', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err).toMatchObject({ status: 429, data: { ok: false, description: 'quota' }, retryAfter: '7' });
    const d = toDeliveryError(err, ['quota']);
    expect(d).toMatchObject({ retryable: true, retryAfterMs: 7000 });
    expect(d.message).toMatch(/^HTTP 429/);
    expect(d.message).not.toContain('quota'); // secrets are scrubbed from the body too
    answer = (_req, res) => res.writeHead(403).end('forbidden');
    expect(toDeliveryError(await poster.post('/x', {}).catch((e: unknown) => e))).toMatchObject({ retryable: false, message: 'HTTP 403: forbidden' });
    poster.close();
  });

  it('gives up on a platform that does not answer in time, and on a cancelled call', async () => {
    answer = () => undefined; // never answers
    const poster = new JsonPoster(base, 150);
    const late = await poster.post('/x', {}).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(NetworkError);
    expect(toDeliveryError(late)).toMatchObject({ retryable: true, message: 'network: ETIMEDOUT' });
    const stop = new AbortController();
    const pending = poster.post('/x', {}, stop.signal).catch((e: unknown) => e);
    stop.abort();
    expect(await pending).toMatchObject({ code: 'ERR_CANCELED' });
    poster.close();
  });

  it('reports a refused connection as a network error', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await new JsonPoster(`http://127.0.0.1:${port}`, 2000).post('/x', {}).catch((e: unknown) => e);
    expect(toDeliveryError(err)).toMatchObject({ retryable: true, message: 'network: ECONNREFUSED' });
  });
});
