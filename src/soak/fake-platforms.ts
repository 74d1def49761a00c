import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message a platform accepted from the bot. */
export interface PlatformSend {
  channel: 'zalo' | 'zalo-oa' | 'messenger' | 'botframework';
  userId: string;
  body: unknown;
}

export interface FakePlatforms {
  url: string;
  sends: PlatformSend[];
  /** Successful OA token refreshes. */
  refreshes(): number;
  /** From now on the current OA access token is refused (-216), as when it expires mid-run. */
  expireOaToken(): void;
  close(): Promise<void>;
}

/**
 * Zalo Bot API, Zalo OA (messages and OAuth), Messenger Graph and the Bot Framework connector on one loopback server, recording
 * every message it accepts. The OA refresh token works once and is rotated, like the real one.
 */
export async function startFakePlatforms(): Promise<FakePlatforms> {
  const sends: PlatformSend[] = [];
  let generation = 1;
  let expired = false;
  let refreshes = 0;
  const answer = (res: http.ServerResponse, body: unknown) => res.setHeader('content-type', 'application/json').end(JSON.stringify(body));
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      if (url.pathname === '/v4/oa/access_token') {
        if (new URLSearchParams(raw).get('refresh_token') !== `oa-refresh-${generation}`) return answer(res, { error: -14014, error_name: 'Invalid refresh token' });
        generation += 1;
        expired = false;
        refreshes += 1;
        return answer(res, { access_token: `oa-access-${generation}`, refresh_token: `oa-refresh-${generation}`, expires_in: '90000' });
      }
      const body = raw ? (JSON.parse(raw) as Record<string, any>) : {};
      if (url.pathname === '/v3.0/oa/message/cs') {
        if (expired || req.headers.access_token !== `oa-access-${generation}`) return answer(res, { error: -216, message: 'Access token is invalid' });
        sends.push({ channel: 'zalo-oa', userId: String(body.recipient?.user_id), body });
        return answer(res, { error: 0, message: 'Success', data: { message_id: `oa-${sends.length}` } });
      }
      if (url.pathname.endsWith('/me') && req.method === 'GET') return answer(res, { id: 'soak-page', name: 'Soak page' });
      if (url.pathname.endsWith('/me/messages')) {
        sends.push({ channel: 'messenger', userId: String(body.recipient?.id), body });
        return answer(res, { recipient_id: body.recipient?.id, message_id: `mid.${sends.length}` });
      }
      // Bot Framework connector: the bot's reply to a conversation (Emulator setting: no token)
      const bf = /^\/v3\/conversations\/([^/]+)\/activities(\/[^/]+)?$/.exec(url.pathname);
      if (bf && req.method === 'POST') {
        sends.push({ channel: 'botframework', userId: `emulator:${decodeURIComponent(bf[1] ?? '')}`, body });
        return answer(res, { id: `bf-${sends.length}` });
      }
      if (/^\/bot[^/]+\/send/.test(url.pathname)) {
        sends.push({ channel: 'zalo', userId: String(body.chat_id), body });
        return answer(res, { ok: true, result: { message_id: String(sends.length) } });
      }
      res.statusCode = 404;
      answer(res, { error: 'not found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sends,
    refreshes: () => refreshes,
    expireOaToken: () => (expired = true),
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
