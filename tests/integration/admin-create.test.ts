import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/process.js';
import { startTestApp } from '../helpers/app.js';

// the compiled CLI (dist/, built by tests/global-setup.ts): `npm run admin:create` runs the same code through tsx
const create = (dataDir: string, args: string[], input: string) =>
  spawnSync(process.execPath, ['dist/cli/admin-create.js', ...args], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, timeout: 60_000 });

describe('npm run admin:create', () => {
  it('creates the first account, which can then sign in; bad input is refused with a reason', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-admin-'));
    try {
      const ok = create(dataDir, ['--user', 'lan', '--role', 'admin', '--password-stdin'], 'mật khẩu đủ dài 123\n');
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('lan');
      expect(ok.stdout + ok.stderr).not.toContain('mật khẩu đủ dài');
      const short = create(dataDir, ['--user', 'lan2', '--role', 'admin', '--password-stdin'], 'short\n');
      expect(short.status).toBe(1);
      expect(short.stderr).toMatch(/at least 10 characters/);
      const role = create(dataDir, ['--user', 'lan3', '--role', 'boss', '--password-stdin'], 'long enough password\n');
      expect(role.stderr).toMatch(/admin, editor, team/);
      const translator = create(dataDir, ['--user', 'hoa', '--role', 'translator', '--lang', 'dao-kimmun', '--password-stdin'], 'long enough password\n');
      expect(translator.status, translator.stderr).toBe(0);
      const noLang = create(dataDir, ['--user', 'hoa2', '--role', 'translator', '--password-stdin'], 'long enough password\n');
      expect(noLang.stderr).toMatch(/tay, dao-kimmun, dao-iumien/);
      expect(create(dataDir, ['--user', 'hoa3', '--role', 'translator', '--lang', 'dao', '--password-stdin'], 'long enough password\n').status).toBe(1);

      const t = await startTestApp({ DATA_DIR: dataDir });
      const login = await t.app.inject({ method: 'POST', url: '/admin/api/login', payload: { user: 'lan', password: 'mật khẩu đủ dài 123' } });
      expect(login.statusCode).toBe(200);
      expect(login.json().role).toBe('admin');
      const hoa = await t.app.inject({ method: 'POST', url: '/admin/api/login', payload: { user: 'hoa', password: 'long enough password' } });
      expect(hoa.json()).toMatchObject({ role: 'translator', lang: 'dao-kimmun' });
      await t.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
