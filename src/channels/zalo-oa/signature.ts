import { createHash } from 'node:crypto';
import { hexDigestsMatch } from '../shared/secure-compare.js';
import { isObject } from '../shared/raw-json.js';

/**
 * `X-ZEvent-Signature: mac=<hex>` where hex = SHA-256 (plain, not HMAC) of
 * app_id + raw body + timestamp + OA secret key; app_id and timestamp are read from the body
 * (the timestamp header some senders add is accepted as a fallback).
 */
export function oaSignatureValid(raw: Buffer, body: unknown, header: unknown, oaSecret: string, timestampHeader?: unknown): boolean {
  if (typeof header !== 'string' || !isObject(body)) return false;
  const given = header.trim().replace(/^mac=/i, '');
  const appId = body.app_id;
  const timestamp = body.timestamp ?? timestampHeader;
  if ((typeof appId !== 'string' && typeof appId !== 'number') || (typeof timestamp !== 'string' && typeof timestamp !== 'number')) return false;
  const expected = createHash('sha256').update(`${appId}`).update(raw).update(`${timestamp}${oaSecret}`).digest('hex');
  return hexDigestsMatch(given, expected);
}
