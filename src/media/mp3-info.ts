/** MPEG audio Layer III frames found by walking the file header to header. */
export interface Mp3Info {
  frames: number;
  seconds: number;
  sampleRate: number;
  kbps: number;
}

const KBPS_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const KBPS_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/**
 * Checks that `bytes` is an MP3 stream from the first byte to the last (after an optional ID3v2
 * tag): every frame starts with a valid Layer III header and the next follows exactly where the
 * header says. Throws on anything else; used by tests and the bench to prove what a phone gets.
 */
export function mp3Info(bytes: Uint8Array): Mp3Info {
  let at = 0;
  if (bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) {
    at = 10 + ((bytes[6]! << 21) | (bytes[7]! << 14) | (bytes[8]! << 7) | bytes[9]!);
  }
  let frames = 0;
  let samples = 0;
  let sampleRate = 0;
  let bits = 0;
  while (at < bytes.length) {
    if (at + 4 > bytes.length) throw new Error(`MP3_INVALID: truncated header at byte ${at}`);
    const [b0, b1, b2] = [bytes[at]!, bytes[at + 1]!, bytes[at + 2]!];
    const version = (b1 >> 3) & 3;
    const layer = (b1 >> 1) & 3;
    if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0 || version === 1 || layer !== 1) throw new Error(`MP3_INVALID: no Layer III frame header at byte ${at}`);
    const kbps = (version === 3 ? KBPS_V1 : KBPS_V2)[b2 >> 4];
    const rate = RATES[version]![(b2 >> 2) & 3];
    if (!kbps || !rate) throw new Error(`MP3_INVALID: bad bitrate or sample rate at byte ${at}`);
    const padding = (b2 >> 1) & 1;
    const perFrame = version === 3 ? 1152 : 576;
    const length = Math.floor(((perFrame / 8) * kbps * 1000) / rate) + padding;
    if (at + length > bytes.length) throw new Error(`MP3_INVALID: frame at byte ${at} runs past the end`);
    frames++;
    samples += perFrame;
    sampleRate = rate;
    bits += length * 8;
    at += length;
  }
  if (frames === 0) throw new Error('MP3_INVALID: no frames');
  const seconds = samples / sampleRate;
  return { frames, seconds, sampleRate, kbps: Math.round(bits / seconds / 1000) };
}
