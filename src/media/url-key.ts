import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * The media link signing key: DATA_DIR/media-url.key (32 random bytes, mode 0600), made by the
 * first instance that needs it; instances sharing DATA_DIR read the same key, and links stay
 * valid across restarts.
 */
export async function loadMediaUrlKey(dataDir: string): Promise<Buffer> {
  const file = path.join(dataDir, 'media-url.key');
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  // written aside and linked in: a second instance starting at once sees the whole key or none
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(tmp, randomBytes(32), { mode: 0o600 });
  try {
    await fs.link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await fs.rm(tmp, { force: true });
  }
  const key = await fs.readFile(file);
  if (key.length < 32) throw new Error(`MEDIA_KEY_INVALID: ${file} is shorter than 32 bytes; delete it to make a new one`);
  return key;
}
