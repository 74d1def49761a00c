import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LANGS } from '../../src/domain/messages.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { composeAnswer } from '../../src/replies/compose.js';
import { composeFollowup } from '../../src/replies/followup.js';
import { loadLocales, type Locales } from '../../src/replies/locales.js';
import { expectWithinLimits } from '../helpers/reply-limits.js';

/** Renders the real knowledge base's entries in every language and checks the reply limits. */
describe('replies for the real knowledge base', () => {
  let kb: KnowledgeBase;
  let locales: Locales;
  beforeAll(async () => {
    kb = await loadKnowledge(path.resolve('knowledge'));
    locales = await loadLocales(path.resolve('locales'), { warn: () => undefined });
  });

  it.each(LANGS)('every curated entry in %s: ≤ 600 characters a text, ≤ 6 steps, valid buttons', (lang) => {
    const curated = kb.list.filter((e) => e.curated);
    for (const e of curated) {
      const parts = composeAnswer(e, lang, locales, { baseUrl: 'https://bot.example.vn' });
      expectWithinLimits(parts);
      expect(parts.some((p) => p.type === 'image')).toBe(true);
      expectWithinLimits(composeFollowup(e, 'documents', lang, locales));
    }
  });

  it.each(LANGS)('catalogue-only entries in %s stay short and honest', (lang) => {
    const catalogue = kb.list.filter((e) => !e.curated);
    const sample = catalogue.filter((_, i) => i % Math.max(1, Math.floor(catalogue.length / 200)) === 0);
    for (const e of sample) {
      const parts = composeAnswer(e, lang, locales, { baseUrl: 'https://bot.example.vn' });
      expectWithinLimits(parts);
      expect(JSON.stringify(parts)).toContain('"payload":"handoff"');
    }
  });
});
