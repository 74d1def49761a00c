import path from 'node:path';

/** Every environment variable the bot reads, validated in one place. */
export interface Config {
  port: number;
  host: string;
  logLevel: string;
  dataDir: string;
  knowledgeDir: string;
  localesDir: string;
  /** Public base URL (https://…) used for media links sent to platforms. */
  publicBaseUrl: string;
  chatApiToken?: string;
  databaseUrl?: string;
  reloadKnowledge: boolean;
  defaultLang: 'vi' | 'tay' | 'dao' | 'en';
  handoffEscalateMinutes: number;
  /** How long "send test message" on the teams page waits for the platform's answer before saying "still sending". */
  adminTestWaitMs: number;
  /** How long a send to a platform's API (Zalo Bot, Zalo OA, Messenger) may take before it counts as failed and is retried. */
  platformTimeoutMs: number;
  zalo: { botToken?: string; webhookSecret?: string; apiBase: string };
  zaloOa: { appId?: string; secret?: string; appSecret?: string; accessToken?: string; refreshToken?: string; apiBase: string; oauthBase: string };
  messenger: { appSecret?: string; verifyToken?: string; pageAccessToken?: string; graphApiBase: string };
  botFramework: {
    appId?: string; appPassword?: string; appType: string; tenantId?: string; emulator: boolean;
    /** Sovereign clouds and local testing; unset = Microsoft's public cloud (botbuilder's defaults). */
    openIdMetadataUrl?: string; tokenIssuer?: string; loginUrl?: string; oauthScope?: string;
  };
  admin: { cookieSecure: 'auto' | 'always' | 'never' };
  /** Redis for rate-limit counters shared by every instance (REDIS_URL); in memory when unset. */
  redisUrl?: string;
  /** Sessions idle longer than this are deleted (SESSION_TTL_DAYS). */
  sessionTtlDays: number;
  /** Requests a minute per user (RATE_LIMIT_USER_PER_MINUTE) and per client address (RATE_LIMIT_IP_PER_MINUTE). */
  rateLimit: { userPerMinute: number; ipPerMinute: number };
  /** Read the client address from X-Forwarded-For only behind a proxy you run (TRUST_PROXY). */
  trustProxy: boolean | number | string;
  /** Accepted but unanswered messages one instance may hold before webhooks get 503 (INBOX_MAX_PENDING). */
  inboxMaxPending: number;
  /** Platform calls the outbox makes at once, per platform (OUTBOX_SEND_CONCURRENCY). */
  outboxSendConcurrency: number;
  /** Draw the curated entries' cards in the background at start and after a knowledge edit. */
  cardPrerender: boolean;
  /** Compile the speech synthesiser in a media thread at start, ahead of the first 🔊 (SPEECH_WARM). */
  speechWarm: boolean;
  /** Write the compiled knowledge snapshot and the last good copy after start (KNOWLEDGE_SNAPSHOT). */
  knowledgeSnapshot: boolean;
  /** Bound of the read-aloud cache in DATA_DIR/cache/audio (AUDIO_CACHE_MB); least recently used files go first. */
  audioCacheMb: number;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`CONFIG_INVALID: ${variable} ${message}`);
  }
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const v = str(env, name);
  if (v === undefined) return def;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${v}"`);
  }
  return Number(v);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], def: T): T {
  const v = str(env, name);
  if (v === undefined) return def;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new ConfigError(name, `must be one of: ${allowed.join(', ')}; got "${v}"`);
  }
  return v as T;
}

function lengthBetween(env: Env, name: string, min: number, max: number): string | undefined {
  const v = str(env, name);
  if (v !== undefined && (v.length < min || v.length > max)) {
    throw new ConfigError(name, `must be ${min} to ${max} characters, got ${v.length}`);
  }
  return v;
}

/** TRUST_PROXY: unset/false (default) → the socket address; true; a hop count; or addresses/CIDRs, comma-separated. */
function trustProxy(env: Env): boolean | number | string {
  const v = str(env, 'TRUST_PROXY');
  if (v === undefined || v === 'false' || v === '0') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  if (!/^[0-9a-fA-F.:/,\s]+$/.test(v)) throw new ConfigError('TRUST_PROXY', `must be true, false, a hop count, or addresses/CIDRs separated by commas; got "${v}"`);
  return v;
}

function bool(env: Env, name: string, def: boolean): boolean {
  return oneOf(env, name, ['true', 'false', '1', '0'] as const, def ? 'true' : 'false') === 'true' || env[name]?.trim() === '1';
}

function url(env: Env, name: string, def: string): string {
  const v = str(env, name) ?? def;
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new ConfigError(name, `must be an http(s) URL, got "${v}"`);
  }
  return v.replace(/\/+$/, '');
}

/** An optional http(s) URL (trailing slashes kept: issuers are compared as strings). */
function optionalUrl(env: Env, name: string): string | undefined {
  const v = str(env, name);
  if (v === undefined) return undefined;
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new ConfigError(name, `must be an http(s) URL, got "${v}"`);
  }
  return v;
}

