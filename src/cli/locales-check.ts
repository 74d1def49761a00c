import { promises as fs } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { LANGS, type Lang } from '../domain/messages.js';
import { checkLocales } from '../replies/locales-check.js';
import type { LocaleFile } from '../replies/locales.js';

/**
 * `npm run locales:check [dir]`: missing and extra keys per language, placeholder mismatches and
 * coverage against vi.yaml. Exits 1 when Vietnamese is incomplete or a placeholder is wrong.
 */
async function main(): Promise<number> {
  const dir = path.resolve(process.argv[2] ?? process.env.LOCALES_DIR ?? 'locales');
  const files = new Map<Lang, LocaleFile>();
  for (const lang of LANGS) {
    const file = path.join(dir, `${lang}.yaml`);
    try {
      files.set(lang, YAML.parse(await fs.readFile(file, 'utf8')) as LocaleFile);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' || lang === 'vi') {
        console.error(`${file}: ${code === 'ENOENT' ? 'missing' : (err as Error).message}`);
        return 1;
      }
    }
  }
  const { reports, errors } = checkLocales(files);
  for (const r of reports) {
    console.log(`${r.lang}: ${r.coverage}% of vi keys (${r.drafts} draft), missing ${r.missing.length}, extra ${r.extra.length}, placeholder mismatches ${r.placeholderMismatches.length}`);
    if (r.lang !== 'vi' && r.missing.length) console.log(`  missing (fall back to Vietnamese): ${r.missing.join(', ')}`);
    if (r.extra.length) console.log(`  extra (not in vi.yaml): ${r.extra.join(', ')}`);
  }
  for (const e of errors) console.error(`ERROR ${e}`);
  return errors.length ? 1 : 0;
}

process.exitCode = await main();
