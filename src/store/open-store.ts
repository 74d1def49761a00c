import type { Config } from '../config.js';
import type { CollectionLogger } from './lowdb-collection.js';
import { LowdbStore } from './lowdb-store.js';
import type { Store } from './types.js';

/** Chooses the backend in one place: PostgreSQL when DATABASE_URL is set, else lowdb files. */
export async function openStore(config: Config, log: CollectionLogger): Promise<Store> {
  let store: Store;
  if (config.databaseUrl) {
    const { PostgresStore } = await import('./postgres-store.js');
    store = new PostgresStore(config.databaseUrl, log);
  } else {
    store = new LowdbStore(config.dataDir, log);
  }
  await store.init();
  return store;
}
