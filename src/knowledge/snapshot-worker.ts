import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../lib/thread-priority.js';
import { compileSnapshot } from './compiled.js';

// Writes the compiled knowledge snapshot off the event loop, at the lowest priority (see compiled.ts).
lowerThreadPriority();
const { root, dataDir } = workerData as { root: string; dataDir: string };
compileSnapshot(root, dataDir).then(
  () => parentPort?.postMessage({ ok: true }),
  (err: unknown) => parentPort?.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) }),
);
