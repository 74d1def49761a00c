import { describe, expect, it } from 'vitest';
import { buildMatcher } from '../../src/nlu/matcher.js';
import type { Entry } from '../../src/knowledge/types.js';

const faq = (id: string, curated: boolean): Entry => ({
  id, kind: 'faq', curated, title: 'Tem truy xuất nguồn gốc cho mật ong', domain: 'other',
  examples: ['lam tem truy xuat nguon goc cho mat ong o dau'],
});

describe('draft FAQ entries', () => {
  it('are never offered to villagers until an editor marks them curated', () => {
    const lexicon = { replacements: new Map(), languageMarkers: new Map() };
    const draftOnly = buildMatcher({ list: [faq('faq-case-1', false)], lexicon });
    expect(draftOnly.match('lam tem truy xuat nguon goc cho mat ong o dau').candidates).toEqual([]);
    const reviewed = buildMatcher({ list: [faq('faq-case-1', true)], lexicon });
    expect(reviewed.match('lam tem truy xuat nguon goc cho mat ong o dau').candidates[0]?.id).toBe('faq-case-1');
  });
});
