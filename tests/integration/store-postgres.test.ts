import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { migrations } from '../../src/store/postgres-schema.js';
import { postgresAvailable } from '../helpers/require.js';
import { createTestSchema, type TestSchema } from '../helpers/pg-schema.js';

const quiet = { warn: () => undefined, error: () => undefined };
const pgReady = await postgresAvailable();
const schemas: TestSchema[] = [];
afterAll(async () => {
  for (const s of schemas) await s.drop();
});

describe.skipIf(!pgReady)('PostgreSQL backend specifics', () => {
  it('runs its migrations once when several instances start together, and again is a no-op', async () => {
    const schema = await createTestSchema('migrate');
    schemas.push(schema);
    const stores = Array.from({ length: 4 }, () => new PostgresStore(schema.url, quiet, 2));
    await Promise.all(stores.map((s) => s.init()));
    const later = new PostgresStore(schema.url, quiet, 2);
    await later.init();
    const c = new pg.Client({ connectionString: schema.url });
    await c.connect();
    const { rows } = await c.query('SELECT version FROM schema_migrations');
    await c.end();
    expect(rows.map((r) => r.version).sort()).toEqual(migrations.map((m) => m.version));
    for (const s of [...stores, later]) await s.close();
  });

  it('says why it is not writable when the database cannot be reached', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r())); // nothing listens there any more
    const store = new PostgresStore(`postgres://postgres@127.0.0.1:${port}/test`, quiet, 1);
    await expect(store.init()).rejects.toThrow(/ECONNREFUSED/);
    expect(await store.checkWritable()).toMatch(/^PostgreSQL unreachable: .*ECONNREFUSED/);
    await store.close();
  });
});
