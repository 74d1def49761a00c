import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ZaloBotClient } from '../../src/channels/zalo/client.js';
import { proxyConfigured } from '../../src/lib/post-json.js';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.js';

const TOKEN = '1234567890:proxy-token';
const PROXY_VARS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'];

describe('Zalo Bot API client: direct, or through a configured proxy', () => {
  let fake: FakePlatform;
  const saved = Object.fromEntries(PROXY_VARS.map((k) => [k, process.env[k]]));
  beforeAll(async () => {
    fake = await startFakePlatform(() => ({ ok: true, result: { message_id: 'm', date: 1 } }));
  });
  afterEach(() => {
    for (const k of PROXY_VARS) if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
    fake.calls.length = 0;
  });
  afterAll(() => fake.close());

  it('names a proxy from any of the usual variables', () => {
    expect(proxyConfigured({})).toBe(false);
    expect(proxyConfigured({ https_proxy: 'http://proxy:3128' })).toBe(true);
    expect(proxyConfigured({ HTTP_PROXY: 'http://proxy:3128' })).toBe(true);
    expect(proxyConfigured({ ALL_PROXY: '' })).toBe(false);
  });

  it('calls the platform directly when no proxy is configured', async () => {
    for (const k of PROXY_VARS) delete process.env[k];
    await new ZaloBotClient(fake.url, TOKEN).send('sendMessage', { chat_id: 'u1', text: 'a' });
    expect(fake.calls.map((c) => c.path)).toEqual([`/bot${TOKEN}/sendMessage`]);
  });

  it('goes through HTTP_PROXY when one is configured', async () => {
    for (const k of PROXY_VARS) delete process.env[k];
    process.env.HTTP_PROXY = fake.url; // the fake stands in for the proxy
    await new ZaloBotClient('http://zalo-api.invalid', TOKEN).send('sendMessage', { chat_id: 'u1', text: 'a' });
    // the proxy got the call for the platform's host (which does not even resolve)
    expect(fake.calls.map((c) => [c.headers.host, c.path])).toEqual([['zalo-api.invalid', `/bot${TOKEN}/sendMessage`]]);
  });
});
