import type { OutboxItem, Store } from '../store/types.js';
import type { OutboxWorker } from './worker.js';

/** What happened to queued messages: the platform took them, refused them, or has not answered yet. */
export type SendOutcome =
  | { status: 'delivered' }
  | { status: 'failed'; reason: string }
  /** The platform refused for now; the outbox tries again later. */
  | { status: 'retrying'; reason: string }
  | { status: 'pending' };

/** Another instance may send the item: its outcome is only in the store, read this often. */
const RECHECK_MS = 1000;

function outcomeOf(items: OutboxItem[], expected: number): SendOutcome | null {
  const failed = items.find((i) => i.status === 'failed');
  if (failed) return { status: 'failed', reason: failed.lastError ?? 'unknown error' };
  if (items.length === expected && items.every((i) => i.status === 'sent')) return { status: 'delivered' };
  return null;
}

/**
 * Waits at most `timeoutMs` for the outbox items `ids` to be delivered or refused for good. Wakes
 * when this instance's worker records an outcome for one of them (and re-reads the store every
 * second for sends made by another instance). After the wait: `retrying` with the platform's
 * reason when an attempt failed and a retry is due, else `pending`.
 */
export async function awaitOutcome(store: Store, worker: OutboxWorker, ids: string[], timeoutMs: number): Promise<SendOutcome> {
  if (!ids.length) return { status: 'delivered' };
  const deadline = Date.now() + timeoutMs;
  let wake: (() => void) | undefined;
  const off = worker.onSettled((id) => {
    if (ids.includes(id)) wake?.();
  });
  try {
    for (;;) {
      // listen before reading, so an outcome recorded between the read and the wait is not missed
      const woken = new Promise<void>((resolve) => (wake = resolve));
      const items = await store.listOutbound({ ids, limit: ids.length });
      const done = outcomeOf(items, ids.length);
      if (done) return done;
      const left = deadline - Date.now();
      if (left <= 0) {
        const retry = items.find((i) => i.lastError);
        return retry ? { status: 'retrying', reason: retry.lastError ?? '' } : { status: 'pending' };
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([woken, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(left, RECHECK_MS))))]);
      clearTimeout(timer);
    }
  } finally {
    off();
  }
}
