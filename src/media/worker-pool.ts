import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../lib/worker-start.js';

export { siblingModule } from '../lib/worker-start.js';

export type Priority = 'high' | 'low';

interface Job<T, R> {
  task: T;
  transfer: ArrayBuffer[];
  resolve(result: R): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

/** Threads for CPU work: one core stays with the event loop (at least one thread). */
export function defaultPoolSize(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

/**
 * A fixed set of worker threads running one module; tasks queue by priority (high before low,
 * each first in first out). A worker that dies is replaced and its task fails.
 */
export class WorkerPool<T, R> {
  private readonly slots: Slot[] = [];
  private readonly queues: Record<Priority, Job<T, R>[]> = { high: [], low: [] };
  private readonly running = new Map<Worker, Job<T, R>>();
  private closed = false;

  constructor(private readonly file: URL, readonly size = defaultPoolSize()) {}

  /** Tasks waiting for a thread (not counting the ones running). */
  get queued(): number {
    return this.queues.high.length + this.queues.low.length;
  }

  run(task: T, opts: { priority?: Priority; transfer?: ArrayBuffer[] } = {}): Promise<R> {
    if (this.closed) return Promise.reject(new Error('WORKER_POOL_CLOSED'));
    return new Promise<R>((resolve, reject) => {
      this.queues[opts.priority ?? 'high'].push({ task, transfer: opts.transfer ?? [], resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of [...this.queues.high, ...this.queues.low]) job.reject(new Error('WORKER_POOL_CLOSED'));
    this.queues.high = [];
    this.queues.low = [];
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private pump(): void {
    while (this.queued > 0) {
      const slot = this.slots.find((s) => !s.busy) ?? (this.slots.length < this.size ? this.spawn() : undefined);
      if (!slot) return;
      const job = (this.queues.high.shift() ?? this.queues.low.shift())!;
      slot.busy = true;
      slot.worker.ref(); // a task in flight keeps the process alive until it answers
      this.running.set(slot.worker, job);
      slot.worker.postMessage(job.task, job.transfer);
    }
  }

  private spawn(): Slot {
    const worker = startWorker(this.file);
    worker.unref(); // an idle pool never keeps the process alive
    const slot: Slot = { worker, busy: false };
    worker.on('message', (msg: { ok: true; result: R } | { ok: false; error: string }) => {
      const job = this.running.get(worker);
      this.running.delete(worker);
      slot.busy = false;
      worker.unref();
      if (job) {
        if (msg.ok) job.resolve(msg.result);
        else job.reject(new Error(msg.error));
      }
      this.pump();
    });
    const fail = (err: Error) => {
      const job = this.running.get(worker);
      this.running.delete(worker);
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      job?.reject(err);
      if (!this.closed) this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`WORKER_EXITED: media worker stopped (code ${code})`)));
    this.slots.push(slot);
    return slot;
  }
}
