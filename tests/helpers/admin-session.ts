import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashPassword } from '../../src/admin/password.js';
import { seedKnowledgeCache } from '../../src/knowledge/load.js';
import type { EntryCheck } from '../../src/knowledge/validate.js';
import type { AdminUser } from '../../src/store/types.js';
import { startTestApp, type TestApp } from './app.js';
import { KNOWLEDGE_CHECKS_FILE } from './knowledge-checks.js';

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

let globalChecks: [rel: string, { mtimeMs: number; size: number; check: EntryCheck }][] | undefined;

/**
 * Lets the app on a fresh copy of knowledge/ reuse the checks the global setup made of the
 * originals (KNOWLEDGE_CHECKS_CACHE): each file of the copy whose original is still the file those
 * checks were made from (same mtime and size) and whose copy has that size. Keeping the timestamps
 * in the copy was not enough: cpSync keeps them to the millisecond, the checks are keyed to the
 * nanosecond, so every admin app parsed the ~2,000 files again (~3.5 s of CPU each).
 */
function reuseKnowledgeChecks(original: string, copy: string): void {
  try {
    globalChecks ??= JSON.parse(readFileSync(KNOWLEDGE_CHECKS_FILE, 'utf8')) as NonNullable<typeof globalChecks>;
  } catch {
    return; // no checks file: the app checks the copy itself
  }
  const seeds: [string, number, number, EntryCheck][] = [];
  for (const [rel, { mtimeMs, size, check }] of globalChecks) {
    const from = statSync(path.join(original, rel), { throwIfNoEntry: false });
    const to = statSync(path.join(copy, rel), { throwIfNoEntry: false });
    if (from?.mtimeMs === mtimeMs && from.size === size && to?.size === size) seeds.push([rel, to.mtimeMs, size, check]);
  }
  seedKnowledgeCache(copy, seeds);
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
  cpSync(path.resolve('knowledge'), knowledgeDir, { recursive: true });
  reuseKnowledgeChecks(path.resolve('knowledge'), knowledgeDir);
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

/** The "-"/"+" lines of a knowledge history diff (not its headers). */
export const changedLines = (diff: string): string[] => diff.split('\n').filter((l) => /^[-+](?![-+])/.test(l));
