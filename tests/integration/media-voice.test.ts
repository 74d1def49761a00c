import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aacInfo } from '../../src/media/aac-info.js';
import { decodeSpeech } from '../../src/media/speech-encoder.js';
import { renderZalo } from '../../src/channels/zalo/render.js';
import path from 'node:path';
import { makeRepliesKnowledge } from '../helpers/replies-fixture.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

describe('the answer read aloud as a Zalo voice message', () => {
  let t: TestApp;
  beforeAll(async () => {
    process.env.SPEECH_ENGINE = 'wasm'; // the npm package speaks: no system espeak-ng needed
    t = await startTestApp({ KNOWLEDGE_DIR: makeRepliesKnowledge(), PUBLIC_BASE_URL: 'https://bot.example.vn', CARD_PRERENDER: 'false' });
  });
  afterAll(async () => {
    delete process.env.SPEECH_ENGINE;
    await t?.close();
  });

  it('gets a signed .aac link that a decoder reads as AAC of the answer\'s length, under 300 KB per 45 s', async () => {
    await t.chat('voice-zalo', 'lam giay khai sinh cho con o dau', { lang: 'vi' });
    const { body } = await t.chat('voice-zalo', 'đọc cho tôi nghe');
    const audio = body.messages.find((p: { type: string }) => p.type === 'audio');
    expect(audio.voiceUrl).toMatch(/^https:\/\/bot\.example\.vn\/media\/audio\/[a-f0-9]{24}\.aac\?s=[\w-]{16}$/);
    // Zalo gets it as a voice message (sendVoice takes an .aac URL), not as a link in a text
    const sent = renderZalo([audio], { userId: 'u1', t: (k: string) => k } as never, 'https://bot.example.vn');
    expect(sent).toEqual([{ method: 'sendVoice', params: { chat_id: 'u1', voice_url: audio.voiceUrl } }]);

    const u = new URL(audio.voiceUrl);
    expect((await t.app.inject(u.pathname)).statusCode).toBe(403); // unsigned: never spoken on demand
    const res = await t.app.inject(u.pathname + u.search);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('audio/aac');
    const info = aacInfo(res.rawPayload); // every byte belongs to an ADTS frame
    expect(info.objectType).toBe(2); // AAC-LC
    expect(info.channels).toBe(1);
    expect(info.seconds).toBeGreaterThan(3);
    expect(res.rawPayload.length / 1024 / info.seconds * 45).toBeLessThanOrEqual(300);
    const pcm = await decodeSpeech(res.rawPayload, 'aac'); // a real decoder plays it back
    expect(Math.abs(pcm.samples.length / pcm.sampleRate - info.seconds)).toBeLessThan(0.2);
    expect(pcm.samples.some((s) => Math.abs(s) > 1000)).toBe(true); // speech, not silence
    // the MP3 of the same answer (Messenger, web chat) sits beside it
    const mp3 = await t.app.inject(new URL(audio.url).pathname + new URL(audio.url).search);
    expect(mp3.headers['content-type']).toBe('audio/mpeg');
    expect(readdirSync(path.join(t.dataDir, 'cache', 'audio')).sort()).toEqual([u.pathname.split('/').pop(), new URL(audio.url).pathname.split('/').pop()].sort());
  }, 120_000);
});
