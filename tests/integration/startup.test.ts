import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, spawnTracked, startBotProcess, type BotProcess } from '../helpers/process.js';
import { startTestApp } from '../helpers/app.js';
import { makeChannelKnowledge } from '../fakes/channel-kb.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'qnbot-start-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('npm start', () => {
  let bot: BotProcess | undefined;
  const createAccount = (dataDir: string) =>
    spawnSync(process.execPath, ['dist/cli/admin-create.js', '--user', 'lan', '--role', 'admin', '--password-stdin'], { cwd: ROOT, input: 'mật khẩu đủ dài 123\n', encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, timeout: 60_000 });
  afterEach(async () => {
    await bot?.stop('SIGKILL');
    bot = undefined;
  });

  it('answers over a real port and flushes the store on SIGTERM', async () => {
    const dataDir = tmp();
    bot = await startBotProcess({ DATA_DIR: dataDir });
    // the launcher became the server (same pid), started with the production memory settings
    const environ = readFileSync(`/proc/${bot.child.pid}/environ`, 'utf8').split('\0');
    expect(environ).toContain('MALLOC_ARENA_MAX=2');
    expect(environ).toContain('MALLOC_MMAP_THRESHOLD_=131072');
    expect(readFileSync(`/proc/${bot.child.pid}/cmdline`, 'utf8').split('\0')).toEqual([process.execPath, '--max-semi-space-size=4', expect.stringMatching(/scripts\/\.\.\/dist\/main\.js$/), '']);
    const res = await fetch(`${bot.baseUrl}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'villager-1', text: 'lam giay khai sinh cho con o dau' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { match: { id: string } };
    expect(body.match.id).toBe('1.001193');
    expect((await fetch(`${bot.baseUrl}/healthz`)).status).toBe(200);
    // an account written behind the running bot would be lost at its next save: refused, with the reason
    const behind = createAccount(dataDir);
    expect(behind.status).toBe(1);
    expect(behind.stderr).toContain(`the bot (pid ${bot.child.pid}) is running on ${dataDir}`);
    expect(await bot.stop('SIGTERM')).toBe(0);
    const sessions = JSON.parse(readFileSync(path.join(dataDir, 'sessions.json'), 'utf8'));
    expect(sessions['api:villager-1'].turns).toBe(1);
    expect(existsSync(path.join(dataDir, 'server.pid'))).toBe(false);
    const stopped = createAccount(dataDir);
    expect(stopped.status, stopped.stderr).toBe(0);
  });

  it('refuses to start on a bad variable, naming it', async () => {
    const child = spawnTracked(process.execPath, ['dist/main.js'], { cwd: ROOT, env: { ...process.env, PORT: 'eighty' } });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(2);
    expect(err).toContain('CONFIG_INVALID: PORT must be a whole number from 0 to 65535, got "eighty"');
  });

  it('requires the bearer token on /api/chat when CHAT_API_TOKEN is set', async () => {
    const t = await startTestApp({ KNOWLEDGE_DIR: makeChannelKnowledge(), CHAT_API_TOKEN: 's3cret-token' });
    const no = await t.app.inject({ method: 'POST', url: '/api/chat', payload: { user: 'u', text: 'khai sinh' } });
    expect(no.statusCode).toBe(401);
    const yes = await t.app.inject({ method: 'POST', url: '/api/chat', headers: { authorization: 'Bearer s3cret-token' }, payload: { user: 'u', text: 'khai sinh' } });
    expect(yes.statusCode).toBe(200);
    await t.close();
  });
});

describe('a corrupt store file', () => {
  it('is moved aside, kept, and the bot starts empty', async () => {
    const dataDir = tmp();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'sessions.json'), '{"api:x": {"key": "api:x", "tur');
    const t = await startTestApp({ DATA_DIR: dataDir, KNOWLEDGE_DIR: makeChannelKnowledge() });
    const { status } = await t.chat('x', 'khai sinh');
    expect(status).toBe(200);
    await t.close();
    const aside = readdirSync(dataDir).filter((f) => f.startsWith('sessions.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(dataDir, aside[0] ?? ''), 'utf8')).toContain('"tur');
  });
});

describe('npm run chat', () => {
  it('answers in the terminal and shows buttons as numbered choices', async () => {
    const dataDir = tmp();
    // the compiled CLI (dist/, built by tests/global-setup.ts): `npm run chat` runs the same code through tsx
    const child = spawnTracked(process.execPath, ['dist/cli/chat.js'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', KNOWLEDGE_RELOAD: 'false' },
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stdin!.write('lam giay khai sinh cho con o dau\n');
    child.stdin!.write('thoi tiet hom nay the nao\n');
    child.stdin!.end();
    await new Promise((r) => child.on('exit', r));
    expect(out).toContain('khai sinh');
    expect(out).toMatch(/^\s+1\. .+/m);
  }, 90_000); // loads the whole catalogue: slow on a busy machine
});
