import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/admin/password.js';
import { loadConfig } from '../../src/config.js';
import { openStore } from '../../src/store/open-store.js';
import { makeChannelKnowledge } from '../fakes/channel-kb.js';
import { startBotProcess, type BotProcess } from '../helpers/process.js';
import { until } from '../helpers/wait.js';

const PASSWORD = 'correct horse battery';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as never;

describe('admin sign-in audit log', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-audit-'));
  let bot: BotProcess | undefined;
  afterAll(async () => {
    await bot?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs every failed sign-in (account, known or not, address; never the password) and every sign-in', async () => {
    const store = await openStore(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), quiet);
    await store.saveAdminUser({ name: 'an', role: 'admin', passwordHash: await hashPassword(PASSWORD), createdAt: Date.now() });
    await store.close();
    const started = await startBotProcess({ DATA_DIR: dataDir, KNOWLEDGE_DIR: makeChannelKnowledge() });
    bot = started;
    const login = (user: string, password: string) =>
      fetch(`${started.baseUrl}/admin/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, password }) });
    expect((await login('an', 'wrong guess number 1')).status).toBe(401);
    expect((await login('nobody', 'wrong guess number 2')).status).toBe(401);
    expect((await login('an', PASSWORD)).status).toBe(200);
    const lines = () => started.output().split('\n').filter((l) => l.includes('"audit"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(await until(() => lines().length >= 3)).toBe(true);
    expect(lines()).toEqual([
      expect.objectContaining({ audit: 'admin_sign_in_failed', account: 'an', known: true, ip: '127.0.0.1', msg: 'ADMIN_SIGN_IN_FAILED' }),
      expect.objectContaining({ audit: 'admin_sign_in_failed', account: 'nobody', known: false, ip: '127.0.0.1' }),
      expect.objectContaining({ audit: 'admin_sign_in', account: 'an' }),
    ]);
    expect(started.output()).not.toContain('wrong guess');
    expect(started.output()).not.toContain(PASSWORD);
  }, 60_000);
});
