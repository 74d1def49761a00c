import type { MediaResult, MediaTask } from './media-worker.js';
import { defaultPoolSize, siblingModule, WorkerPool } from './worker-pool.js';

export type MediaPool = WorkerPool<MediaTask, MediaResult>;

/** Worker threads that draw cards and encode speech (src/media/media-worker.ts, .ts or compiled .js). */
export function createMediaPool(size = defaultPoolSize()): MediaPool {
  return new WorkerPool<MediaTask, MediaResult>(siblingModule(import.meta.url, 'media-worker'), size);
}
