/** Speech as the synthesiser writes it (WAV), read into PCM for the encoders (src/media/speech-encoder.ts). */
export interface Pcm {
  sampleRate: number;
  samples: Int16Array;
}

/** Reads a 16-bit PCM WAV (what espeak-ng writes; mono, or the first channel of several). */
export function parseWav(wav: Uint8Array): Pcm {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const tag = (at: number) => String.fromCharCode(...wav.subarray(at, at + 4));
  if (wav.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('WAV_INVALID: not a RIFF/WAVE file');
  let at = 12;
  let fmt: { channels: number; sampleRate: number; bits: number } | undefined;
  while (at + 8 <= wav.length) {
    const id = tag(at);
    // espeak-ng writing to a pipe leaves the sizes at 0x7fffffff: clamp to the bytes we have
    const size = Math.min(view.getUint32(at + 4, true), wav.length - at - 8);
    if (id === 'fmt ') fmt = { channels: view.getUint16(at + 10, true), sampleRate: view.getUint32(at + 12, true), bits: view.getUint16(at + 22, true) };
    if (id === 'data') {
      if (fmt?.bits !== 16) throw new Error('WAV_INVALID: expected 16-bit PCM');
      const frames = Math.floor(size / (2 * fmt.channels));
      const samples = new Int16Array(frames);
      for (let i = 0; i < frames; i++) samples[i] = view.getInt16(at + 8 + i * 2 * fmt.channels, true);
      return { sampleRate: fmt.sampleRate, samples };
    }
    at += 8 + size + (size & 1);
  }
  throw new Error('WAV_INVALID: no data chunk');
}

/** Duration of PCM in seconds. */
export const pcmSeconds = (pcm: Pcm) => pcm.samples.length / pcm.sampleRate;
