import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { Entry, KnowledgeBase } from '../../src/knowledge/types.js';
import { SPEECH_RATE, speechAvailable, speechHash, speechText, systemEspeakWav } from '../../src/replies/speech.js';
import { makeRepliesKnowledge } from '../helpers/replies-fixture.js';

/**
 * What the 🔊 button reads aloud and how the system espeak-ng is called. No real voice is
 * needed: a stand-in `espeak-ng` script (a real process) prints the arguments it was given.
 */
let kb: KnowledgeBase;
const dirs: string[] = [];
beforeAll(async () => {
  kb = await loadKnowledge(makeRepliesKnowledge());
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A folder holding an executable `espeak-ng` shell script with the given body. */
function fakeEspeak(body: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-espeak-'));
  dirs.push(dir);
  const bin = path.join(dir, 'espeak-ng');
  writeFileSync(bin, `#!/bin/sh\n${body}\n`);
  chmodSync(bin, 0o755);
  return dir;
}

const entry = (id: string) => kb.entries.get(id)!;

describe('speechText', () => {
  it('reads the name, the sentence, numbered steps, fee, time and place, as sentences', () => {
    const text = speechText(entry('1.001193'));
    expect(text).toBe(
      'Đăng ký khai sinh. Làm giấy khai sinh cho con mới sinh. Bố hoặc mẹ đi đăng ký trong 60 ngày. '
      + 'Bước 1: Chuẩn bị giấy chứng sinh <b>&. Bước 2: Đến bộ phận một cửa UBND xã. Bước 3: Điền tờ khai. '
      + 'Bước 4: Nộp hồ sơ. Bước 5: Chờ cán bộ kiểm tra. Bước 6: Nhận giấy khai sinh. '
      + 'Lệ phí: Miễn phí. Thời gian: Trong ngày. Nộp ở: Bộ phận một cửa UBND xã nơi bố hoặc mẹ cư trú.',
    );
    // the seventh step is left to the card and the chat: six steps are read
    expect(text).not.toContain('Bước 7');
  });

  it('drops "Thủ tục" before the name and says the agency when no place is given', () => {
    expect(speechText(entry('1.000894'))).toBe('đăng ký kết hôn. Nộp ở: Ủy ban nhân dân cấp xã.');
    expect(speechText({ ...entry('1.000894'), title: 'THỦ TỤC   cấp đổi giấy phép' })).toMatch(/^cấp đổi giấy phép\. /);
    expect(speechText({ ...entry('1.000894'), title: 'Cấp thủ tục lại' })).toMatch(/^Cấp thủ tục lại\. /);
  });

  it('says only what the entry holds', () => {
    const bare = { id: 'x', title: 'Đăng ký thường trú' } as unknown as Entry;
    expect(speechText(bare)).toBe('Đăng ký thường trú.');
    expect(speechText({ ...bare, fee: '20.000đ' })).toBe('Đăng ký thường trú. Lệ phí: 20.000đ.');
    expect(speechText({ ...bare, duration: '7 ngày' })).toBe('Đăng ký thường trú. Thời gian: 7 ngày.');
    expect(speechText({ ...bare, steps: [{ text: 'Khai báo trên ứng dụng', icon: 'phone' }] } as Entry)).toBe('Đăng ký thường trú. Bước 1: Khai báo trên ứng dụng.');
  });

  it('one pause between parts: trailing punctuation and spaces of each part are dropped, not doubled', () => {
    const e = { id: 'x', title: 'Đăng ký tạm trú:', summary: ' Cho người ở lại trên 30 ngày.;, ', fee: 'Miễn phí.', duration: '3 ngày', where: 'Công an xã,' } as unknown as Entry;
    expect(speechText(e)).toBe('Đăng ký tạm trú. Cho người ở lại trên 30 ngày. Lệ phí: Miễn phí. Thời gian: 3 ngày. Nộp ở: Công an xã.');
  });

  it('stops a long answer at a whole word before 600 characters, ending the sentence', () => {
    const long = { id: 'x', title: 'Đăng ký thường trú', summary: Array.from({ length: 150 }, (_, i) => `từ${i}`).join(' ') } as unknown as Entry;
    const text = speechText(long);
    expect(text.length).toBeLessThanOrEqual(601);
    expect(text.length).toBeGreaterThan(580);
    expect(text).toMatch(/ từ\d+\.$/);
    const words = new Set(['Đăng', 'ký', 'thường', 'trú.', ...Array.from({ length: 150 }, (_, i) => `từ${i}`)]);
    for (const w of text.slice(0, -1).split(' ')) expect(words.has(w), w).toBe(true);
    // 600 characters exactly are read as they are
    const exact = { id: 'x', title: 'a'.repeat(599) } as unknown as Entry;
    expect(speechText(exact)).toBe(`${'a'.repeat(599)}.`);
  });
});

describe('speechHash', () => {
  it('names the audio by its words: 24 hex characters, the same text the same name, other text another', () => {
    const h = speechHash('Đăng ký khai sinh.');
    expect(h).toMatch(/^[0-9a-f]{24}$/);
    expect(speechHash('Đăng ký khai sinh.')).toBe(h);
    expect(speechHash('Đăng ký kết hôn.')).not.toBe(h);
  });
});

describe('the system espeak-ng', () => {
  const saved = { PATH: process.env.PATH, SPEECH_ENGINE: process.env.SPEECH_ENGINE };
  afterEach(() => {
    process.env.PATH = saved.PATH;
    if (saved.SPEECH_ENGINE === undefined) delete process.env.SPEECH_ENGINE;
    else process.env.SPEECH_ENGINE = saved.SPEECH_ENGINE;
    vi.resetModules();
  });

  /** speech.ts looks the binary up once per process: each case loads a fresh copy. */
  const fresh = async () => {
    vi.resetModules();
    return import('../../src/replies/speech.js');
  };

  it('is found on PATH (empty entries skipped), and looked up once', async () => {
    const dir = fakeEspeak('exit 0');
    process.env.PATH = ['', path.join(dir, 'none'), dir, saved.PATH].join(path.delimiter);
    delete process.env.SPEECH_ENGINE;
    const m = await fresh();
    expect(m.findEspeak()).toBe(path.join(dir, 'espeak-ng'));
    process.env.PATH = '';
    expect(m.findEspeak()).toBe(path.join(dir, 'espeak-ng'));
    expect(m.speechAvailable()).toBe(true);
  });

  it('is not used when missing, or when SPEECH_ENGINE=wasm asks for the bundled voice', async () => {
    process.env.PATH = fakeEspeak('exit 0').replace(/$/, '-missing');
    delete process.env.SPEECH_ENGINE;
    expect((await fresh()).findEspeak()).toBeNull();
    delete process.env.PATH;
    expect((await fresh()).findEspeak()).toBeNull();
    process.env.PATH = fakeEspeak('exit 0');
    process.env.SPEECH_ENGINE = 'wasm';
    const m = await fresh();
    expect(m.findEspeak()).toBeNull();
    // the bundled WebAssembly voice (npm package espeak-ng) is installed in this project
    expect(m.speechAvailable()).toBe(true);
    expect(speechAvailable()).toBe(true);
  });

  it('is called with the Vietnamese voice at the slow rate, WAV on stdout, the text after "--"', async () => {
    const dir = fakeEspeak('for a in "$@"; do printf "%s|" "$a"; done');
    const out = await systemEspeakWav(path.join(dir, 'espeak-ng'), '-v en Đăng ký khai sinh.');
    expect(Buffer.from(out).toString('utf8').split('|')).toEqual(['-v', 'vi', '-s', String(SPEECH_RATE), '--stdout', '--', '-v en Đăng ký khai sinh.', '']);
    expect(SPEECH_RATE).toBeLessThan(175);
  });

  it('returns the bytes it prints, and fails when espeak-ng fails', async () => {
    const dir = fakeEspeak('printf "RIFF\\001\\002"');
    expect([...await systemEspeakWav(path.join(dir, 'espeak-ng'), 'x')]).toEqual([...Buffer.from('RIFF\x01\x02', 'latin1')]);
    const failing = fakeEspeak('echo broken >&2; exit 3');
    await expect(systemEspeakWav(path.join(failing, 'espeak-ng'), 'x')).rejects.toThrow();
  });
});
