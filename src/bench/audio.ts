import path from 'node:path';
import { loadKnowledge } from '../knowledge/load.js';
import { createMediaPool } from '../media/media-pool.js';
import { mp3Info } from '../media/mp3-info.js';
import { SPEECH_RATE, speechText } from '../replies/speech.js';

/**
 * The longest answers read aloud, made as the server makes them without the system espeak-ng
 * (WebAssembly eSpeak NG + MP3 encoding in the media worker): size per 45 s (limit 300 KB).
 */
export async function run(): Promise<Record<string, unknown>> {
  const kb = await loadKnowledge(path.resolve(process.env.KNOWLEDGE_DIR ?? 'knowledge'));
  const longest = kb.list.map(speechText).sort((a, b) => b.length - a.length).slice(0, 3);
  const pool = createMediaPool(1);
  let maxKb = 0;
  let seconds = 0;
  let per45 = 0;
  const started = performance.now();
  for (const text of longest) {
    const r = await pool.run({ kind: 'speech', text, rate: SPEECH_RATE });
    if (r.kind !== 'speech') throw new Error('MEDIA_WORKER_MISMATCH');
    const info = mp3Info(r.mp3);
    const kb = r.mp3.length / 1024;
    if (kb > maxKb) [maxKb, seconds] = [kb, info.seconds];
    per45 = Math.max(per45, (kb * 45) / info.seconds);
  }
  const msEach = (performance.now() - started) / longest.length;
  await pool.close();
  console.log('| answers | max KB | seconds | KB per 45 s (limit 300) | ms to make one |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(`| ${longest.length} longest | ${maxKb.toFixed(1)} | ${seconds.toFixed(1)} | ${per45.toFixed(1)} | ${msEach.toFixed(0)} |`);
  return { audio: { maxKb: Math.round(maxKb * 10) / 10, seconds: Math.round(seconds * 10) / 10, kbPer45s: Math.round(per45 * 10) / 10 } };
}
