import path from 'node:path';
import { writeFileAtomically } from '../lib/atomic-write.js';

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
  await writeFileAtomically(full, text);
  return full;
}
