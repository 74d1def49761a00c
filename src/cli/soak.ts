import { runSoak } from '../soak/run-soak.js';

/**
 * npm run soak -- --instances N --users U --messages M [--kill K] [--json]
 * Needs PostgreSQL: SOAK_DATABASE_URL (or TEST_DATABASE_URL), a server URL where it may create and
 * drop a database; default postgres://postgres@127.0.0.1:5432/postgres.
 */
function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} needs a whole number, got "${process.argv[i + 1] ?? ''}"`);
    process.exit(2);
  }
  return n;
}

const json = process.argv.includes('--json');
const options = {
  instances: Math.max(1, arg('instances', 2)),
  users: Math.max(1, arg('users', 20)),
  messages: Math.max(1, arg('messages', 5)),
  kill: arg('kill', 0),
  databaseUrl: process.env.SOAK_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  log: json ? undefined : (line: string) => console.error(line),
};
if (options.kill > options.instances) {
  console.error('--kill cannot be more than --instances');
  process.exit(2);
}
const report = await runSoak(options);
console.log(json ? JSON.stringify(report) : JSON.stringify(report, null, 2));
const clean = report.settled && report.lostMessages === 0 && report.lostSessionUpdates === 0 && report.outOfOrderReplies === 0 && report.duplicateReplies === 0;
process.exit(clean ? 0 : 1);
