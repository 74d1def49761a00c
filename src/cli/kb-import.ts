import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { levelsFrom, type LevelT } from '../knowledge/import/levels.js';
import { parseColumnMap, ROW_FIELDS } from '../knowledge/import/rows.js';
import { runImport, type ImportSummary } from '../knowledge/import/run-import.js';

const USAGE = `Usage: npm run kb:import -- INPUT... [options]
INPUT is a CSV or JSON catalogue file, a national-portal Markdown page, or a folder of them.
  --map "col=field,..."   map source columns to fields (${ROW_FIELDS.join(', ')})
  --enrich FILE           rows from FILE only fill empty fields of codes found in INPUT (repeatable)
  --source-name NAME      prefix of the dataset path recorded in sources (default: INPUT's parent folder name)
  --levels a,b            levels to keep (default: commune,district,province; also: ministry, other)
  --knowledge DIR         knowledge folder (default: $KNOWLEDGE_DIR or ./knowledge)
  --dry-run               report what would change, write nothing`;

function parseLevels(spec: string): LevelT[] {
  const levels = spec.split(',').flatMap((s) => levelsFrom(s.trim()));
  if (!levels.length) throw new Error(`--levels "${spec}": use commune, district, province, ministry, other`);
  return levels;
}

function progressBar() {
  const bar = new cliProgress.SingleBar({ format: '{label} [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
  let active = false;
  return {
    start(total: number, label: string) {
      if (active) bar.stop();
      bar.start(total, 0, { label: label.padEnd(22) });
      active = true;
    },
    tick: (n: number) => bar.update(n),
    stop() {
      if (active) bar.stop();
      active = false;
    },
  };
}

function printSummary(s: ImportSummary, dryRun: boolean): void {
  console.log(`${dryRun ? '(dry run) ' : ''}added ${s.added}, updated ${s.updated}, unchanged ${s.unchanged}, rejected ${s.rejected}, removed ${s.removed}`);
  console.log(`imported entries by level: ${Object.entries(s.byLevel).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  for (const [reason, codes] of [...s.reasons].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`  rejected ${codes.length}: ${reason} (e.g. ${codes.slice(0, 3).join(', ')})`);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      map: { type: 'string' },
      enrich: { type: 'string', multiple: true },
      'source-name': { type: 'string' },
      levels: { type: 'string' },
      knowledge: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !positionals.length) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const summary = await runImport({
    knowledgeDir: path.resolve(values.knowledge ?? process.env.KNOWLEDGE_DIR ?? './knowledge'),
    inputs: positionals,
    enrich: values.enrich ?? [],
    columns: parseColumnMap(values.map),
    sourceName: values['source-name'],
    levels: values.levels ? parseLevels(values.levels) : ['commune', 'district', 'province'],
    dryRun: values['dry-run'],
    progress: process.stderr.isTTY ? progressBar() : undefined,
  });
  printSummary(summary, !!values['dry-run']);
}

main().catch((err) => {
  console.error(`kb:import: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
