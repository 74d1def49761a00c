import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeKnowledgeDir, startHandoffWorld, type HandoffWorld } from './handoff-fixture.js';

const MEMBER_TOKEN = 'demo-api-member-token-0123456789';
const ENV_TOKEN = 'demo-env-member-token-9876543210';

describe('member commands are accepted only from a sender the channel proves', () => {
  let w: HandoffWorld;
  beforeEach(async () => {
    const dir = makeKnowledgeDir();
    const sha = createHash('sha256').update(MEMBER_TOKEN).digest('hex');
    appendFileSync(path.join(dir, 'teams.yaml'), [
      `  - { id: demo-api-admin, channel: api, name: "Demo API", communes: [], role: admin, tokenSha256: "${sha}" }`,
      '  - { id: demo-api-env, channel: api, name: "Demo Env", communes: [], role: admin, tokenEnv: DEMO_MEMBER_TOKEN_FOR_TEST }',
      '',
    ].join('\n'));
    process.env.DEMO_MEMBER_TOKEN_FOR_TEST = ENV_TOKEN;
    w = await startHandoffWorld({}, ['zalo', 'messenger', 'zalo-oa', 'api'], dir);
    await w.app.chat('villager-proof', 'gặp người hỗ trợ'); // case #1
  });
  afterEach(async () => {
    await w.close();
    delete process.env.DEMO_MEMBER_TOKEN_FOR_TEST;
  });

  const post = (user: string, text: string, token?: string) => w.app.app.inject({
    method: 'POST', url: '/api/chat', payload: { user, text },
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const texts = (res: { json(): any }) => res.json().messages.map((m: { text?: string }) => m.text ?? '').join('\n');

  it('treats an unauthenticated /api/chat message claiming a member id as a villager', async () => {
    const res = await post('demo-api-admin', '/ca');
    expect(res.statusCode).toBe(200);
    expect(texts(res)).toBe(w.app.services.locales.t('vi', 'handoff.not_member'));
    expect(texts(res)).not.toMatch(/#1/);
  });

  it('treats a member token used with another member id as a villager', async () => {
    const res = await post('demo-api-env', '/ca', MEMBER_TOKEN);
    expect(texts(res)).toBe(w.app.services.locales.t('vi', 'handoff.not_member'));
  });

  it('accepts member commands with the member token (hashed in teams.yaml or named by tokenEnv)', async () => {
    const hashed = await post('demo-api-admin', '/ca', MEMBER_TOKEN);
    expect(texts(hashed)).toMatch(/#1/);
    const fromEnv = await post('demo-api-env', '/ca', ENV_TOKEN);
    expect(texts(fromEnv)).toMatch(/#1/);
  });
});
