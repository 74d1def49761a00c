import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The URL of a worker module next to `importMetaUrl`, with the caller's own extension: `.ts`
 * when the app runs from source (tsx, vitest), `.js` when it runs compiled from dist/.
 */
export function siblingModule(importMetaUrl: string, baseName: string): URL {
  const ext = path.extname(fileURLToPath(importMetaUrl));
  return new URL(`./${baseName}${ext}`, importMetaUrl);
}

/**
 * A worker thread for `file`. A TypeScript worker (running from source under tsx or vitest) first
 * registers tsx's loader in its own thread: loader flags of the parent do not reach workers.
 */
export function startWorker(file: URL, opts: Pick<WorkerOptions, 'workerData'> = {}): Worker {
  if (!file.pathname.endsWith('.ts')) return new Worker(file, opts);
  // the ESM build of tsx's API (require.resolve finds the CommonJS one next to it)
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { (m.register ?? m.default.register)(); return import(${JSON.stringify(file.href)}); })`;
  return new Worker(boot, { ...opts, eval: true });
}
