import { afterAll, describe, expect, it } from 'vitest';
import { createMediaPool } from '../../src/media/media-pool.js';
import { mp3Info } from '../../src/media/mp3-info.js';
import { SPEECH_RATE, speechText } from '../../src/replies/speech.js';
import type { Entry } from '../../src/knowledge/types.js';

/** A long answer as the bot reads it: title, summary, six steps, fee, time, place (capped at 600 characters). */
const longAnswer = speechText({
  id: 'x', title: 'Thủ tục đăng ký thường trú cho công dân chuyển đến xã',
  summary: 'Người dân chuyển đến sinh sống ổn định tại xã đăng ký thường trú với công an xã',
  steps: Array.from({ length: 6 }, (_, i) => ({ text: `Chuẩn bị và nộp tờ khai thay đổi thông tin cư trú cùng giấy tờ chứng minh chỗ ở hợp pháp, lần ${i + 1}`, icon: 'form' })),
  fee: 'Hai mươi nghìn đồng', duration: 'Bảy ngày làm việc', where: 'Công an xã nơi cư trú',
} as unknown as Entry);

describe('speech as MP3', () => {
  const pool = createMediaPool(1);
  afterAll(() => pool.close());

  it('speaks a long answer with the WebAssembly eSpeak NG (no system espeak-ng) into a valid MP3 under 300 KB per 45 s', async () => {
    expect(longAnswer.length).toBeGreaterThan(550);
    const r = await pool.run({ kind: 'speech', text: longAnswer, rate: SPEECH_RATE }); // no `wav`: the wasm build speaks, MP3 by default
    if (r.kind !== 'speech') throw new Error('wrong result');
    const info = mp3Info(r.audio); // throws unless every byte belongs to a Layer III frame
    expect(info.sampleRate).toBe(16000);
    expect(info.seconds).toBeGreaterThan(30);
    expect(Math.abs(info.seconds - r.seconds)).toBeLessThan(0.2);
    expect(r.audio.length / 1024 / info.seconds * 45).toBeLessThanOrEqual(300);
  }, 120_000);

  it('rejects what is not an MP3 stream', () => {
    expect(() => mp3Info(new TextEncoder().encode('RIFF....WAVEfmt '))).toThrow(/MP3_INVALID/);
    expect(() => mp3Info(new Uint8Array([0xff, 0xfb, 0x90, 0x00]))).toThrow(/MP3_INVALID/); // one header, frame cut short
  });
});
