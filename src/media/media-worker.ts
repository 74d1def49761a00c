import { parentPort, threadId } from 'node:worker_threads';
import { lowerThreadPriority } from '../lib/thread-priority.js';
import { type CardText, drawCardSvg } from '../replies/card-draw.js';
import { renderPng } from '../replies/card-png.js';
import { encodeAac, encodeMp3, warmAac } from './speech-encoder.js';
import { parseWav, pcmSeconds } from './audio-encoder.js';
import { espeakWasm, warmEspeak } from './espeak-wasm.js';

/** Speech file formats: MP3 for Messenger and the web chat, AAC (ADTS) for Zalo's voice message. */
export type SpeechFormat = 'mp3' | 'aac';

/** What the media pool's threads do: draw card PNGs and turn speech into MP3 or AAC. */
export type MediaTask =
  | { kind: 'card'; svg: string }
  /** A card's plain content: the QR code and SVG are drawn here too, off the event loop. */
  | { kind: 'card'; card: CardText }
  /** `wav` when the system espeak-ng already spoke it; otherwise the WebAssembly build speaks `text`. */
  | { kind: 'speech'; text: string; rate: number; wav?: Uint8Array; format?: SpeechFormat }
  /** Loads the speech synthesiser and encoders ahead of the first answer read aloud. */
  | { kind: 'warm' };

export type MediaResult =
  | { kind: 'card'; png: Uint8Array; threadId: number }
  | { kind: 'speech'; audio: Uint8Array; format: SpeechFormat; seconds: number; threadId: number }
  | { kind: 'warm'; threadId: number };

// the lowest priority: requests and turns on the event loop's thread always run first
lowerThreadPriority();

async function handle(task: MediaTask): Promise<MediaResult> {
  // a copy: resvg's Buffer may share memory that must not be transferred away
  if (task.kind === 'card') return { kind: 'card', png: new Uint8Array(renderPng('svg' in task ? task.svg : drawCardSvg(task.card))), threadId };
  if (task.kind === 'warm') {
    await Promise.all([warmEspeak(), warmAac()]);
    return { kind: 'warm', threadId };
  }
  const pcm = parseWav(task.wav ?? (await espeakWasm(task.text, task.rate)));
  const format = task.format ?? 'mp3';
  const audio = format === 'aac' ? await encodeAac(pcm) : await encodeMp3(pcm);
  return { kind: 'speech', audio, format, seconds: pcmSeconds(pcm), threadId };
}

parentPort?.on('message', (task: MediaTask) => {
  handle(task).then(
    (result) => {
      const bytes = result.kind === 'card' ? result.png : result.kind === 'speech' ? result.audio : undefined;
      parentPort!.postMessage({ ok: true, result }, bytes ? [bytes.buffer as ArrayBuffer] : []);
    },
    (err: unknown) => parentPort!.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});
