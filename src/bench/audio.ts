import path from 'node:path';
import { loadKnowledge } from '../knowledge/load.js';
import { aacInfo } from '../media/aac-info.js';
import { createMediaPool } from '../media/media-pool.js';
import type { SpeechFormat } from '../media/media-worker.js';
import { mp3Info } from '../media/mp3-info.js';
import { SPEECH_RATE, speechText } from '../replies/speech.js';

/**
 * The longest answers read aloud, made as the server makes them without the system espeak-ng
 * (WebAssembly eSpeak NG, then MP3 for Messenger / web chat and AAC for Zalo's voice message, in
 * a media thread): size per 45 s (limit 300 KB) and time to make one. The thread is warmed first
 * (as the server does at start), so "ms to make one" is what a villager waits for a first 🔊.
 */
export async function run(): Promise<Record<string, unknown>> {
  const kb = await loadKnowledge(path.resolve(process.env.KNOWLEDGE_DIR ?? 'knowledge'));
  const longest = kb.list.map(speechText).sort((a, b) => b.length - a.length).slice(0, 3);
  const pool = createMediaPool(1);
  const warmStarted = performance.now();
  await pool.run({ kind: 'warm' });
  const warmMs = performance.now() - warmStarted;
  const rows: { format: SpeechFormat; maxKb: number; seconds: number; per45: number; msEach: number }[] = [];
  for (const format of ['mp3', 'aac'] as const) {
    let maxKb = 0;
    let seconds = 0;
    let per45 = 0;
    const started = performance.now();
    for (const text of longest) {
      const r = await pool.run({ kind: 'speech', text, rate: SPEECH_RATE, format });
      if (r.kind !== 'speech') throw new Error('MEDIA_WORKER_MISMATCH');
      const info = format === 'aac' ? aacInfo(r.audio) : mp3Info(r.audio); // throws unless a decoder can read every frame
      const kbytes = r.audio.length / 1024;
      if (kbytes > maxKb) [maxKb, seconds] = [kbytes, info.seconds];
      per45 = Math.max(per45, (kbytes * 45) / info.seconds);
    }
    rows.push({ format, maxKb, seconds, per45, msEach: (performance.now() - started) / longest.length });
  }
  await pool.close();
  console.log(`(media thread warmed in ${warmMs.toFixed(0)} ms: eSpeak NG and FFmpeg WebAssembly compiled, as the server does after start)`);
  console.log('| format | answers | max KB | seconds | KB per 45 s (limit 300) | ms to make one (speech + encoding) |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.format} | ${longest.length} longest | ${r.maxKb.toFixed(1)} | ${r.seconds.toFixed(1)} | ${r.per45.toFixed(1)} | ${r.msEach.toFixed(0)} |`);
  const worst = rows.reduce((a, b) => (b.per45 > a.per45 ? b : a));
  const r1 = (n: number) => Math.round(n * 10) / 10;
  return {
    audio: {
      maxKb: r1(Math.max(...rows.map((r) => r.maxKb))), seconds: r1(worst.seconds), kbPer45s: r1(worst.per45),
      byFormat: Object.fromEntries(rows.map((r) => [r.format, { maxKb: r1(r.maxKb), seconds: r1(r.seconds), kbPer45s: r1(r.per45), msToMake: Math.round(r.msEach) }])),
      warmMs: Math.round(warmMs),
    },
  };
}
