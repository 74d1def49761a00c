/**
 * npm run bench [-- --only matcher|load|send|startup|cards|audio|save] [-- --json]: every benchmark in one process,
 * printed as tables. Each part lives in src/bench/<part>.ts and exports run(args), which may
 * resolve figures for the JSON line; with --json they are merged and printed as the last line.
 */
// natural (a baseline) loads dotenv, which prints tips into the tables otherwise.
process.env.DOTENV_CONFIG_QUIET ??= 'true';

const parts = ['matcher', 'load', 'send', 'startup', 'cards', 'audio', 'save'] as const;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const onlyIdx = args.indexOf('--only');
  const only = onlyIdx >= 0 ? args[onlyIdx + 1] : undefined;
  const figures: Record<string, unknown> = {};
  for (const part of parts) {
    if (only && only !== part) continue;
    let mod: { run(args: string[]): Promise<Record<string, unknown> | undefined> };
    try {
      mod = await import(`../bench/${part}.js`);
    } catch (err) {
      console.log(`## ${part}: not available (${(err as Error).message.split('\n')[0]})`);
      continue;
    }
    console.log(`\n## ${part}`);
    Object.assign(figures, (await mod.run(args)) ?? {});
  }
  if (args.includes('--json')) console.log(JSON.stringify(figures));
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
