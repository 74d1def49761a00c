import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkKnowledge } from '../knowledge/load.js';
import { formatProblem, hasErrors } from '../knowledge/problems.js';
import { entryJsonSchemaText, SCHEMA_FILE } from '../knowledge/schema.js';
import { formatStats, knowledgeStats } from '../knowledge/stats.js';
import { today } from '../knowledge/dated.js';
import { loadReformTerms } from '../knowledge/import/rules-files.js';
import { villagerTextProblems } from '../knowledge/villager-text.js';

/**
 * npm run kb:check [-- --dir DIR] [--write-schema] [--quiet-warnings]   (KB_TODAY=YYYY-MM-DD pins "today")
 * Prints every problem as file:line:col, then counts; exits 1 on any error (or a stale schema.json).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, 'write-schema': { type: 'boolean' }, 'quiet-warnings': { type: 'boolean' } } });
  const root = path.resolve(values.dir ?? process.env.KNOWLEDGE_DIR ?? './knowledge');
  const schemaPath = path.join(root, SCHEMA_FILE);
  const schemaText = entryJsonSchemaText();
  if (values['write-schema']) {
    await fs.writeFile(schemaPath, schemaText);
    console.log(`wrote ${path.relative(process.cwd(), schemaPath)}`);
  }
  const started = performance.now();
  const report = await checkKnowledge(root);
  report.problems.push(...(await villagerTextProblems(root, report.entries, report.entryFiles, loadReformTerms(root), today())));
  const ms = Math.round(performance.now() - started);
  const current = await fs.readFile(schemaPath, 'utf8').catch(() => '');
  let stale = false;
  if (current !== schemaText) {
    stale = true;
    console.log(`${SCHEMA_FILE}:1:1 schema.json is out of date with src/knowledge/types.ts; run npm run kb:check -- --write-schema`);
  }
  const shown = values['quiet-warnings'] ? report.problems.filter((p) => p.severity === 'error') : report.problems;
  for (const p of shown) console.log(formatProblem(p));
  const errors = report.problems.filter((p) => p.severity === 'error').length + (stale ? 1 : 0);
  const warnings = report.problems.length - errors + (stale ? 1 : 0);
  console.log('');
  for (const line of formatStats(knowledgeStats(report.entries))) console.log(line);
  console.log(`files: ${report.files}, checked in ${ms} ms; ${errors} error(s), ${warnings} warning(s)`);
  process.exit(hasErrors(report.problems) || stale ? 1 : 0);
}

main().catch((err) => {
  console.error(`kb:check: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