function redisUrl(env: Env): string | undefined {
  const v = str(env, 'REDIS_URL');
  if (v && !/^rediss?:\/\//.test(v)) throw new ConfigError('REDIS_URL', 'must start with redis:// or rediss://');
  return v;
}

export function loadConfig(env: Env = process.env): Config {
  const port = int(env, 'PORT', 3000, 0, 65535);
  const databaseUrl = str(env, 'DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
  return {
    port,
    host: str(env, 'HOST') ?? '0.0.0.0',
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    dataDir: path.resolve(str(env, 'DATA_DIR') ?? './data'),
    knowledgeDir: path.resolve(str(env, 'KNOWLEDGE_DIR') ?? './knowledge'),
    localesDir: path.resolve(str(env, 'LOCALES_DIR') ?? './locales'),
    publicBaseUrl: url(env, 'PUBLIC_BASE_URL', `http://localhost:${port}`),
    chatApiToken: str(env, 'CHAT_API_TOKEN'),
    databaseUrl,
    reloadKnowledge: bool(env, 'KNOWLEDGE_RELOAD', true),
    defaultLang: oneOf(env, 'DEFAULT_LANG', ['vi', 'tay', 'dao', 'en'] as const, 'vi'),
    handoffEscalateMinutes: int(env, 'HANDOFF_ESCALATE_MINUTES', 30, 1, 10_080),
    adminTestWaitMs: int(env, 'ADMIN_TEST_MESSAGE_WAIT_MS', 8000, 0, 60_000),
    platformTimeoutMs: int(env, 'PLATFORM_HTTP_TIMEOUT_MS', 10_000, 100, 120_000),
    zalo: {
      botToken: str(env, 'ZALO_BOT_TOKEN'),
      webhookSecret: lengthBetween(env, 'ZALO_WEBHOOK_SECRET', 8, 256),
      apiBase: url(env, 'ZALO_API_BASE', 'https://bot-api.zaloplatforms.com'),
    },
    zaloOa: {
      appId: str(env, 'ZALO_OA_APP_ID'),
      secret: str(env, 'ZALO_OA_SECRET'),
      appSecret: str(env, 'ZALO_OA_APP_SECRET'),
      accessToken: str(env, 'ZALO_OA_ACCESS_TOKEN'),
      refreshToken: str(env, 'ZALO_OA_REFRESH_TOKEN'),
      apiBase: url(env, 'ZALO_OA_API_BASE', 'https://openapi.zalo.me'),
      oauthBase: url(env, 'ZALO_OA_OAUTH_BASE', 'https://oauth.zaloapp.com'),
    },
    messenger: {
      appSecret: str(env, 'MESSENGER_APP_SECRET'),
      verifyToken: str(env, 'MESSENGER_VERIFY_TOKEN'),
      pageAccessToken: str(env, 'MESSENGER_PAGE_ACCESS_TOKEN'),
      graphApiBase: url(env, 'GRAPH_API_BASE', 'https://graph.facebook.com/v21.0'),
    },
    botFramework: {
      appId: str(env, 'MICROSOFT_APP_ID'),
      appPassword: str(env, 'MICROSOFT_APP_PASSWORD'),
      appType: oneOf(env, 'MICROSOFT_APP_TYPE', ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const, 'MultiTenant'),
      tenantId: str(env, 'MICROSOFT_APP_TENANT_ID'),
      emulator: bool(env, 'BOT_FRAMEWORK_EMULATOR', false),
      openIdMetadataUrl: optionalUrl(env, 'BOT_FRAMEWORK_OPENID_METADATA_URL'),
      tokenIssuer: optionalUrl(env, 'BOT_FRAMEWORK_TOKEN_ISSUER'),
      loginUrl: optionalUrl(env, 'BOT_FRAMEWORK_LOGIN_URL'),
      oauthScope: optionalUrl(env, 'BOT_FRAMEWORK_OAUTH_SCOPE'),
    },
    admin: { cookieSecure: oneOf(env, 'ADMIN_COOKIE_SECURE', ['auto', 'always', 'never'] as const, 'auto') },
    redisUrl: redisUrl(env),
    sessionTtlDays: int(env, 'SESSION_TTL_DAYS', 30, 1, 3650),
    rateLimit: {
      userPerMinute: int(env, 'RATE_LIMIT_USER_PER_MINUTE', 30, 1, 100_000),
      ipPerMinute: int(env, 'RATE_LIMIT_IP_PER_MINUTE', 300, 1, 1_000_000),
    },
    trustProxy: trustProxy(env),
    inboxMaxPending: int(env, 'INBOX_MAX_PENDING', 20_000, 1, 10_000_000),
    outboxSendConcurrency: int(env, 'OUTBOX_SEND_CONCURRENCY', 32, 1, 1000),
    cardPrerender: bool(env, 'CARD_PRERENDER', true),
    speechWarm: bool(env, 'SPEECH_WARM', true),
    knowledgeSnapshot: bool(env, 'KNOWLEDGE_SNAPSHOT', true),
    audioCacheMb: int(env, 'AUDIO_CACHE_MB', 200, 1, 1_000_000),
  };
}
