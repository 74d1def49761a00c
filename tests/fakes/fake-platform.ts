import http from 'node:http';
import type net from 'node:net';
import { waitFor } from '../helpers/wait.js';

export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
  /** What the fake answered (status and body), set once answered. */
  status?: number;
  answer?: unknown;
}

export interface FakeAnswer {
  status: number;
  body: unknown;
}

/** Decides the answer to one call; return undefined for the default 200 answer. */
export type Responder = (call: RecordedCall) => FakeAnswer | 'hang' | undefined;

export interface FakePlatform {
  url: string;
  /** Every call that got an answer, in arrival order. */
  calls: RecordedCall[];
  respond: Responder | null;
  /** Resolves with the calls matching `pick` once there are at least `count`; rejects after `timeoutMs`. */
  waitFor(pick: (c: RecordedCall) => boolean, count?: number, timeoutMs?: number): Promise<RecordedCall[]>;
  close(): Promise<void>;
}

/**
 * A platform API on loopback (port 0, real HTTP): records each call and answers it with
 * `respond`, or with `defaultAnswer` (the platform's usual success body).
 */
export async function startFakePlatform(defaultAnswer: (call: RecordedCall) => unknown): Promise<FakePlatform> {
  const hanging = new Set<http.ServerResponse>();
  const fake: FakePlatform = {
    url: '',
    calls: [],
    respond: null,
    async waitFor(pick, count = 1, timeoutMs = 10_000) {
      const found = await waitFor(() => fake.calls.filter(pick), (f) => f.length >= count, timeoutMs);
      if (found.length < count) throw new Error(`fake platform: ${found.length} of ${count} expected calls after ${timeoutMs} ms; got ${JSON.stringify(fake.calls.map((c) => c.path))}`);
      return found;
    },
    close: () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const u = new URL(req.url ?? '/', 'http://fake');
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = Object.fromEntries(new URLSearchParams(raw));
      }
      const call: RecordedCall = { method: req.method ?? '', path: u.pathname, query: u.searchParams, headers: req.headers, raw, body };
      const answer = fake.respond?.(call);
      if (answer === 'hang') return void hanging.add(res.on('close', () => hanging.delete(res)));
      const { status, body: out } = answer ?? { status: 200, body: defaultAnswer(call) };
      Object.assign(call, { status, answer: out });
      fake.calls.push(call);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return fake;
}

export { until } from '../helpers/wait.js';
