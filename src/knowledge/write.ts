import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes a knowledge file atomically: a hidden temp file in the same folder, then rename, so the
 * hot reloader and readers never see half a file. `relPath` is relative to the knowledge root and
 * may not leave it.
 */
export async function writeEntryFile(root: string, relPath: string, text: string): Promise<string> {
  const full = path.resolve(root, relPath);
  const rootAbs = path.resolve(root);
  if (!full.startsWith(rootAbs + path.sep) || !/\.ya?ml$/.test(full)) {
    throw new Error(`refusing to write ${relPath}: must be a .yaml file inside the knowledge folder`);
  }
  await fs.mkdir(path.dirname(full), { recursive: true });
  const tmp = path.join(path.dirname(full), `.${path.basename(full)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(tmp, text, 'utf8');
    await fs.rename(tmp, full);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  return full;
}
