import path from 'node:path';
import { fitCalibration } from '../bench/calibrate.js';
import { evaluateConversations, readConversations } from '../bench/conversations.js';
import { evaluate, wrongConfidentAnswers, type EvalResult } from '../bench/evaluate.js';
import { readQuestions } from '../bench/questions.js';
import { loadKnowledge } from '../knowledge/load.js';
import { buildMatcher } from '../nlu/matcher.js';

/**
 * npm run eval -- --questions FILE [--json] [--kb DIR] [--misses] [--calibrate]
 * npm run eval -- --conversations FILE [--json] [--kb DIR] [--misses]
 * Runs each question through the real decision and prints accuracy, out-of-scope precision /
 * recall, clarify rate and latency: a table, or one JSON object with --json. Conversations are
 * played turn by turn with the dialogue state carried over; per-turn accuracy and wrong
 * confident answers are reported.
 */
async function main(argv: string[]): Promise<number> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const file = arg('--questions');
  const kbDir = path.resolve(arg('--kb') ?? process.env.KNOWLEDGE_DIR ?? 'knowledge');
  const convFile = arg('--conversations');
  if (convFile) return conversations(convFile, kbDir, argv);
  if (!file) {
    console.error('usage: npm run eval -- --questions FILE [--json] [--kb DIR] [--misses] [--calibrate]\n       npm run eval -- --conversations FILE [--json] [--kb DIR] [--misses]');
    return 2;
  }
  const [questions, kb] = await Promise.all([readQuestions(file), loadKnowledge(kbDir)]);
  const matcher = buildMatcher(kb);
  const unknown = questions.filter((q) => q.expect && q.expect !== 'none' && !kb.entries.has(q.expect));
  for (const q of unknown) console.error(`warning: ${file}:${q.line}: expect "${q.expect}" is not in the knowledge base`);
  if (argv.includes('--calibrate')) {
    const fit = fitCalibration(questions, matcher);
    console.log(`fitted on ${fit.n} labelled questions (log loss ${fit.loss.toFixed(3)}); put into src/nlu/confidence.ts:`);
    console.log(`export const CALIBRATION = ${JSON.stringify(fit.weights).replace(/"/g, '').replace(/,/g, ', ').replace(/:/g, ': ')};`);
    return 0;
  }
  const { summary, results } = evaluate(questions, kb, matcher);
  if (argv.includes('--json')) {
    await writeOut(JSON.stringify({ summary, results: results.map(({ text, decision, intent, top }) => ({ text, decision, ...(intent ? { intent } : {}), top })) }) + '\n');
    return 0;
  }
  printTable(results, argv.includes('--misses'));
  console.log(`\n${kb.list.length} entries · ${questions.length} questions (${summary.labelled} labelled, ${summary.outOfScope} out of scope)`);
  console.table([{ ...summary }]);
  console.log(`wrong confident answers: ${wrongConfidentAnswers(results)}`);
  return 0;
}

async function conversations(file: string, kbDir: string, argv: string[]): Promise<number> {
  const [convs, kb] = await Promise.all([readConversations(file), loadKnowledge(kbDir)]);
  const matcher = buildMatcher(kb);
  for (const c of convs) {
    for (const t of c.turns) {
      const id = t.entry ?? t.tap;
      if (id && !kb.entries.has(id)) console.error(`warning: ${file}:${c.line}: entry "${id}" is not in the knowledge base`);
    }
  }
  const { summary, results } = evaluateConversations(convs, kb, matcher);
  if (argv.includes('--json')) {
    await writeOut(JSON.stringify({ summary, results }) + '\n');
    return 0;
  }
  const rows = results.filter((r) => !argv.includes('--misses') || !r.right).map((r) => ({
    conv: r.conversation, turn: r.turn, text: r.text.slice(0, 44), expect: `${r.expect}${r.entry ? ` ${r.entry}` : ''}`, got: `${r.decision}${r.entryId ? ` ${r.entryId.slice(0, 30)}` : ''}`, ok: r.right ? '✓' : r.wrongConfident ? '✗✗' : '✗',
  }));
  if (rows.length) console.table(rows);
  console.table([{ ...summary }]);
  return 0;
}

/** Resolves once the text is flushed, so a pipe gets all of it before the process exits. */
function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
}

function printTable(results: EvalResult[], missesOnly: boolean): void {
  const rows = results
    .filter((r) => !missesOnly || (r.expect && !isRight(r)))
    .map((r) => ({
      text: r.text.slice(0, 48),
      expect: r.expect ?? '',
      decision: r.intent ? `${r.decision}:${r.intent}` : r.decision,
      top1: r.top[0] ? `${r.top[0].id} ${r.top[0].confidence}` : '',
      ok: r.expect ? (isRight(r) ? '✓' : '✗') : '',
    }));
  if (rows.length) console.table(rows);
}

function isRight(r: EvalResult): boolean {
  const offers = r.decision === 'answer' || r.decision === 'clarify';
  return r.expect === 'none' ? !offers : offers && r.top[0]?.id === r.expect;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
