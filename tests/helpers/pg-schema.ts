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

/**
 * True when the instances sharing this schema have nothing left to do for `users`: every message
 * of theirs accepted is answered (its inbox row is deleted in the transaction that queues its
 * replies) and every reply to them taken by its platform.
 */
export async function pgSettled(url: string, users: string[]): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM inbox WHERE inbound->>'userId' = ANY($1)) + (SELECT count(*) FROM outbox WHERE status = 'pending' AND user_id = ANY($1)) AS n`,
      [users],
    );
    return Number(rows[0]?.n) === 0;
  } finally {
    await c.end();
  }
}
