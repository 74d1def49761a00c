import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mp3Info } from '../../src/media/mp3-info.js';
import { cardFontsAvailable } from '../../src/replies/card.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeRepliesKnowledge } from '../helpers/replies-fixture.js';
import { requireOrSkip } from '../helpers/require.js';
import { until } from '../fakes/fake-platform.js';

const fonts = requireOrSkip('card fonts', cardFontsAvailable(), 'DejaVu Sans missing (apt-get install fonts-dejavu-core)');

/** How many card renders the server has run so far (its render latency histogram's count). */
async function cardRenders(t: TestApp): Promise<number> {
  const text = (await t.app.inject('/metrics')).body;
  return Number(/^qnbot_render_seconds_count\{kind="card"\} (\d+)$/m.exec(text)?.[1] ?? 0);
}

describe('GET /media/*', () => {
  let t: TestApp;
  let cardLink: string;
  beforeAll(async () => {
    t = await startTestApp({ KNOWLEDGE_DIR: makeRepliesKnowledge(), PUBLIC_BASE_URL: 'https://bot.example.vn' });
    const { body } = await t.chat('card-user', 'lam giay khai sinh cho con o dau', { lang: 'vi' });
    const image = body.messages.find((p: { type: string }) => p.type === 'image');
    cardLink = new URL(image.url).pathname + new URL(image.url).search;
  });
  afterAll(async () => t?.close());

  it.runIf(fonts)('an unsigned link never starts a render: 403 until the card is made from a signed one', async () => {
    const before = await cardRenders(t);
    const res = await t.app.inject('/media/cards/1.001193.en.png');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    expect(await t.app.inject('/media/cards/1.001193.en.png?s=AAAAAAAAAAAAAAAA').then((r) => r.statusCode)).toBe(403);
    expect(await cardRenders(t)).toBe(before);
  });

  it.runIf(fonts)('30 concurrent first requests for one card: all 200, the same PNG, one render, one file', async () => {
    expect(cardLink).toMatch(/^\/media\/cards\/1\.001193\.vi\.png\?s=[\w-]{16}$/);
    const before = await cardRenders(t);
    const all = await Promise.all(Array.from({ length: 30 }, () => t.app.inject(cardLink)));
    expect(all.map((r) => r.statusCode)).toEqual(Array(30).fill(200));
    expect(all.every((r) => r.rawPayload.equals(all[0]!.rawPayload))).toBe(true);
    expect(all[0]!.headers['content-type']).toBe('image/png');
    expect(all[0]!.rawPayload.length).toBeLessThanOrEqual(200 * 1024);
    expect(all[0]!.rawPayload.readUInt32BE(16)).toBe(720);
    expect(await cardRenders(t)).toBe(before + 1);
    const dir = path.join(t.dataDir, 'cache', 'cards');
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^[a-f0-9]{32}\.png$/)]); // no temporary file left
    // once made, the plain link (e.g. shared onward) is served from the cache
    expect((await t.app.inject('/media/cards/1.001193.vi.png')).statusCode).toBe(200);
  });

  it.each([
    ['an unknown id', '/media/cards/9.999999.vi.png'],
    ['an unknown language', '/media/cards/1.001193.fr.png'],
    ['no language', '/media/cards/1.001193.png'],
    ['a dot-dot id', '/media/cards/...vi.png'],
    ['an encoded traversal', '/media/cards/..%2F..%2Fpackage.json.vi.png'],
    ['an encoded slash', '/media/cards/1.001193%2F.vi.png'],
    ['a traversal', '/media/cards/../../package.json'],
    ['an unknown audio hash', '/media/audio/0123456789abcdef01234567.mp3'],
    ['an old WAV link', '/media/audio/0123456789abcdef01234567.wav'],
    ['an audio traversal', '/media/audio/..%2F..%2Fpackage.json'],
  ])('answers 404 to %s', async (_name, url) => {
    const res = await t.app.inject(url);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('reads the answer aloud without the system espeak-ng: the 🔊 link serves a valid MP3', async () => {
    process.env.SPEECH_ENGINE = 'wasm';
    try {
      await t.chat('voice-user', 'lam giay khai sinh cho con o dau', { lang: 'vi' });
      const { body } = await t.chat('voice-user', 'đọc cho tôi nghe');
      const audio = body.messages.find((p: { type: string }) => p.type === 'audio');
      expect(audio.url).toMatch(/^https:\/\/bot\.example\.vn\/media\/audio\/[a-f0-9]{24}\.mp3\?s=[\w-]{16}$/);
      const u = new URL(audio.url);
      expect((await t.app.inject(u.pathname)).statusCode).toBe(403); // unsigned: never spoken on demand
      const res = await t.app.inject(u.pathname + u.search);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('audio/mpeg');
      const info = mp3Info(res.rawPayload);
      expect(info.seconds).toBeGreaterThan(3);
      expect(res.rawPayload.length / 1024 / info.seconds * 45).toBeLessThanOrEqual(300);
      expect(readdirSync(path.join(t.dataDir, 'cache', 'audio'))).toEqual([u.pathname.split('/').pop()]);
    } finally {
      delete process.env.SPEECH_ENGINE;
    }
  }, 60_000);
});

describe.runIf(fonts)('card pre-rendering', () => {
  let t: TestApp;
  afterAll(async () => t?.close());

  it('draws the curated entries\' cards in every language in the background after start, so plain links work', async () => {
    t = await startTestApp({ KNOWLEDGE_DIR: makeRepliesKnowledge(), CARD_PRERENDER: 'true' });
    // unsigned links never render: each answers 200 only once the background pass drew that card
    const links = ['1.001193', 'test-thuong-tru'].flatMap((id) => ['vi', 'tay', 'dao', 'en'].map((lang) => `/media/cards/${id}.${lang}.png`));
    const served = async () => (await Promise.all(links.map((l) => t.app.inject(l)))).every((r) => r.statusCode === 200);
    expect(await until(served, 60_000)).toBe(true);
    expect((await t.app.inject('/media/cards/1.000894.vi.png')).statusCode).toBe(403); // catalogue-only: drawn on demand only
  }, 90_000);
});
