import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashPassword } from '../../src/admin/password.js';
import type { AdminUser } from '../../src/store/types.js';
import { startTestApp, type TestApp } from './app.js';

export const PASSWORD = 'correct horse battery';

export interface AdminSession {
  cookie: string;
  csrf: string;
}

export interface AdminTestApp extends TestApp {
  knowledgeDir: string;
  login(user: string, password?: string): Promise<AdminSession>;
  api(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, session: AdminSession | null, body?: unknown, opts?: { csrf?: boolean }): Promise<{ status: number; body: any }>;
}

let hashed: Promise<string> | undefined;

/**
 * One scrypt hash of PASSWORD per test process, shared by every test account (each has its own
 * salt otherwise, at ~0.1 s of CPU per hash): what is tested is that the bot verifies it.
 */
export function passwordHashOnce(): Promise<string> {
  hashed ??= hashPassword(PASSWORD);
  return hashed;
}

/** The real app on a temporary copy of knowledge/, with one account per role (admin, editor, team). */
export async function startAdminApp(env: Record<string, string> = {}): Promise<AdminTestApp> {
  const knowledgeDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-kb-'));
  // timestamps kept: the checks of knowledge/ made once for the run (tests/setup-knowledge.ts) still apply
  cpSync(path.resolve('knowledge'), knowledgeDir, { recursive: true, preserveTimestamps: true });
  const t = await startTestApp({ KNOWLEDGE_DIR: knowledgeDir, ...env });
  const passwordHash = await passwordHashOnce();
  for (const role of ['admin', 'editor', 'team'] as AdminUser['role'][]) {
    await t.services.store.saveAdminUser({ name: role === 'admin' ? 'an' : role === 'editor' ? 'binh' : 'chi', role, passwordHash, createdAt: Date.now() });
  }
  const api: AdminTestApp['api'] = async (method, url, session, body, opts = {}) => {
    const headers: Record<string, string> = {};
    if (session) headers.cookie = session.cookie;
    if (session && opts.csrf !== false) headers['x-csrf-token'] = session.csrf;
    const res = await t.app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  };
  return {
    ...t,
    knowledgeDir,
    api,
    async login(user, password = PASSWORD) {
      const res = await t.app.inject({ method: 'POST', url: '/admin/api/login', payload: { user, password } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      const set = res.cookies.find((c) => c.name === 'qn_admin');
      return { cookie: `qn_admin=${set?.value}`, csrf: res.json().csrf };
    },
    async close() {
      await t.close();
      rmSync(knowledgeDir, { recursive: true, force: true });
    },
  };
}
