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

/** Signed events older (or further in the future) than this are replays: refused. */
export const OA_EVENT_WINDOW_MS = 5 * 60_000;

/** True when the event's signed timestamp (ms) is within OA_EVENT_WINDOW_MS of now. */
export function oaEventFresh(body: unknown, timestampHeader: unknown, now = Date.now()): boolean {
  const raw = (body as { timestamp?: unknown } | null)?.timestamp ?? timestampHeader;
  const at = Number(raw);
  return Number.isFinite(at) && Math.abs(now - at) <= OA_EVENT_WINDOW_MS;
}
