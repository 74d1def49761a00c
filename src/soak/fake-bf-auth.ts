import { createSign, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';

/** The soak bot's Azure Bot registration (MICROSOFT_APP_ID / MICROSOFT_APP_PASSWORD of every instance). */
export const BF_APP = { id: '6f0c4a1e-0000-4000-8000-00000000c0a1', password: 'soak-bf-client-secret' } as const;

/** Channels the signing key is endorsed for, as the Bot Framework's keys are (botframework-connector checks the activity's channelId). */
const ENDORSEMENTS = ['emulator', 'msteams', 'webchat'];

export interface BotFrameworkSigner {
  kid: string;
  /** The JWKS the fake platform serves: the public key with its endorsements. */
  jwks(): { keys: Record<string, unknown>[] };
  /** A channel's Bearer token for an activity to the bot (RS256, iss, aud = the app id, serviceurl, nbf/exp). */
  sign(serviceUrl: string, opts?: { issuer?: string; audience?: string }): string;
}

const b64url = (v: Buffer | string): string => Buffer.from(v).toString('base64url');

/** An RSA key pair like the Bot Framework channel's, signing tokens for `issuer`. */
export function botFrameworkSigner(issuer: string, kid = `soak-${randomBytes(4).toString('hex')}`): BotFrameworkSigner {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    kid,
    jwks: () => ({ keys: [{ ...publicJwk(publicKey), kid, use: 'sig', alg: 'RS256', endorsements: ENDORSEMENTS }] }),
    sign: (serviceUrl, opts = {}) => signJwt(privateKey, kid, {
      iss: opts.issuer ?? issuer, aud: opts.audience ?? BF_APP.id, serviceurl: serviceUrl,
      nbf: Math.floor(Date.now() / 1000) - 60, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 3600,
    }),
  };
}

function publicJwk(key: KeyObject): Record<string, unknown> {
  const { kty, n, e } = key.export({ format: 'jwk' });
  return { kty, n, e };
}

function signJwt(key: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}
