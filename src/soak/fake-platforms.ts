import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { BF_APP, type BotFrameworkSigner, botFrameworkSigner } from './fake-bf-auth.js';

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
  /** The Bot Framework channel and its login service: signs the activities' JWTs, serves OpenID metadata and keys, issues the bot's access tokens. */
  botFramework: BotFrameworkFake;
  close(): Promise<void>;
}

export interface BotFrameworkFake {
  signer: BotFrameworkSigner;
  /** BOT_FRAMEWORK_TOKEN_ISSUER, BOT_FRAMEWORK_OPENID_METADATA_URL, BOT_FRAMEWORK_LOGIN_URL of the instances. */
  issuer: string;
  openIdMetadataUrl: string;
  loginUrl: string;
  /** Access tokens the login service issued to the bot (client credentials). */
  tokensIssued(): number;
  /** Connector calls refused 401 for a missing or unknown access token. */
  unauthorizedReplies(): number;
}

/** The issuer of the soak channel's tokens (botframework-connector compares it as a string). */
export const BF_ISSUER = 'https://api.botframework.soak.invalid';

/**
 * Zalo Bot API, Zalo OA (messages and OAuth), Messenger Graph and the Bot Framework channel (OpenID metadata, signing keys, login
 * service, connector) on one loopback server, recording
 * every message it accepts. The OA refresh token works once and is rotated, like the real one.
 */
export async function startFakePlatforms(): Promise<FakePlatforms> {
  const sends: PlatformSend[] = [];
  let generation = 1;
  let expired = false;
  let refreshes = 0;
  const signer = botFrameworkSigner(BF_ISSUER);
  const accessTokens = new Set<string>();
  let unauthorized = 0;
  const answer = (res: http.ServerResponse, body: unknown) => res.setHeader('content-type', 'application/json').end(JSON.stringify(body));
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const self = `http://${req.headers.host}`;
      // Bot Framework channel: OpenID metadata and signing keys (for the bot's JWT check), and the login service's token endpoint
      if (url.pathname === '/bf/.well-known/openidconfiguration') {
        return answer(res, { issuer: BF_ISSUER, jwks_uri: `${self}/bf/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      }
      if (url.pathname === '/bf/keys') return answer(res, signer.jwks());
      if (url.pathname === '/bf/login/oauth2/v2.0/token' && req.method === 'POST') {
        const form = new URLSearchParams(raw);
        if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== BF_APP.id || form.get('client_secret') !== BF_APP.password) {
          res.statusCode = 401;
          return answer(res, { error: 'invalid_client' });
        }
        const token = `bf-access-${randomBytes(12).toString('hex')}`;
        accessTokens.add(token);
        return answer(res, { access_token: token, expires_in: 3600, token_type: 'Bearer' });
      }
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
      // Bot Framework connector: the bot's reply to a conversation, with an access token from the login service
      const bf = /^\/v3\/conversations\/([^/]+)\/activities(\/[^/]+)?$/.exec(url.pathname);
      if (bf && req.method === 'POST') {
        if (!accessTokens.has(String(req.headers.authorization).replace(/^Bearer /, ''))) {
          unauthorized += 1;
          res.statusCode = 401;
          return answer(res, { error: { code: 'Unauthorized', message: 'missing or unknown access token' } });
        }
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
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    botFramework: {
      signer, issuer: BF_ISSUER, openIdMetadataUrl: `${url}/bf/.well-known/openidconfiguration`, loginUrl: `${url}/bf/login`,
      tokensIssued: () => accessTokens.size, unauthorizedReplies: () => unauthorized,
    },
    sends,
    refreshes: () => refreshes,
    expireOaToken: () => (expired = true),
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
