import { parseArgs } from 'node:util';
import { runFuzz } from '../fuzz/run.js';

/** npm run fuzz -- [--requests N] [--seed S] [--json]: hostile requests at a real bot on a loopback port. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { requests: { type: 'string', default: '10000' }, seed: { type: 'string' }, concurrency: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const report = await runFuzz({
    requests: Number(values.requests),
    seed: values.seed ? Number(values.seed) : undefined,
    concurrency: values.concurrency ? Number(values.concurrency) : undefined,
  });
  const { requests, byStatus, serverErrors, crashes, secretsStored } = report;
  if (values.json) console.log(JSON.stringify({ requests, byStatus, serverErrors, crashes, secretsStored, clientErrors: report.clientErrors, examples: report.examples }));
  else console.log(`requests ${requests}, server errors ${serverErrors}, crashes ${crashes}, secrets stored ${secretsStored}\nby status ${JSON.stringify(byStatus)}`);
  process.exitCode = serverErrors || crashes || secretsStored ? 1 : 0;
}

main().catch((err) => {
  console.error('FUZZ_FAILED:', err);
  process.exit(2);
});
