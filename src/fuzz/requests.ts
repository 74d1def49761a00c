import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';

/** One HTTP request the fuzzer sends. */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Secrets the fuzzer plants in messages; none may ever reach a data file or table. */
export interface SecretSink {
  add(digits: string): void;
}

/** Credentials of the channels the fuzzed bot is started with (fake, loopback only). */
export interface FuzzKeys {
  zaloSecret: string;
  messengerAppSecret: string;
  oaAppId: string;
  oaSecret: string;
}

const ascii = fc.string({ unit: fc.constantFrom(...' abcdefghijklmnopqrstuvwxyzABCXYZ0123456789-_./%?&=:;,\'"<>{}[]()!@#$*+~`|\\') , maxLength: 80 });
const hostileText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a hostile literal "${jndi:…}" string, not a template
  fc.constantFrom('', ' ', '\u0000', '\uFEFF', '../../etc/passwd', "'; DROP TABLE sessions; --", '<script>alert(1)</script>', '%00', '{{7*7}}', '${jndi:ldap://x}', 'làm giấy khai sinh', '/ca', '/nhan 1', '/xong 1', '/tl 1 chào', '/chuyen hỏi #tien-yen', 'gặp người hỗ trợ', '1', 'huy'),
  fc.string({ maxLength: 40 }).map((s) => s.repeat(100)),
);

/** A message that shares a secret: its digit run is recorded so the store scan can look for it. */
function secretText(sink: SecretSink) {
  return fc.tuple(fc.constantFrom('mã OTP của tôi là', 'OTP', 'mật khẩu là', 'ma xac thuc', 'số thẻ atm', 'cccd'), fc.integer({ min: 10_000_000, max: 99_999_999 }), fc.constantFrom('', ' nhé', ' gửi cán bộ'))
    .map(([lead, n, tail]) => {
      // 12 digits: a citizen-ID-length run, sensitive with or without the words around it
      const digits = `${n}${String(n).slice(0, 4)}`;
      sink.add(digits);
      return `${lead} ${digits}${tail}`;
    });
}

