import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  url: string;
  close(): Promise<void>;
}

/**
 * A loopback load balancer: each request goes to the next instance in turn; an instance that
 * refuses the connection or cuts it before answering (killed, restarting) is skipped and the
 * request is sent to the NEXT instance of its own list, as a load balancer retries a failed
 * upstream on another one (the webhook is deduped by its message id, so a resend is safe).
 * Only when every instance failed does it answer 502 (never 503: a 503 is always the bot's).
 * `targets()` is read per request, so restarted instances (new ports) join at once.
 */
export async function startRoundRobinProxy(targets: () => string[]): Promise<RoundRobinProxy> {
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const list = targets();
      const first = next++;
      const attempt = (tries: number) => {
        // each try goes to a different instance (a shared counter could send the retry back to the dead one)
        const base = list[(first + tries) % Math.max(1, list.length)];
        if (!base || tries >= list.length) {
          res.statusCode = 502;
          return res.end();
        }
        const target = new URL(req.url ?? '/', base);
        const out = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        out.on('error', () => (res.headersSent ? res.destroy() : attempt(tries + 1)));
        out.end(body);
      };
      attempt(0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
