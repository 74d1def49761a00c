import type { CollectionLogger } from './lowdb-collection.js';
import type { Store } from './types.js';

/** Placeholder until the PostgreSQL backend lands (issue 9). */
export class PostgresStore {
  constructor(readonly url: string, readonly log: CollectionLogger) {
    throw new Error('STORE_UNAVAILABLE: the PostgreSQL backend is not built yet; unset DATABASE_URL');
  }
}
export type _Check = Store;
