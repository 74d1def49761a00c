import { randomUUID } from 'node:crypto';
import { promises as fs, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import YAML, { isMap } from 'yaml';
import type { Logger } from '../../domain/logger.js';
import { lineDiff } from '../line-diff.js';
import type { LocaleFile, Locales } from '../../replies/locales.js';
import type { Store } from '../../store/types.js';

/** One translated string as the translation page changes it. */
export interface StringChange {
  key: string;
  text?: string;
  review: 'draft' | 'reviewed';
  author?: string;
  reviewer?: string;
  source?: string;
}

export interface LocaleFilesDeps {
  localesDir: string;
  knowledgeDir: string;
  locales: Locales;
  store: Store;
  log: Logger;
}

/**
 * Writes translated strings into `locales/<lang>.yaml` the way admin knowledge edits are saved:
 * through the YAML document API (comments and order kept), a temp file then a rename, a record in
 * the knowledge history (who, when, line diff), and the new text swapped into the running locales.
 * Other instances pick the file up through `watchLocales` on the shared volume.
 */
export class LocaleFiles {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: LocaleFilesDeps) {}

  file(lang: string): string {
    return path.join(this.deps.localesDir, `${lang}.yaml`);
  }

  /** Applies changes to one language's file in one write (all or nothing). */
  apply(lang: string, changes: StringChange[], user: string): Promise<void> {
    const run = this.queue.catch(() => undefined).then(() => this.write(lang, changes, user));
    this.queue = run;
    return run;
  }

  private async write(lang: string, changes: StringChange[], user: string): Promise<void> {
    const file = this.file(lang);
    const before = await fs.readFile(file, 'utf8').catch(() => `meta:\n  lang: ${lang}\n  name: ${lang}\n  review: draft\nstrings: {}\n`);
    const doc = YAML.parseDocument(before);
    for (const c of changes) {
      if (c.text !== undefined) setIn(doc, 'strings', c.key, c.text);
      setIn(doc, 'review', c.key, c.review);
      if (c.author !== undefined) setIn(doc, 'authors', c.key, c.author);
      if (c.source !== undefined) setIn(doc, 'sources', c.key, c.source);
      if (c.reviewer !== undefined) setIn(doc, 'reviewers', c.key, c.reviewer);
      else if (c.review === 'draft' && isMap(doc.get('reviewers'))) doc.deleteIn(['reviewers', c.key]);
    }
    const after = doc.toString({ lineWidth: 0 });
    const parsed = YAML.parse(after) as LocaleFile;
    await writeAtomic(file, after);
    this.deps.locales.files.set(lang, parsed);
    await this.deps.store.recordKnowledgeChange({
      id: randomUUID(), at: Date.now(), user, file: path.relative(this.deps.knowledgeDir, file), entryId: `locale:${lang}`, before, after, diff: lineDiff(before, after),
    });
    this.deps.log.info({ user, lang, keys: changes.map((c) => c.key) }, 'ADMIN_TRANSLATION_CHANGED');
  }

  /** Re-reads a language's file into the running locales (a change made by another instance). */
  async reload(lang: string): Promise<void> {
    try {
      const data = YAML.parse(await fs.readFile(this.file(lang), 'utf8')) as LocaleFile;
      if (data?.strings) this.deps.locales.files.set(lang, data);
    } catch (err) {
      this.deps.log.warn({ lang, err }, 'LOCALE_RELOAD_FAILED: keeping the last good strings');
    }
  }
}

/** Sets `map.key = value` under a top-level mapping, creating the mapping (block style) if absent. */
function setIn(doc: YAML.Document, top: string, key: string, value: string): void {
  const node = doc.get(top);
  if (!isMap(node)) {
    doc.set(top, doc.createNode({ [key]: value }));
    const created = doc.get(top);
    if (isMap(created)) created.flow = false;
    return;
  }
  node.flow = false;
  node.set(key, value);
}

async function writeAtomic(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  await fs.writeFile(tmp, text, 'utf8');
  await fs.rename(tmp, file);
}

/** Watches the locales folder and reloads a changed file (debounced); resolves a stop function. */
export function watchLocales(files: LocaleFiles, dir: string, log: Logger): () => void {
  const timers = new Map<string, NodeJS.Timeout>();
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, (_event, name) => {
      const lang = /^([a-z-]+)\.yaml$/.exec(String(name ?? ''))?.[1];
      if (!lang) return;
      clearTimeout(timers.get(lang));
      timers.set(lang, setTimeout(() => void files.reload(lang), 250));
    });
  } catch (err) {
    log.warn({ dir, err }, 'LOCALE_WATCH_FAILED: translations saved on another instance show after a restart');
  }
  return () => {
    watcher?.close();
    for (const t of timers.values()) clearTimeout(t);
  };
}
