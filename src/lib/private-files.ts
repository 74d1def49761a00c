import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Files under DATA_DIR hold conversations, tokens and cases: only the bot's own user reads them. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Makes DATA_DIR private: every file or folder this process creates from now on is owner-only
 * (umask 077 covers lowdb's temp-and-rename writes, appended logs and the media caches alike), and
 * what an older version left readable by others is tightened now.
 */
export async function makeDataDirPrivate(dataDir: string): Promise<void> {
  process.umask(0o077);
  await fs.mkdir(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await tighten(dataDir);
}

async function tighten(p: string): Promise<void> {
  const st = await fs.lstat(p).catch(() => null);
  if (!st || st.isSymbolicLink()) return;
  if (st.isDirectory()) {
    if ((st.mode & 0o777) !== PRIVATE_DIR_MODE) await fs.chmod(p, PRIVATE_DIR_MODE);
    for (const name of await fs.readdir(p)) await tighten(path.join(p, name));
  } else if (st.isFile() && (st.mode & 0o077) !== 0) {
    await fs.chmod(p, PRIVATE_FILE_MODE);
  }
}
