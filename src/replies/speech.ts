import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Entry } from '../knowledge/types.js';

/** Speech is served as MP3 (src/media/speech-encoder.ts) for Messenger and web chat: every phone and browser plays it. */
export const AUDIO_EXT = 'mp3';
/** The same speech as AAC (ADTS) for Zalo's voice message, whose sendVoice takes an .aac URL (src/media/speech-encoder.ts). */
export const VOICE_EXT = 'aac';
/** Longest text read aloud: about 40 seconds at the slow rate used for villagers. */
const MAX_SPEECH_CHARS = 600;
/** Words per minute: slower than espeak's default 175 so a slow listener can follow. */
export const SPEECH_RATE = 140;

let espeakPath: string | null | undefined;

/**
 * Path of the system espeak-ng binary (an optional speed-up over the WebAssembly build), or null
 * when it is not installed or SPEECH_ENGINE=wasm asks for the bundled one (looked up once).
 */
export function findEspeak(): string | null {
  if (process.env.SPEECH_ENGINE === 'wasm') return null;
  if (espeakPath !== undefined) return espeakPath;
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  espeakPath = dirs.map((d) => path.join(d, 'espeak-ng')).find((p) => existsSync(p)) ?? null;
  return espeakPath;
}

let wasmInstalled: boolean | undefined;

/** True when answers can be read aloud: the `espeak-ng` npm package (WebAssembly) or the system binary. */
export function speechAvailable(): boolean {
  if (wasmInstalled === undefined) {
    try {
      createRequire(import.meta.url).resolve('espeak-ng');
      wasmInstalled = true;
    } catch {
      wasmInstalled = false;
    }
  }
  return wasmInstalled || findEspeak() !== null;
}

/** What the bot reads aloud for an entry: always Vietnamese (no Tày/Dao voice exists offline). */
export function speechText(entry: Entry): string {
  const parts = [entry.title.replace(/^Thủ tục\s+/i, '')];
  if (entry.summary) parts.push(entry.summary);
  for (const [i, s] of (entry.steps ?? []).slice(0, 6).entries()) parts.push(`Bước ${i + 1}: ${s.text}`);
  if (entry.fee) parts.push(`Lệ phí: ${entry.fee}`);
  if (entry.duration) parts.push(`Thời gian: ${entry.duration}`);
  const where = entry.where ?? entry.agency;
  if (where) parts.push(`Nộp ở: ${where}`);
  const text = parts.map((p) => p.trim().replace(/[.:;,]+$/, '')).join('. ') + '.';
  return text.length > MAX_SPEECH_CHARS ? `${text.slice(0, MAX_SPEECH_CHARS).replace(/\s+\S*$/, '')}.` : text;
}

/** Content hash naming the audio file: the same words always give the same URL and cache file. */
export function speechHash(text: string): string {
  return createHash('sha256').update(`vi|${SPEECH_RATE}|${AUDIO_EXT}|${text}`).digest('hex').slice(0, 24);
}

/** Speaks `text` with the system espeak-ng (a separate process) and resolves the WAV it prints. */
export function systemEspeakWav(bin: string, text: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    // `--` ends the options, so knowledge text starting with a dash is never read as one
    execFile(bin, ['-v', 'vi', '-s', String(SPEECH_RATE), '--stdout', '--', text], { timeout: 20_000, encoding: 'buffer', maxBuffer: 32 * 1024 * 1024 },
      (err, stdout) => (err ? reject(err) : resolve(new Uint8Array(stdout))));
  });
}