const users = fc.oneof(fc.constantFrom('fuzz-a', 'fuzz-b', 'demo-member-1', 'demo-admin-1', ''), ascii, fc.string({ maxLength: 250 }));
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.object({ maxDepth: 3 }).map((o) => o as unknown));
const jsonText = (arb: fc.Arbitrary<unknown>) => arb.map((v) => JSON.stringify(v) ?? 'null');
const garbage = fc.oneof(fc.string({ maxLength: 500 }), fc.constantFrom('{', '[', '{"user":', 'null', '"x"', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]'));
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', '');
const randomHeaders = fc.dictionary(fc.constantFrom('x-forwarded-for', 'authorization', 'cookie', 'x-csrf-token', 'x-hub-signature-256', 'x-zevent-signature', 'x-bot-api-secret-token', 'accept-language', 'origin', 'range'), ascii, { maxKeys: 4 });

function withType(type: string, extra: Record<string, string> = {}): Record<string, string> {
  return type ? { 'content-type': type, ...extra } : { ...extra };
}

/** Every route's body, headers and path, hostile and malformed, plus enough valid traffic to reach the turns. */
export function fuzzRequests(keys: FuzzKeys, sink: SecretSink): fc.Arbitrary<FuzzRequest> {
  const text = fc.oneof({ weight: 3, arbitrary: hostileText }, { weight: 1, arbitrary: secretText(sink) });
  const chatBody = fc.oneof(
    fc.record({ user: users, text, lang: fc.option(fc.constantFrom('vi', 'en', 'tay', 'dao', 'xx', ''), { nil: undefined }), payload: fc.option(fc.oneof(fc.constantFrom('handoff', 'commune:tien-yen', 'cancel_handoff', 'feedback:down:1.001193', 'lang:en', 'more:1.001193'), fc.string({ maxLength: 60 }), secretText(sink)), { nil: undefined }) }, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
    jsonText(anyJson),
    garbage,
  );
  const apiChat = fc.tuple(chatBody, contentType, randomHeaders).map(([body, type, h]): FuzzRequest => ({ method: 'POST', path: '/api/chat', headers: withType(type, h), body }));
  const apiInbox = fc.tuple(fc.oneof(ascii, fc.string({ maxLength: 300 })), randomHeaders).map(([u, h]): FuzzRequest => ({ method: 'GET', path: `/api/chat/inbox?user=${encodeURIComponent(u)}`, headers: h }));

  const zaloBody = fc.tuple(users, text, fc.string({ maxLength: 30 })).map(([from, t, id]) => JSON.stringify({ ok: true, result: { event_name: 'message.text.received', message: { from: { id: from, display_name: 'Fuzz' }, chat: { id: from, chat_type: 'PRIVATE' }, text: t, message_id: `z-${id}`, date: Date.now() } } }));
  const zalo = fc.tuple(fc.oneof(zaloBody, jsonText(anyJson), garbage), fc.boolean(), contentType).map(([body, signed, type]): FuzzRequest => ({
    method: 'POST', path: '/webhooks/zalo', headers: withType(type || 'application/json', signed ? { 'x-bot-api-secret-token': keys.zaloSecret } : { 'x-bot-api-secret-token': 'wrong-secret' }), body,
  }));

  const messengerBody = fc.tuple(users, text, fc.string({ maxLength: 30 })).map(([psid, t, id]) => JSON.stringify({ object: 'page', entry: [{ id: 'page-1', time: Date.now(), messaging: [{ sender: { id: psid }, recipient: { id: 'page-1' }, timestamp: Date.now(), message: { mid: `m-${id}`, text: t } }] }] }));
  const messenger = fc.oneof(
    fc.tuple(fc.oneof(messengerBody, jsonText(anyJson), garbage), fc.boolean()).map(([body, signed]): FuzzRequest => ({
      method: 'POST', path: '/webhooks/messenger', body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signed ? `sha256=${createHmac('sha256', keys.messengerAppSecret).update(body).digest('hex')}` : 'sha256=00' },
    })),
    fc.dictionary(fc.constantFrom('hub.mode', 'hub.verify_token', 'hub.challenge', 'x'), ascii, { maxKeys: 3 }).map((q): FuzzRequest => ({ method: 'GET', path: `/webhooks/messenger?${new URLSearchParams(q)}`, headers: {} })),
  );

  const oaBody = fc.tuple(users, text, fc.string({ maxLength: 30 }), fc.constantFrom(0, -3_600_000, -40 * 86_400_000)).map(([uid, t, id, age]) => JSON.stringify({ app_id: keys.oaAppId, event_name: 'user_send_text', timestamp: String(Date.now() + age), sender: { id: uid }, recipient: { id: 'oa' }, message: { msg_id: `oa-${id}`, text: t } }));
  const zaloOa = fc.tuple(fc.oneof(oaBody, jsonText(anyJson), garbage), fc.boolean()).map(([body, signed]): FuzzRequest => {
    let sig = 'mac=00';
    if (signed) {
      const parsed = safeParse(body) as { timestamp?: unknown } | null;
      sig = `mac=${createHash('sha256').update(keys.oaAppId).update(body).update(`${parsed?.timestamp ?? ''}${keys.oaSecret}`).digest('hex')}`;
    }
    return { method: 'POST', path: '/webhooks/zalo-oa', headers: { 'content-type': 'application/json', 'x-zevent-signature': sig }, body };
  });

  const adminPaths = fc.constantFrom('/admin/api/login', '/admin/api/logout', '/admin/api/me', '/admin/api/entries', '/admin/api/entries/1.001193', '/admin/api/entries/validate', '/admin/api/entries/patch', '/admin/api/entries/preview', '/admin/api/cases', '/admin/api/missed', '/admin/api/stats', '/admin/api/history', '/admin/docs', '/admin/docs/json', '/admin', '/admin/static/index.html');
  const admin = fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), adminPaths, fc.oneof(jsonText(fc.record({ user: users, password: fc.string({ maxLength: 300 }), text: hostileText }, { requiredKeys: [] })), jsonText(anyJson), garbage), randomHeaders, contentType)
    .map(([method, path, body, h, type]): FuzzRequest => ({ method, path, headers: method === 'GET' || method === 'DELETE' ? h : withType(type, h), body: method === 'GET' || method === 'DELETE' ? undefined : body }));

  const segment = fc.oneof(ascii.map(encodeURIComponent), fc.constantFrom('..', '%2e%2e', '%2F', '%00', '.%2e', '..%5c', '%c0%af', '~', ''));
  const mediaPath = fc.tuple(fc.constantFrom('/media/cards/', '/media/audio/', '/admin/static/', '/chat/', '/webhooks/', '/api/', '/'), fc.array(segment, { maxLength: 4 }))
    .map(([base, segs]) => base + segs.join('/'));
  const anyPath = fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), mediaPath, randomHeaders).map(([method, path, h]): FuzzRequest => ({ method, path, headers: h, body: ['GET', 'HEAD', 'OPTIONS'].includes(method) ? undefined : '{}' }));
  const pages = fc.constantFrom('/chat', '/chat/app.js', '/healthz', '/readyz').map((path): FuzzRequest => ({ method: 'GET', path, headers: {} }));

  return fc.oneof(
    { weight: 5, arbitrary: apiChat },
    { weight: 1, arbitrary: apiInbox },
    { weight: 2, arbitrary: zalo },
    { weight: 2, arbitrary: messenger },
    { weight: 2, arbitrary: zaloOa },
    { weight: 2, arbitrary: admin },
    { weight: 2, arbitrary: anyPath },
    { weight: 1, arbitrary: pages },
  );
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
