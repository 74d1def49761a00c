import { createHmac, randomBytes } from 'node:crypto';
import type { Lang } from '../domain/messages.js';

/**
 * Media links the bot hands out carry `?s=`, an HMAC of the path under a key kept in DATA_DIR
 * (src/media/url-key.ts), so only links from the bot's own answers make the server render a card
 * or speak a text; anyone else gets only what is already cached. Until the media plugin loads the
 * key, a per-process random one is used.
 */
let key: Buffer = randomBytes(32);

/** Sets the signing key (the media plugin does, from DATA_DIR, so every instance agrees). */
export function useMediaUrlKey(k: Buffer): void {
  key = k;
}

/** Signature of a media path such as `cards/1.001193.vi.png`. */
export function mediaSignature(mediaPath: string): string {
  return createHmac('sha256', key).update(mediaPath).digest('base64url').slice(0, 16);
}

/** True when `sig` is the signature of `mediaPath` (constant-time enough for 16 characters of HMAC). */
export function validMediaSignature(mediaPath: string, sig: unknown): boolean {
  if (typeof sig !== 'string' || sig.length !== 16) return false;
  const want = mediaSignature(mediaPath);
  let diff = 0;
  for (let i = 0; i < 16; i++) diff |= want.charCodeAt(i) ^ sig.charCodeAt(i);
  return diff === 0;
}

/** Absolute URL of an entry's card image (served by src/media/plugin.ts). */
export function cardUrl(baseUrl: string, entryId: string, lang: Lang): string {
  const file = `${encodeURIComponent(entryId)}.${lang}.png`;
  return `${baseUrl}/media/cards/${file}?s=${mediaSignature(`cards/${decodeURIComponent(file)}`)}`;
}

/** Absolute URL of a synthesised speech file, named by the hash of what it says. */
export function audioUrl(baseUrl: string, hash: string, ext: string): string {
  return `${baseUrl}/media/audio/${hash}.${ext}?s=${mediaSignature(`audio/${hash}.${ext}`)}`;
}
