import { promises as fs } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { loadConfig } from '../config.js';
import { LANGS } from '../domain/messages.js';
import { trafficCoverage } from '../i18n/coverage.js';
import { DAO_VARIANTS, type TranslationLang } from '../domain/languages.js';
import { countViews, type ViewCounts } from '../i18n/views.js';
import { loadKnowledge } from '../knowledge/load.js';
import type { Entry } from '../knowledge/types.js';
import { checkLocales } from '../replies/locales-check.js';
import type { LocaleFile } from '../replies/locales.js';
import { openStore } from '../store/open-store.js';

/**
 * `npm run locales:check [dir] [--json]`: missing and extra keys per language, placeholder
 * mismatches and coverage against vi.yaml, plus coverage by traffic (what villagers were shown in
 * the last 30 days, from the configured store). Exits 1 when Vietnamese is incomplete or a
 * placeholder is wrong.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const dir = path.resolve(args.find((a) => !a.startsWith('--')) ?? process.env.LOCALES_DIR ?? 'locales');
  const files = new Map<string, LocaleFile>();
  for (const lang of [...LANGS, ...DAO_VARIANTS]) {
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
  const traffic = await trafficData();
  const coverage = (lang: string) => (traffic ? trafficCoverage(lang as TranslationLang, files.get(lang), traffic.entries, traffic.views) : null);
  if (json) {
    const languages = Object.fromEntries(reports.filter((r) => r.lang !== 'dao').map((r) => {
      const strings = Object.keys(files.get(r.lang)?.strings ?? {}).length;
      return [r.lang, { strings, reviewed: strings - r.drafts, draft: r.drafts, coverage: r.coverage, trafficCoverage: coverage(r.lang), missing: r.missing.length }];
    }));
    console.log(JSON.stringify({ languages, trafficDays: 30, turns: traffic?.views.turns ?? null, errors }, null, 2));
    return errors.length ? 1 : 0;
  }
  for (const r of reports) {
    const tc = coverage(r.lang);
    console.log(`${r.lang}: ${r.coverage}% of vi keys (${r.drafts} draft), missing ${r.missing.length}, extra ${r.extra.length}, placeholder mismatches ${r.placeholderMismatches.length}${tc === null ? '' : `, ${tc}% of the last 30 days' traffic reviewed`}`);
    if (r.lang !== 'vi' && r.missing.length) console.log(`  missing (fall back to Vietnamese): ${r.missing.join(', ')}`);
    if (r.extra.length) console.log(`  extra (not in vi.yaml): ${r.extra.join(', ')}`);
  }
  for (const e of errors) console.error(`ERROR ${e}`);
  return errors.length ? 1 : 0;
}

/** Views from the configured store (DATA_DIR or DATABASE_URL) and the entries; null when unreadable. */
async function trafficData(): Promise<{ views: ViewCounts; entries: Map<string, Entry> } | null> {
  const quiet = { warn: () => undefined, error: () => undefined, info: () => undefined, debug: () => undefined };
  try {
    const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
    const store = await openStore(config, quiet as never);
    try {
      const views = await countViews(store);
      // the whole knowledge base takes seconds to load: only when villagers were answered from it
      const kb = views.entries.size ? await loadKnowledge(config.knowledgeDir).catch(() => null) : null;
      return { views, entries: kb?.entries ?? new Map() };
    } finally {
      await store.close();
    }
  } catch (err) {
    console.error(`locales:check: traffic coverage unavailable (${(err as Error).message})`);
    return null;
  }
}

process.exitCode = await main();
