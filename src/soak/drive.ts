import { createHash, createHmac } from 'node:crypto';

export const SOAK_SECRETS = {
  zaloBotToken: '1234567890:soak-bot-token',
  zaloWebhookSecret: 'soak-webhook-secret',
  oaAppId: '3628192837465019283',
  oaSecret: 'soak-oa-secret',
  messengerAppSecret: 'soak-messenger-secret',
} as const;

export const CHANNELS = ['zalo', 'zalo-oa', 'messenger', 'botframework', 'api'] as const;
export type SoakChannel = (typeof CHANNELS)[number];

/** Distinct questions, so each turn's event tells which message it answered. */
const QUESTIONS = [
  'đăng ký khai sinh cần giấy tờ gì', 'làm căn cước công dân ở đâu', 'đăng ký kết hôn', 'xin cấp hộ chiếu',
  'đăng ký thường trú', 'cấp giấy chứng nhận quyền sử dụng đất', 'đăng ký khai tử', 'chứng thực bản sao',
  'xác nhận tình trạng hôn nhân', 'đăng ký tạm trú',
];

export const questionOf = (k: number): string => QUESTIONS[k] ?? `${QUESTIONS[k % QUESTIONS.length]} lần ${k + 1}`;

export interface SoakUser {
  channel: SoakChannel;
  userId: string;
}

/**
 * Bot Framework users are conversations: the bot calls them `<channelId>:<conversation id>`
 * (src/channels/botframework/activity.ts); the soak's activities come from the Emulator channel.
 */
export const BF_CHANNEL_ID = 'emulator';

export const userOf = (u: number): SoakUser => {
  const channel = CHANNELS[u % CHANNELS.length] ?? 'api';
  return { channel, userId: channel === 'botframework' ? `${BF_CHANNEL_ID}:soak${u}` : `soak${u}` };
};

/** Signs a Bot Framework activity's Bearer JWT for its serviceUrl, as the channel does. */
export type BotFrameworkTokenSigner = (serviceUrl: string) => string;

/** One signed webhook request (or /api/chat call) for message k of a user, as the platform sends it; `serviceUrl` is where Bot Framework replies go (the fake connector). */
function request(user: SoakUser, k: number, serviceUrl: string, signBotFramework: BotFrameworkTokenSigner): { path: string; headers: Record<string, string>; body: string } {
  const text = questionOf(k);
  const id = `${user.userId}-m${k}`;
  const now = Date.now();
  if (user.channel === 'zalo') {
    const body = JSON.stringify({ event_name: 'message.text.received', message: { message_id: id, date: now, text, chat: { id: user.userId, chat_type: 'PRIVATE' }, from: { id: user.userId, display_name: 'Dân', is_bot: false } } });
    return { path: '/webhooks/zalo', headers: { 'x-bot-api-secret-token': SOAK_SECRETS.zaloWebhookSecret }, body };
  }
  if (user.channel === 'zalo-oa') {
    const timestamp = String(now);
    const body = JSON.stringify({ app_id: SOAK_SECRETS.oaAppId, user_id_by_app: user.userId, event_name: 'user_send_text', timestamp, sender: { id: user.userId }, recipient: { id: 'soak-oa' }, message: { msg_id: id, text } });
    const mac = createHash('sha256').update(SOAK_SECRETS.oaAppId).update(body).update(`${timestamp}${SOAK_SECRETS.oaSecret}`).digest('hex');
    return { path: '/webhooks/zalo-oa', headers: { 'x-zevent-signature': `mac=${mac}` }, body };
  }
  if (user.channel === 'messenger') {
    const body = JSON.stringify({ object: 'page', entry: [{ id: 'soak-page', time: now, messaging: [{ sender: { id: user.userId }, recipient: { id: 'soak-page' }, timestamp: now, message: { mid: id, text } }] }] });
    const sig = createHmac('sha256', SOAK_SECRETS.messengerAppSecret).update(body).digest('hex');
    return { path: '/webhooks/messenger', headers: { 'x-hub-signature-256': `sha256=${sig}` }, body };
  }
  if (user.channel === 'botframework') {
    // Signed like the Bot Framework channel: a Bearer JWT (RS256) whose key the bot fetches from the fake channel's OpenID metadata
    const conversation = user.userId.slice(BF_CHANNEL_ID.length + 1);
    const body = JSON.stringify({
      type: 'message', id, timestamp: new Date(now).toISOString(), serviceUrl, channelId: BF_CHANNEL_ID, text, locale: 'vi-VN',
      from: { id: `${conversation}-user`, name: 'Dân', role: 'user' }, conversation: { id: conversation }, recipient: { id: 'soak-bot', role: 'bot' },
    });
    return { path: '/api/messages', headers: { authorization: `Bearer ${signBotFramework(serviceUrl)}` }, body };
  }
  return { path: '/api/chat', headers: {}, body: JSON.stringify({ user: user.userId, text }) };
}

export interface Delivery {
  accepted: boolean;
  /** Why a message was not accepted: the last HTTP status, or "network" (connection refused or cut). */
  refusal?: string;
  /** The last refusal with the bot's reason, e.g. "503 STORE_UNAVAILABLE" (the error body's details.reason, else its code). */
  refusalCode?: string;
  /** Every refused try of this message, accepted in the end or not, as "<status> <reason>" or "network". */
  refusedTries: string[];
  /** /api/chat answers within the request: did it carry a reply? */
  repliedInline: boolean;
}

/**
 * Sends message k like a platform does: retried (same message id) on 5xx or a broken connection,
 * up to `tries` times. /api/chat is retried only when no instance took the request (502/503), as a
 * browser retry of a turn that ran would be a second message.
 */
export async function sendMessage(baseUrl: string, user: SoakUser, k: number, serviceUrl: string, signBotFramework: BotFrameworkTokenSigner, tries = 8): Promise<Delivery> {
  const r = request(user, k, serviceUrl, signBotFramework);
  let refusal = 'network';
  let refusalCode = 'network';
  const refusedTries: string[] = [];
  for (let i = 0; i < tries; i++) {
    try {
      const res = await fetch(baseUrl + r.path, { method: 'POST', headers: { 'content-type': 'application/json', ...r.headers }, body: r.body });
      const text = await res.text();
      refusal = String(res.status);
      if (res.ok) return { accepted: true, repliedInline: user.channel === 'api' && (JSON.parse(text).messages?.length ?? 0) > 0, refusedTries };
      refusalCode = `${res.status} ${reasonOf(text)}`;
      refusedTries.push(refusalCode);
      if (res.status < 500) return { accepted: false, repliedInline: false, refusal, refusalCode, refusedTries };
      if (user.channel === 'api' && res.status !== 502 && res.status !== 503) return { accepted: false, repliedInline: false, refusal, refusalCode, refusedTries };
    } catch {
      refusal = 'network';
      refusalCode = 'network';
      refusedTries.push(refusalCode);
      if (user.channel === 'api') return { accepted: false, repliedInline: false, refusal, refusalCode, refusedTries };
    }
    await new Promise((resolve) => setTimeout(resolve, 200 * (i + 1))); // the platform's retry backoff
  }
  return { accepted: false, repliedInline: false, refusal, refusalCode, refusedTries };
}

/** The reason in an error body (`error.details.reason`, else `error.code`); "-" for a body without one (the proxy's 502). */
function reasonOf(text: string): string {
  try {
    const e = (JSON.parse(text) as { error?: { code?: unknown; details?: { reason?: unknown } } }).error;
    const reason = e?.details?.reason ?? e?.code;
    return typeof reason === 'string' ? reason : '-';
  } catch {
    return '-';
  }
}
