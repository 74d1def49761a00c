import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TEST_DATABASE_URL } from './require.js';

export interface TestSchema {
  name: string;
  /** TEST_DATABASE_URL with search_path set to the fresh schema: what DATABASE_URL gets. */
  url: string;
  drop(): Promise<void>;
}

/** A fresh, uniquely named schema per test file, so runs never see each other's rows. */
export async function createTestSchema(prefix = 't'): Promise<TestSchema> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${name}`);
  await admin.end();
  const u = new URL(TEST_DATABASE_URL);
  u.searchParams.set('options', `-c search_path=${name}`);
  return {
    name,
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await c.end();
    },
  };
}
