import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type Pcm, parseWav } from './audio-encoder.js';

/**
 * Speech encoded by FFmpeg: MP3 (Messenger, web chat) and AAC-LC in ADTS frames (`.aac`: what Zalo's sendVoice takes, see channels.md; every
 * phone plays it), both mono, 16 kHz, 32 kbit/s, about 180 KB for 45 seconds. The encoders are
 * FFmpeg's native AAC encoder and LAME from the npm package `@ffmpeg/core` (FFmpeg compiled to WebAssembly,
 * GPL-2.0-or-later, used unmodified as a program). Its glue is built for browsers and web
 * workers; in a Node worker thread it only needs `self.location`. CPU-heavy: call it from the
 * media worker pool. The compiled module and one instance are kept for the thread's life.
 */
export const AAC_KBPS = 32;
export const AAC_RATE = 16_000;
/** MP3 for Messenger and the web chat: 16 kHz mono (speech needs no more) at 32 kbit/s, about 180 KB per 45 s. */
export const MP3_KBPS = 32;
export const MP3_RATE = 16_000;

interface FfmpegCore {
  FS: { writeFile(path: string, data: Uint8Array): void; readFile(path: string): Uint8Array; unlink(path: string): void };
  exec(...args: string[]): number;
  reset(): void;
}

let core: Promise<FfmpegCore> | undefined;
let log: string[] = [];

function ffmpeg(): Promise<FfmpegCore> {
  core ??= (async () => {
    const g = globalThis as { self?: { location?: { href: string } } };
    g.self ??= globalThis as never;
    g.self.location ??= { href: import.meta.url };
    const require = createRequire(import.meta.url);
    const wasm = await WebAssembly.compile(await readFile(require.resolve('@ffmpeg/core/wasm')));
    const { default: create } = await import('@ffmpeg/core');
    return (await create({
      instantiateWasm(imports: WebAssembly.Imports, done: (i: WebAssembly.Instance, m: WebAssembly.Module) => void) {
        void WebAssembly.instantiate(wasm, imports).then((i) => done(i, wasm));
        return {};
      },
      print: (line: string) => log.push(line),
      printErr: (line: string) => log.push(line),
    })) as FfmpegCore;
  })();
  return core;
}

/** Loads the encoder ahead of the first answer read aloud (a media thread does it once it starts). */
export async function warmAac(): Promise<void> {
  await ffmpeg();
}

/** Encodes mono 16-bit PCM to AAC (ADTS) at AAC_RATE and AAC_KBPS. */
export function encodeAac(pcm: Pcm, kbps = AAC_KBPS): Promise<Uint8Array> {
  return encode(pcm, ['-ar', String(AAC_RATE), '-c:a', 'aac', '-aac_coder', 'fast', '-b:a', `${kbps}k`, '-f', 'adts']);
}

/**
 * Encodes mono 16-bit PCM to MP3 (MPEG-2 Layer III) at MP3_RATE and MP3_KBPS with FFmpeg's LAME
 * (libmp3lame compiled in the same WebAssembly module: several times faster than a JavaScript port).
 */
export function encodeMp3(pcm: Pcm, kbps = MP3_KBPS, rate = MP3_RATE): Promise<Uint8Array> {
  return encode(pcm, ['-ar', String(rate), '-c:a', 'libmp3lame', '-b:a', `${kbps}k`, '-write_xing', '0', '-id3v2_version', '0', '-f', 'mp3']);
}

/** Decodes an MP3 or AAC file back to 16-bit mono PCM (tests and the bench prove what a phone would play). */
export async function decodeSpeech(bytes: Uint8Array, ext: 'mp3' | 'aac'): Promise<Pcm> {
  const ff = await ffmpeg();
  log = [];
  ff.FS.writeFile(`/decode.${ext}`, bytes);
  try {
    if (ff.exec('-nostdin', '-y', '-hide_banner', '-i', `/decode.${ext}`, '-ac', '1', '-c:a', 'pcm_s16le', '-f', 'wav', '/decode.pcm') !== 0) throw new Error(`AUDIO_DECODE_FAILED: ${log.slice(-3).join(' ').slice(0, 200)}`);
    return parseWav(ff.FS.readFile('/decode.pcm'));
  } finally {
    ff.reset();
    for (const f of [`/decode.${ext}`, '/decode.pcm']) {
      try {
        ff.FS.unlink(f);
      } catch {
        // not written
      }
    }
  }
}

async function encode(pcm: Pcm, output: string[]): Promise<Uint8Array> {
  const ff = await ffmpeg();
  log = [];
  const input = new Uint8Array(pcm.samples.buffer, pcm.samples.byteOffset, pcm.samples.byteLength);
  ff.FS.writeFile('/speech.pcm', input);
  try {
    const rc = ff.exec('-nostdin', '-y', '-hide_banner', '-f', 's16le', '-ar', String(pcm.sampleRate), '-ac', '1', '-i', '/speech.pcm', ...output, '/speech.out');
    if (rc !== 0) throw new Error(`AUDIO_ENCODE_FAILED: ${log.slice(-3).join(' ').slice(0, 200)}`);
    return ff.FS.readFile('/speech.out').slice();
  } finally {
    ff.reset();
    for (const f of ['/speech.pcm', '/speech.out']) {
      try {
        ff.FS.unlink(f);
      } catch {
        // not written
      }
    }
  }
}
