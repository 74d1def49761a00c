import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A running bot on lowdb keeps the admin accounts (and everything else) in memory and rewrites
 * its files: an account another process writes into the same DATA_DIR meanwhile is lost at the
 * bot's next save. The bot marks DATA_DIR with its pid (`server.pid`) so that a CLI can refuse
 * to write there instead of printing "Created" for an account that will vanish.
 */
const OWNER_FILE = 'server.pid';

/** Marks DATA_DIR as held by this process; the mark is removed on a normal exit. */
export function claimDataDir(dataDir: string): void {
  const file = path.join(dataDir, OWNER_FILE);
  writeFileSync(file, `${process.pid}\n`, { mode: 0o600 });
  process.once('exit', () => {
    if (runningOwner(dataDir) === process.pid) rmSync(file, { force: true });
  });
}

/** The pid of a live bot holding DATA_DIR, or null (no mark, or a mark left by a process that is gone). */
export function runningOwner(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dataDir, OWNER_FILE), 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: alive but another user's process
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}
