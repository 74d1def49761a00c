import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardFontsAvailable } from '../../src/replies/card.js';
import { findEspeak } from '../../src/replies/speech.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeRepliesKnowledge } from '../helpers/replies-fixture.js';
import { requireOrSkip } from '../helpers/require.js';

const fonts = requireOrSkip('card fonts', cardFontsAvailable(), 'DejaVu Sans missing (apt-get install fonts-dejavu-core)');
const espeak = requireOrSkip('espeak-ng', !!findEspeak(), 'espeak-ng not on PATH (apt-get install espeak-ng)');

describe('GET /media/*', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ KNOWLEDGE_DIR: makeRepliesKnowledge(), PUBLIC_BASE_URL: 'https://bot.example.vn' });
  });
  afterAll(async () => t?.close());

  it.runIf(fonts)('serves the card an answer points to, as a PNG under 200 KB, cached on disk', async () => {
    const { body } = await t.chat('card-user', 'lam giay khai sinh cho con o dau', { lang: 'vi' });
    const image = body.messages.find((p: { type: string }) => p.type === 'image');
    expect(image.url).toBe('https://bot.example.vn/media/cards/1.001193.vi.png');
    const res = await t.app.inject(new URL(image.url).pathname);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.rawPayload.length).toBeLessThanOrEqual(200 * 1024);
    expect(res.rawPayload.readUInt32BE(16)).toBe(720);
    const again = await t.app.inject(new URL(image.url).pathname);
    expect(again.rawPayload.equals(res.rawPayload)).toBe(true);
    expect(readdirSync(path.join(t.dataDir, 'cache', 'cards')).filter((f) => f.endsWith('.png'))).toHaveLength(1);
  });

  it.each([
    ['an unknown id', '/media/cards/9.999999.vi.png'],
    ['an unknown language', '/media/cards/1.001193.fr.png'],
    ['no language', '/media/cards/1.001193.png'],
    ['a dot-dot id', '/media/cards/...vi.png'],
    ['an encoded traversal', '/media/cards/..%2F..%2Fpackage.json.vi.png'],
    ['an encoded slash', '/media/cards/1.001193%2F.vi.png'],
    ['a traversal', '/media/cards/../../package.json'],
    ['an unknown audio hash', '/media/audio/0123456789abcdef01234567.wav'],
    ['an audio traversal', '/media/audio/..%2F..%2Fpackage.json'],
  ])('answers 404 to %s', async (_name, url) => {
    const res = await t.app.inject(url);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it.runIf(espeak)('reads the answer aloud: 🔊 gives an audio part whose URL serves a WAV', async () => {
    await t.chat('voice-user', 'lam giay khai sinh cho con o dau', { lang: 'vi' });
    const { body } = await t.chat('voice-user', 'đọc cho tôi nghe');
    const audio = body.messages.find((p: { type: string }) => p.type === 'audio');
    expect(audio.url).toMatch(/^https:\/\/bot\.example\.vn\/media\/audio\/[a-f0-9]{24}\.wav$/);
    const tapped = await t.chat('voice-user', '', { payload: 'audio:1.001193' });
    expect(tapped.body.messages.find((p: { type: string }) => p.type === 'audio').url).toBe(audio.url);
    const res = await t.app.inject(new URL(audio.url).pathname);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('audio/wav');
    expect(res.rawPayload.subarray(0, 4).toString()).toBe('RIFF');
    expect(res.rawPayload.length).toBeGreaterThan(20_000);
    expect(existsSync(path.join(t.dataDir, 'cache', 'audio', `${audio.url.split('/').pop()}`))).toBe(true);
  }, 30_000);
});
