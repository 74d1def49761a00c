import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  url: string;
  close(): Promise<void>;
}

/**
 * A loopback load balancer: each request goes to the next instance in turn; an instance that
 * refuses the connection (killed, restarting) is skipped, like a balancer's failed health check.
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
      const attempt = (tries: number) => {
        if (!list.length || tries >= list.length) {
          res.statusCode = 502;
          return res.end();
        }
        const target = new URL(req.url ?? '/', list[next++ % list.length]);
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
