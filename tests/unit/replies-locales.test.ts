import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { LANGS, type Lang } from '../../src/domain/messages.js';
import { checkLocales } from '../../src/replies/locales-check.js';
import { createLocales, loadLocales, type LocaleFile } from '../../src/replies/locales.js';

const readAll = () => new Map(LANGS.map((l) => [l, YAML.parse(readFileSync(path.resolve('locales', `${l}.yaml`), 'utf8')) as LocaleFile]));

describe('locales', () => {
  let files: Map<Lang, LocaleFile>;
  beforeAll(() => {
    files = readAll();
  });

  it('has a complete Vietnamese reference and no placeholder mismatches or unsourced Tày/Dao strings', () => {
    const { reports, errors } = checkLocales(files);
    expect(errors).toEqual([]);
    expect(reports.find((r) => r.lang === 'vi')!.coverage).toBe(100);
  });

  it('marks every Tày and Dao string with a review status and a source', () => {
    const all = new Map([...files, ...(['dao-iumien', 'dao-kimmun'] as const).map((l) => [l, YAML.parse(readFileSync(path.resolve('locales', `${l}.yaml`), 'utf8')) as LocaleFile] as const)]);
    for (const lang of ['tay', 'dao', 'dao-iumien', 'dao-kimmun'] as const) {
      const f = all.get(lang)!;
      for (const key of Object.keys(f.strings)) {
        expect(f.review?.[key], `${lang} ${key}`).toMatch(/^(reviewed|draft)$/);
        expect(f.sources?.[key], `${lang} ${key}`).toBeTruthy();
      }
    }
  });

  it('catches a broken placeholder', () => {
    const broken = readAll();
    broken.get('en')!.strings['lang.set'] = 'Language: {nme}.';
    const { errors } = checkLocales(broken);
    expect(errors).toContainEqual(expect.stringMatching(/^en: placeholder mismatch lang\.set: \{nme\} vs vi \{name\}/));
  });

  it('falls back to Vietnamese for an untranslated key, logs it, and never shows a raw key', async () => {
    const warnings: object[] = [];
    const locales = await loadLocales(path.resolve('locales'), { warn: (o) => warnings.push(o) });
    expect(locales.t('dao', 'label.fee')).toBe('Lệ phí');
    expect(warnings).toContainEqual({ lang: 'dao', key: 'label.fee' });
    // every Tày/Dao card and reply falls back on draft strings: once per language and key, not a log line each time
    expect(locales.t('dao', 'label.fee')).toBe('Lệ phí');
    expect(warnings.filter((w) => JSON.stringify(w) === JSON.stringify({ lang: 'dao', key: 'label.fee' }))).toHaveLength(1);
    const empty = createLocales(new Map([['vi', { meta: { lang: 'vi', name: 'Tiếng Việt' }, strings: {} }]]), { warn: () => undefined });
    expect(empty.t('tay', 'no.such.key')).not.toContain('no.such.key');
  });
});
