import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { detectLanguage } from '../../src/nlu/detect-language.js';

const markers = new Map<string, 'tay' | 'dao'>([['slèng', 'tay'], ['chom bái', 'tay'], ['maiv', 'dao'], ['zuqc', 'dao']]);

describe('detectLanguage (marker lexicon, not a generic language-ID library)', () => {
  it.each([
    ['Nỉ slèng bấu?', 'tay'],
    ['ni sleng bau', 'tay'],
    ['chom bái noọng', 'tay'],
    ['pjom bái, khai sinh ở đâu', 'tay'],
    ['maiv zuqc', 'dao'],
    ['hnoi hnyangx', 'dao'],
    ['how do I register a birth', 'en'],
    ['where can I get an identity card please', 'en'],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text, markers)).toBe(lang);
  });

  it.each([
    'lam giay khai sinh cho con o dau',
    'làm thẻ căn cước mất bao lâu',
    'the can cuoc lam o dau', // "the" is thẻ, not English
    'dang ky ket hon can giay to gi',
    'ngax nhuw the naof', // telex keystrokes end in x, not Dao
    'cap lai so do bi mat',
    'hello',
    'ok',
    '',
    '😀😀',
  ])('leaves Vietnamese and short or unclear text alone: %s', (text) => {
    expect(detectLanguage(text, markers)).toBeNull();
  });
});

describe('detectLanguage on the real Vietnamese texts', () => {
  // ~12 s over every real text: left out of `npm run mutate`, where it would run again for each of ~100 mutants.
  it.skipIf(process.env.QNBOT_MUTATION_RUN === '1')('detects no other language in any entry title, example or Vietnamese eval question', async () => {
    const kb = await loadKnowledge(path.resolve('knowledge'));
    const evalTexts = readFileSync(path.resolve('tests/eval/dev.jsonl'), 'utf8').split('\n').filter(Boolean)
      .map((l) => JSON.parse(l) as { text: string; lang?: string }).filter((q) => !q.lang || q.lang === 'vi').map((q) => q.text);
    const texts = [...kb.list.flatMap((e) => [e.title, ...(e.examples ?? [])]), ...evalTexts];
    const wrong = texts.filter((t) => detectLanguage(t, kb.lexicon.languageMarkers) !== null);
    expect(wrong).toEqual([]);
  });
});
