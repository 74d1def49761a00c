import { readlinkSync } from 'node:fs';
import os from 'node:os';

/**
 * Linux nice value for background threads: the lowest priority, so on a busy machine the event
 * loop's thread (requests, turns) always runs first and background work takes the CPU time left
 * over. On Linux the nice value is per thread; elsewhere this is skipped.
 */
export const BACKGROUND_THREAD_NICE = 19;

/** Lowers the calling worker thread to BACKGROUND_THREAD_NICE (never the main thread). */
export function lowerThreadPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid !== process.pid) os.setPriority(tid, BACKGROUND_THREAD_NICE);
  } catch {
    // no /proc (not Linux): keep the default priority
  }
}
