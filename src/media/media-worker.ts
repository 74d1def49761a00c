import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { parentPort, threadId } from 'node:worker_threads';
import { type CardText, drawCardSvg } from '../replies/card-draw.js';
import { renderPng } from '../replies/card-png.js';
import { encodeMp3, parseWav, pcmSeconds } from './audio-encoder.js';
import { espeakWasm } from './espeak-wasm.js';

/** What the media pool's threads do: draw card PNGs and turn speech into MP3. */
export type MediaTask =
  | { kind: 'card'; svg: string }
  /** A card's plain content: the QR code and SVG are drawn here too, off the event loop. */
  | { kind: 'card'; card: CardText }
  /** `wav` when the system espeak-ng already spoke it; otherwise the WebAssembly build speaks `text`. */
  | { kind: 'speech'; text: string; rate: number; wav?: Uint8Array };

export type MediaResult =
  | { kind: 'card'; png: Uint8Array; threadId: number }
  | { kind: 'speech'; mp3: Uint8Array; seconds: number; threadId: number };

/**
 * Linux nice value of this thread: the lowest priority, so on a busy machine the event loop's
 * thread (requests, turns) always runs first and media work takes the CPU time left over. On
 * Linux the nice value is per thread; elsewhere this is skipped.
 */
const MEDIA_THREAD_NICE = 19;

function lowerThreadPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid !== process.pid) os.setPriority(tid, MEDIA_THREAD_NICE);
  } catch {
    // no /proc (not Linux): keep the default priority
  }
}

lowerThreadPriority();

async function handle(task: MediaTask): Promise<MediaResult> {
  // a copy: resvg's Buffer may share memory that must not be transferred away
  if (task.kind === 'card') return { kind: 'card', png: new Uint8Array(renderPng('svg' in task ? task.svg : drawCardSvg(task.card))), threadId };
  const pcm = parseWav(task.wav ?? (await espeakWasm(task.text, task.rate)));
  return { kind: 'speech', mp3: encodeMp3(pcm), seconds: pcmSeconds(pcm), threadId };
}

parentPort?.on('message', (task: MediaTask) => {
  handle(task).then(
    (result) => {
      const bytes = result.kind === 'card' ? result.png : result.mp3;
      parentPort!.postMessage({ ok: true, result }, [bytes.buffer as ArrayBuffer]);
    },
    (err: unknown) => parentPort!.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});
