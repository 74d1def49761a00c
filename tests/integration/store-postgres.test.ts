import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { migrations } from '../../src/store/postgres-schema.js';
import { postgresAvailable } from '../helpers/require.js';
import { createTestSchema, type TestSchema } from '../helpers/pg-schema.js';
import { until } from '../helpers/wait.js';

const quiet = { warn: () => undefined, error: () => undefined };
const pgReady = await postgresAvailable();
const schemas: TestSchema[] = [];
afterAll(async () => {
  for (const s of schemas) await s.drop();
});

describe.skipIf(!pgReady)('PostgreSQL backend specifics', () => {
  it('keeps a webhook while turns hold every pooled connection: the ack waits, it is not refused with 503', async () => {
    const schema = await createTestSchema('busy');
    schemas.push(schema);
    const store = new PostgresStore(schema.url, quiet, 1); // one query connection, as on a loaded instance
    await store.init();
    const blocker = new pg.Client({ connectionString: schema.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE');
    // a "turn" holds the only query connection, waiting on the lock, for longer than a checkout may wait
    const turn = store.getSession('zalo:busy-user');
    try {
      // Seen in pg_locks, not pg_stat_activity: a statement waiting while it is parsed still shows the connection's previous query text there.
      expect(await until(async () => ((await blocker.query("SELECT 1 FROM pg_locks WHERE NOT granted AND relation = 'sessions'::regclass")).rowCount ?? 0) >= 1)).toBe(true);
      const inbound = { channel: 'zalo', userId: 'busy-user', text: 'khai sinh', messageId: 'busy-1', time: 1 };
      // before the fix the accept queued behind the turn and failed STORE_UNAVAILABLE when the checkout wait ran out
      expect(await store.acceptInbound(inbound, 60_000, 60_000)).toBe(true);
      expect(await store.acceptInbound({ ...inbound }, 60_000, 60_000)).toBe(false); // the platform's retry is a duplicate
    } finally {
      await blocker.query('COMMIT');
      await blocker.end();
    }
    expect(await turn).toBeUndefined();
    expect((await store.pendingInboundOf('zalo', 'busy-user', 10)).map((p) => p.inbound.messageId)).toEqual(['busy-1']);
    await store.close();
  });

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
