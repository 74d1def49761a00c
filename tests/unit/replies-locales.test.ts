import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { LANGS, type Lang } from '../../src/domain/messages.js';
import { checkLocales } from '../../src/replies/locales-check.js';
import { createLocales, loadLocales, type LocaleFile } from '../../src/replies/locales.js';

const run = promisify(execFile);
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

  it('npm run locales:check exits 1 on a broken placeholder and 0 on the real files', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-locales-'));
    for (const [lang, f] of readAll()) writeFileSync(path.join(dir, `${lang}.yaml`), YAML.stringify(f));
    const tsx = path.resolve('node_modules/.bin/tsx');
    const ok = await run(tsx, ['src/cli/locales-check.ts']);
    expect(ok.stdout).toMatch(/^vi: 100% of vi keys/m);
    expect(ok.stdout).toMatch(/^tay: [\d.]+% of vi keys/m);
    const en = YAML.parse(readFileSync(path.join(dir, 'en.yaml'), 'utf8')) as LocaleFile;
    en.strings['handoff.waiting'] = 'I told {commune}; wait {minuts} minutes.';
    writeFileSync(path.join(dir, 'en.yaml'), YAML.stringify(en));
    const bad = await run(tsx, ['src/cli/locales-check.ts', dir]).then(() => null, (err: { code: number; stderr: string }) => err);
    expect(bad?.code).toBe(1);
    expect(bad?.stderr).toMatch(/placeholder mismatch handoff\.waiting/);
  }, 30_000);
});
