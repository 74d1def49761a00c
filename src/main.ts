import { loadConfig, ConfigError, type Config } from './config.js';
import { buildApp } from './app.js';
import { tuneHeap } from './lib/heap-tuning.js';
import { claimDataDir } from './store/lowdb-owner.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    tuneHeap();
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const { app } = await buildApp(config);
  if (!config.databaseUrl) claimDataDir(config.dataDir); // admin:create refuses to write behind a running lowdb bot
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight turns');
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
}

main().catch((err) => {
  console.error('START_FAILED:', err); // an Error prints with its stack
  process.exit(1);
});
