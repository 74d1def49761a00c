import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of a new file (e.g. 0o600 for a token). */
  mode?: number;
  /** Flush to disk before the rename (for state that must survive a power cut). */
  fsync?: boolean;
}

/** A hidden temp name next to `file`: same folder (so rename is atomic), ignored by loaders and watchers. */
function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Lets `produce` write a temp file next to `file`, then renames it over `file`, so readers (the
 * knowledge reloader, the media server, a restarted bot) see the old file or the new one, never
 * half of one. The temp file is removed when anything fails.
 */
export async function produceFileAtomically(file: string, produce: (tmp: string) => Promise<void>): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = tempPathFor(file);
  try {
    await produce(tmp);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/** Writes `data` to `file` through a temp file and a rename (see produceFileAtomically). */
export async function writeFileAtomically(file: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  await produceFileAtomically(file, async (tmp) => {
    const handle = await fs.open(tmp, 'w', opts.mode ?? 0o666);
    try {
      await handle.writeFile(data);
      if (opts.fsync) await handle.sync();
    } finally {
      await handle.close();
    }
  });
}
