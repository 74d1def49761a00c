import { fold } from '../nlu/normalize.js';

/**
 * Secrets villagers are tricked into giving away. A message that shares one, or asks whether to
 * give one, gets a warning; its text is then never logged or stored (ctx.sensitive).
 */
const SECRET = /\b(otp|ma xac thuc|ma xac minh|ma bao mat|mat khau|mat ma|password|pass|passcode|ma pin|cvv|cvc|ma kich hoat)\b/;
const GIVE = /\b(cho|dua|gui|cung cap|noi|doc|bao|hoi|xin|nhan tin|chup|share|chia se|co nen|nen khong|duoc khong|co sao khong|an toan)\b/;
const ID_WORDS = /\b(cccd|can cuoc|cmnd|chung minh|dinh danh|so the|the ngan hang|the tin dung|atm|tai khoan|stk)\b/;

/** A token of at least 4 characters holding both a letter and a digit (`abc123`, `Mk@2024`). */
const LETTERS_AND_DIGITS = /(?:^|\s)(?=\S*\p{L})(?=\S*\d)[^\s,;]{4,}/u;

/** Digit runs after removing spaces, dots and dashes inside numbers (`0123 4567 8901`). */
function digitRuns(text: string): string[] {
  return (text.replace(/(\d)[\s.-](?=\d)/g, '$1').match(/\d+/g) ?? []);
}

/** True when the text shares or asks about giving a secret or an identity / card number. */
export function isSensitive(text: string): boolean {
  const f = fold(text);
  const runs = digitRuns(text);
  const secret = SECRET.test(f);
  if (secret && runs.some((r) => r.length >= 4)) return true;
  // "mật khẩu của tôi là abc123": a word of letters and digits beside a secret word is the secret itself.
  if (secret && LETTERS_AND_DIGITS.test(text)) return true;
  if (secret && GIVE.test(f)) return true;
  // 9 (old ID), 12 (citizen ID) and 13-19 (card) digits; a 10-digit phone number is not a secret.
  if (runs.some((r) => r.length === 9 || r.length >= 11)) return true;
  return ID_WORDS.test(f) && runs.some((r) => r.length >= 8);
}

/**
 * Drops a secret from a message in place, before it is kept or read anywhere: the text (and a
 * free-form payload) holding it are removed and the message is flagged `sensitive`.
 * Returns true when the message held one.
 */
export function dropSecret(inbound: { text?: string; payload?: string; sensitive?: boolean }): boolean {
  const textSecret = !!inbound.text && isSensitive(inbound.text);
  const payloadSecret = !!inbound.payload && isSensitive(inbound.payload);
  if (textSecret) inbound.text = undefined;
  if (payloadSecret) inbound.payload = undefined;
  if (textSecret || payloadSecret) inbound.sensitive = true;
  return !!inbound.sensitive;
}
