import path from 'node:path';
import { parseArgs } from 'node:util';
import { today } from '../knowledge/dated.js';
import { loadReformTerms } from '../knowledge/import/rules-files.js';
import { checkKnowledge } from '../knowledge/load.js';
import { formatServedStats, servedStats } from '../knowledge/served-stats.js';
import { isStubAnswer } from '../replies/facts.js';

/** npm run kb:stats [-- --json] [--dir DIR]: what the served entries can tell a villager. KB_TODAY pins "today". */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, json: { type: 'boolean' } } });
  const root = path.resolve(values.dir ?? process.env.KNOWLEDGE_DIR ?? './knowledge');
  const report = await checkKnowledge(root);
  // Only whether a fact is known matters here, not its wording: the message key stands in for the text.
  const keyOnly = (key: string) => key;
  const stats = servedStats(report.entries, loadReformTerms(root), today(), (e) => isStubAnswer(e, keyOnly));
  if (values.json) console.log(JSON.stringify(stats));
  else for (const line of formatServedStats(stats)) console.log(line);
}

main().catch((err) => {
  console.error(`kb:stats: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
