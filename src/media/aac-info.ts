/** AAC frames in an ADTS stream, found by walking the file header to header. */
export interface AacInfo {
  frames: number;
  seconds: number;
  sampleRate: number;
  channels: number;
  /** MPEG-4 audio object type: 2 is AAC-LC. */
  objectType: number;
}

const RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

/**
 * Checks that `bytes` is an ADTS AAC stream from the first byte to the last: every frame starts
 * with the sync word and the next follows exactly where the frame length says. Each frame holds
 * 1024 samples per raw data block. Throws on anything else; used by tests and the bench.
 */
export function aacInfo(bytes: Uint8Array): AacInfo {
  let at = 0;
  let frames = 0;
  let samples = 0;
  let sampleRate = 0;
  let channels = 0;
  let objectType = 0;
  const byte = (i: number) => bytes[i] ?? 0;
  while (at < bytes.length) {
    if (at + 7 > bytes.length || byte(at) !== 0xff || (byte(at + 1) & 0xf6) !== 0xf0) throw new Error(`AAC_INVALID: no ADTS header at byte ${at}`);
    const b2 = byte(at + 2);
    const rateIndex = (b2 >> 2) & 0x0f;
    const rate = RATES[rateIndex] ?? 0;
    if (!rate) throw new Error(`AAC_INVALID: bad sample rate index at byte ${at}`);
    const length = ((byte(at + 3) & 0x03) << 11) | (byte(at + 4) << 3) | (byte(at + 5) >> 5);
    if (length < 7 || at + length > bytes.length) throw new Error(`AAC_INVALID: frame at byte ${at} cut short`);
    objectType = (b2 >> 6) + 1;
    sampleRate = rate;
    channels = ((b2 & 1) << 2) | (byte(at + 3) >> 6);
    samples += ((byte(at + 6) & 0x03) + 1) * 1024;
    frames++;
    at += length;
  }
  if (!frames) throw new Error('AAC_INVALID: no frames');
  return { frames, seconds: samples / sampleRate, sampleRate, channels, objectType };
}
