import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Entry } from '../knowledge/types.js';
import { produceFileAtomically } from '../lib/atomic-write.js';

/** espeak-ng writes WAV; without ffmpeg there is no offline AAC/MP3 encoder we trust, so WAV it is. */
export const AUDIO_EXT = 'wav';
/** Longest text read aloud: about 40 seconds at the slow rate used for villagers. */
const MAX_SPEECH_CHARS = 600;
/** Words per minute: slower than espeak's default 175 so a slow listener can follow. */
const RATE = 140;

let espeakPath: string | null | undefined;

/** Path of the espeak-ng binary on PATH, or null when it is not installed (looked up once). */
export function findEspeak(): string | null {
  if (espeakPath !== undefined) return espeakPath;
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  espeakPath = dirs.map((d) => path.join(d, 'espeak-ng')).find((p) => existsSync(p)) ?? null;
  return espeakPath;
}

/** What the bot reads aloud for an entry: always Vietnamese (no Tày/Dao voice exists offline). */
export function speechText(entry: Entry): string {
  const parts = [entry.title.replace(/^Thủ tục\s+/i, '')];
  if (entry.summary) parts.push(entry.summary);
  (entry.steps ?? []).slice(0, 6).forEach((s, i) => parts.push(`Bước ${i + 1}: ${s.text}`));
  if (entry.fee) parts.push(`Lệ phí: ${entry.fee}`);
  if (entry.duration) parts.push(`Thời gian: ${entry.duration}`);
  const where = entry.where ?? entry.agency;
  if (where) parts.push(`Nộp ở: ${where}`);
  const text = parts.map((p) => p.trim().replace(/[.:;,]+$/, '')).join('. ') + '.';
  return text.length > MAX_SPEECH_CHARS ? `${text.slice(0, MAX_SPEECH_CHARS).replace(/\s+\S*$/, '')}.` : text;
}

/** Content hash naming the audio file: the same words always give the same URL and cache file. */
export function speechHash(text: string): string {
  return createHash('sha256').update(`vi|${RATE}|${text}`).digest('hex').slice(0, 24);
}

/** Synthesises `text` with espeak-ng's Vietnamese voice into `file` (WAV). */
export async function synthesize(text: string, file: string): Promise<void> {
  const bin = findEspeak();
  if (!bin) throw new Error('ESPEAK_MISSING: espeak-ng is not installed (apt-get install espeak-ng)');
  // Text goes through stdin-free argv with `--` so a leading dash in knowledge text is not an option.
  await produceFileAtomically(file, (tmp) => new Promise<void>((resolve, reject) => {
    execFile(bin, ['-v', 'vi', '-s', String(RATE), '-w', tmp, '--', text], { timeout: 20_000 }, (err) => (err ? reject(err) : resolve()));
  }));
}
