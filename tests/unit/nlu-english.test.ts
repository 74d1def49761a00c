import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import type { Entry } from '../../src/knowledge/types.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { composeAnswer } from '../../src/replies/answer.js';
import { loadLocales, type Locales } from '../../src/replies/locales.js';
import { buildMatcher, type Matcher } from '../../src/nlu/matcher.js';
import { ROOT } from '../helpers/process.js';

const textOf = (parts: { type: string; text?: string }[]) => parts.map((p) => p.text ?? '').join('\n');

describe('English questions', () => {
  let kb: KnowledgeBase;
  let matcher: Matcher;
  let locales: Locales;
  beforeAll(async () => {
    [kb, locales] = await Promise.all([loadKnowledge(path.join(ROOT, 'knowledge')), loadLocales(path.join(ROOT, 'locales'), { warn: () => {} })]);
    matcher = buildMatcher(kb);
  }, 60_000);

  it.each([
    ["how do I register my baby's birth", '1.001193'],
    ['marriage registration', '1.000894'],
    ['I lost my ID card', '1.014064'],
    ['health insurance card', '1.014137'],
  ])('"%s" finds the curated entry %s', (text, id) => {
    const o = decide(text, kb, matcher).outcome;
    const shown = o.kind === 'answer' ? o.entryId : o.kind === 'clarify' ? o.candidates.map((c) => c.id) : [];
    expect(shown).toContain(id);
  });

  it('an entry with a draft English title says the English is a draft; one without says English is not available', () => {
    const drafted = kb.entries.get('1.001193')!;
    expect(drafted.en?.review).toBe('draft');
    expect(textOf(composeAnswer(drafted, 'en', locales))).toContain('English draft');
    const plain = { ...kb.entries.get('1.000656')!, en: undefined } as Entry;
    expect(textOf(composeAnswer(plain, 'en', locales))).toContain('not available in English');
    expect(textOf(composeAnswer(plain, 'vi', locales))).not.toContain('English');
  });
});
