import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/knowledge/types.js';
import { entryView, isCatalogueOnly } from '../../src/replies/localized-entry.js';
import { createLocales } from '../../src/replies/locales.js';
import { turnLocales } from '../../src/replies/turn-locales.js';

/** Which text of an entry a villager sees in their language, and which locale file a Dao turn reads. */
const base = {
  id: 'x',
  kind: 'procedure',
  curated: true,
  domain: 'civil-status',
  title: 'Đăng ký khai sinh',
  summary: 'Làm giấy khai sinh.',
  steps: [{ text: 'Nộp tờ khai' }],
};
const override = { title: 'Tày: khai sinh', summary: 'Tày: tóm tắt', steps: [{ text: 'Tày: nộp' }], glossary: { 'khai sinh': 'giải thích' } };
const withTay = (tay: Record<string, unknown>) => ({ ...base, tay: { source: 'test', ...tay } }) as unknown as Entry;

describe('entryView', () => {
  it('Vietnamese always shows the entry itself', () => {
    const v = entryView(withTay({ review: 'reviewed', ...override }), 'vi');
    expect(v).toMatchObject({ title: base.title, summary: base.summary, steps: base.steps, glossary: [] });
  });

  it('a reviewed Tày override replaces title, summary and steps, and explains the remaining terms', () => {
    const v = entryView(withTay({ review: 'reviewed', ...override }), 'tay');
    expect(v).toMatchObject({ title: override.title, summary: override.summary, steps: override.steps, glossary: [['khai sinh', 'giải thích']] });
  });

  it('an unreviewed Tày override is never shown: the Vietnamese text is', () => {
    for (const review of ['draft', undefined]) {
      const v = entryView(withTay({ review, ...override }), 'tay');
      expect(v).toMatchObject({ title: base.title, summary: base.summary, steps: base.steps, glossary: [] });
    }
  });

  it('a field reviewed on its own is shown even when the override as a whole is not', () => {
    const v = entryView(withTay({ review: 'draft', ...override, fields: { title: { review: 'reviewed' }, steps: { review: 'draft' } } }), 'tay');
    expect(v.title).toBe(override.title);
    expect(v.summary).toBe(base.summary);
    expect(v.steps).toEqual(base.steps);
    const notField = entryView(withTay({ review: 'reviewed', ...override, fields: { summary: { review: 'draft' } } }), 'tay');
    expect(notField.summary).toBe(base.summary);
    expect(notField.title).toBe(override.title);
  });

  it('English overrides need no review; empty override steps keep the Vietnamese ones', () => {
    const en = { ...base, en: { title: 'Birth registration', steps: [] } } as unknown as Entry;
    const v = entryView(en, 'en');
    expect(v.title).toBe('Birth registration');
    expect(v.summary).toBe(base.summary);
    expect(v.steps).toEqual(base.steps);
    expect(entryView({ ...base, steps: undefined } as unknown as Entry, 'en').steps).toEqual([]);
    expect(entryView(base as unknown as Entry, 'dao').title).toBe(base.title);
  });

  it('only hand-written entries are not catalogue-only', () => {
    expect(isCatalogueOnly(base as unknown as Entry)).toBe(false);
    expect(isCatalogueOnly({ ...base, curated: false } as unknown as Entry)).toBe(true);
  });
});

describe('turnLocales', () => {
  const files = new Map([
    ['vi', { meta: { lang: 'vi', name: 'Tiếng Việt' }, strings: { hello: 'Xin chào {name}', only_vi: 'Chỉ tiếng Việt' } }],
    ['dao', { meta: { lang: 'dao', name: 'Dao', review: 'reviewed' }, strings: { hello: 'Dao chung' } }],
    ['dao-kimmun', { meta: { lang: 'dao-kimmun', name: 'Kim Mun', review: 'reviewed' }, strings: { hello: 'Kim Mun {name}' } }],
  ]) as unknown as Parameters<typeof createLocales>[0];
  const locales = createLocales(files, { warn: () => undefined });

  it('a Dao turn reads the variant the villager chose, and notes every key it showed', () => {
    let variant: 'dao-kimmun' | undefined;
    const shown = new Set<string>();
    const l = turnLocales(locales, () => variant, shown);
    expect(l.t('dao', 'hello', { name: 'A' })).toBe('Dao chung');
    variant = 'dao-kimmun';
    expect(l.t('dao', 'hello', { name: 'A' })).toBe('Kim Mun A');
    expect(l.t('vi', 'hello', { name: 'B' })).toBe('Xin chào B');
    expect(l.t('dao', 'only_vi')).toBe('Chỉ tiếng Việt');
    expect([...shown].sort()).toEqual(['hello', 'only_vi']);
    expect(l.has('dao', 'hello')).toBe(true);
    expect(l.has('dao', 'only_vi')).toBe(locales.has('dao-kimmun' as never, 'only_vi'));
    expect(l.languageName('vi')).toBe(locales.languageName('vi'));
    expect(l.files).toBe(locales.files);
  });
});
