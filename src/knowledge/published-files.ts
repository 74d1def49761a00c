import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../domain/logger.js';
import { writeFileAtomically } from '../lib/atomic-write.js';
import type { Store } from '../store/types.js';

/** What one pull changed in this instance's folders. */
export interface AppliedFiles {
  knowledge: boolean;
  locales: boolean;
  /** Paths (as published) whose text was written or removed here. */
  files: string[];
}

export interface PublishedFilesDeps {
  store: Store;
  knowledgeDir: string;
  localesDir: string;
  log: Logger;
}

/**
 * Brings this instance's knowledge/ and locales/ folders up to what the admin published on any
 * instance. With PostgreSQL the `knowledge_files` table holds the latest text of every file edited
 * through the admin (written with its history entry, src/store/postgres-store.ts); the local
 * folders are a cache of it. A pull writes only files whose text differs, and says which folders
 * changed so the caller reloads knowledge or locales. lowdb publishes nothing: a no-op.
 */
export class PublishedFiles {
  private version = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: PublishedFilesDeps) {}

  /** Applies what was published since the last pull; pulls run one at a time. */
  pull(): Promise<AppliedFiles> {
    const run = this.queue.catch(() => undefined).then(() => this.apply());
    this.queue = run;
    return run;
  }

  private async apply(): Promise<AppliedFiles> {
    const out: AppliedFiles = { knowledge: false, locales: false, files: [] };
    for (const row of await this.deps.store.publishedFilesSince(this.version)) {
      this.version = Math.max(this.version, row.version);
      const target = this.resolve(row.path);
      if (!target) {
        this.deps.log.warn({ path: row.path }, 'PUBLISHED_FILE_IGNORED: outside the knowledge and locales folders');
        continue;
      }
      const current = await fs.readFile(target.file, 'utf8').catch(() => null);
      if (current === row.content) continue;
      if (row.content === null) await fs.rm(target.file, { force: true });
      else await writeFileAtomically(target.file, row.content);
      out[target.kind] = true;
      out.files.push(row.path);
    }
    if (out.files.length) this.deps.log.info({ files: out.files.slice(0, 20), version: this.version }, 'published files applied from the database');
    return out;
  }

  /**
   * Where a published path lives here. Knowledge paths are relative to the knowledge folder; a
   * locale file is recorded relative to it too ("../locales/tay.yaml"), which on an instance with
   * another layout means its own locales folder: any "../<folder>/<lang>.yaml".
   */
  private resolve(rel: string): { file: string; kind: 'knowledge' | 'locales' } | null {
    if (!/\.ya?ml$/.test(rel)) return null;
    const file = path.resolve(this.deps.knowledgeDir, rel);
    if (file.startsWith(path.resolve(this.deps.knowledgeDir) + path.sep)) return { file, kind: 'knowledge' };
    const locale = /^\.\.\/[^/]+\/([a-z][a-z-]*\.yaml)$/.exec(rel.split(path.sep).join('/'));
    return locale?.[1] ? { file: path.join(this.deps.localesDir, locale[1]), kind: 'locales' } : null;
  }
}
