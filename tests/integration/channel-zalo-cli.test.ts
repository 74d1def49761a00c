import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/zalo-webhook.js';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.js';

const TOKEN = '4440002222:cliTokenSecretPart';
const SECRET = 'cli-webhook-secret';

describe('npm run zalo:webhook', () => {
  let fake: FakePlatform;
  const saved = { ...process.env };
  let printed: string[] = [];
  beforeAll(async () => {
    fake = await startFakePlatform((c) => ({ ok: true, result: c.path.endsWith('/getWebhookInfo') ? { url: 'https://bot.example.vn/webhooks/zalo', updated_at: 1749633372026 } : { url: c.body?.url ?? '', updated_at: 1 } }));
    Object.assign(process.env, { ZALO_BOT_TOKEN: TOKEN, ZALO_WEBHOOK_SECRET: SECRET, ZALO_API_BASE: fake.url });
    vi.spyOn(console, 'log').mockImplementation((...a) => void printed.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a) => void printed.push(a.join(' ')));
  });
  afterAll(async () => {
    process.env = saved;
    vi.restoreAllMocks();
    await fake.close();
  });

  it('sets the webhook with the secret, shows it and deletes it', async () => {
    expect(await main(['set', 'https://bot.example.vn/webhooks/zalo'])).toBe(0);
    const [set] = await fake.waitFor((c) => c.path === `/bot${TOKEN}/setWebhook`);
    expect(set?.body).toEqual({ url: 'https://bot.example.vn/webhooks/zalo', secret_token: SECRET });
    printed = [];
    expect(await main(['info'])).toBe(0);
    expect(printed.join('\n')).toContain('https://bot.example.vn/webhooks/zalo');
    expect(await main(['delete'])).toBe(0);
    await fake.waitFor((c) => c.path === `/bot${TOKEN}/deleteWebhook`);
  });

  it('refuses a non-HTTPS URL or an unknown command with usage (exit 2)', async () => {
    printed = [];
    expect(await main(['set', 'http://insecure.example.vn/webhooks/zalo'])).toBe(2);
    expect(await main(['frobnicate'])).toBe(2);
    expect(printed.join('\n')).toMatch(/Usage: npm run zalo:webhook/);
  });

  it('reports an API refusal without the token', async () => {
    fake.respond = () => ({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
    const err = await main(['info']).catch((e: Error) => e);
    fake.respond = null;
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).toMatch(/401/);
    expect(String((err as Error).message)).not.toContain('cliTokenSecretPart');
  });
});
