import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PASSWORD, passwordHashOnce, startAdminApp, type AdminTestApp } from './admin-session.js';

export { PASSWORD };

export interface TranslationTestApp extends AdminTestApp {
  localesDir: string;
}

/**
 * The admin test app on a temporary copy of locales/ too, with translators: `tay1` and `tay2`
 * (Tày), `mien1` (Dao Iu Mien).
 */
export async function startTranslationApp(env: Record<string, string> = {}): Promise<TranslationTestApp> {
  const localesDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-locales-'));
  cpSync(path.resolve('locales'), localesDir, { recursive: true });
  const t = await startAdminApp({ LOCALES_DIR: localesDir, ...env });
  const passwordHash = await passwordHashOnce();
  for (const [name, lang] of [['tay1', 'tay'], ['tay2', 'tay'], ['mien1', 'dao-iumien']] as const) {
    await t.services.store.saveAdminUser({ name, role: 'translator', lang, passwordHash, createdAt: Date.now() });
  }
  return {
    ...t,
    localesDir,
    async close() {
      await t.close();
      rmSync(localesDir, { recursive: true, force: true });
    },
  };
}
