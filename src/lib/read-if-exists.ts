import { promises as fs } from 'node:fs';

/** The file's bytes, or null when it does not exist (yet); any other error is thrown. */
export async function readIfExists(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
