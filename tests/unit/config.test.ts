import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('config', () => {
  it('starts with no variables at all', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.dataDir).toMatch(/data$/);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.handoffEscalateMinutes).toBe(30);
    expect(c.platformTimeoutMs).toBe(10_000);
  });

  it.each([
    ['PORT', 'abc', /PORT must be a whole number from 0 to 65535/],
    ['PORT', '70000', /PORT must be a whole number/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of: fatal, error, warn, info/],
    ['DEFAULT_LANG', 'fr', /DEFAULT_LANG must be one of: vi, tay, dao, en/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must start with postgres/],
    ['ZALO_API_BASE', 'not a url', /ZALO_API_BASE must be an http\(s\) URL/],
    ['HANDOFF_ESCALATE_MINUTES', '0', /HANDOFF_ESCALATE_MINUTES must be a whole number from 1/],
    ['PLATFORM_HTTP_TIMEOUT_MS', '50', /PLATFORM_HTTP_TIMEOUT_MS must be a whole number from 100 to 120000/],
    ['KNOWLEDGE_RELOAD', 'maybe', /KNOWLEDGE_RELOAD must be one of/],
    ['BOT_FRAMEWORK_OPENID_METADATA_URL', 'login.botframework.com', /BOT_FRAMEWORK_OPENID_METADATA_URL must be an http\(s\) URL/],
    ['BOT_FRAMEWORK_LOGIN_URL', 'ftp://login.example', /BOT_FRAMEWORK_LOGIN_URL must be an http\(s\) URL/],
  ])('rejects %s=%s naming the variable and what is allowed', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('leaves the Bot Framework endpoints to botbuilder (public cloud) unless set', () => {
    expect(loadConfig({}).botFramework).toMatchObject({ openIdMetadataUrl: undefined, tokenIssuer: undefined, loginUrl: undefined, oauthScope: undefined });
    expect(loadConfig({ BOT_FRAMEWORK_TOKEN_ISSUER: 'https://api.botframework.azure.us' }).botFramework.tokenIssuer).toBe('https://api.botframework.azure.us');
  });

  it('reads booleans both ways', () => {
    expect(loadConfig({ KNOWLEDGE_RELOAD: 'false' }).reloadKnowledge).toBe(false);
    expect(loadConfig({ KNOWLEDGE_RELOAD: '1' }).reloadKnowledge).toBe(true);
  });
});
