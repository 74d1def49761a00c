import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AdminUser } from '../store/types.js';

/**
 * Stateless admin sessions: the cookie carries `name.expiry.nonce.signature`, signed with a key
 * derived from the user's stored password hash. Every instance sharing the store can check it, and
 * changing the password ends every session of that user. The CSRF token is derived from the same
 * nonce, so it is per session and needs no storage either.
 */
export const SESSION_COOKIE = 'qn_admin';
export const SESSION_HOURS = 12;

export interface ParsedToken {
  name: string;
  expires: number;
  nonce: string;
}

function sign(user: AdminUser, data: string): string {
  return createHmac('sha256', `admin-session:${user.passwordHash}`).update(data).digest('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A new session token for a user who just signed in. */
export function issueToken(user: AdminUser, now: number): string {
  const data = [Buffer.from(user.name).toString('base64url'), now + SESSION_HOURS * 3600_000, randomBytes(12).toString('base64url')].join('.');
  return `${data}.${sign(user, data)}`;
}

/** Reads the parts of a token without trusting it (to find which user to check it against). */
export function parseToken(token: string | undefined): ParsedToken | null {
  const parts = token?.split('.');
  if (parts?.length !== 4) return null;
  const [name = '', expiresText, nonce = ''] = parts;
  const expires = Number(expiresText);
  if (!Number.isFinite(expires)) return null;
  return { name: Buffer.from(name, 'base64url').toString('utf8'), expires, nonce };
}

/** True when the token was signed for this user and has not expired. */
export function tokenValid(token: string, user: AdminUser, now: number): boolean {
  const parsed = parseToken(token);
  if (!parsed || parsed.name !== user.name || parsed.expires < now) return false;
  const data = token.slice(0, token.lastIndexOf('.'));
  return same(token.slice(token.lastIndexOf('.') + 1), sign(user, data));
}

/** The CSRF token that goes with a session; the page sends it back in `x-csrf-token`. */
export function csrfFor(token: string, user: AdminUser): string {
  return sign(user, `csrf:${parseToken(token)?.nonce ?? ''}`);
}

export function csrfValid(sent: string | undefined, token: string, user: AdminUser): boolean {
  return typeof sent === 'string' && same(sent, csrfFor(token, user));
}
