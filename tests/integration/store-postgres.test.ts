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

  it('groups the webhooks that arrive while the accept statements are under way into the next one', async () => {
    const schema = await createTestSchema('group');
    schemas.push(schema);
    const store = new PostgresStore(schema.url, quiet, 2);
    await store.init();
    // count the accept statements (the accept pool's queries)
    const acceptPool = (store as unknown as { acceptPool: pg.Pool }).acceptPool;
    const query = acceptPool.query.bind(acceptPool) as (...args: unknown[]) => Promise<unknown>;
    let statements = 0;
    (acceptPool as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
      statements += 1;
      return query(...args);
    };
    const blocker = new pg.Client({ connectionString: schema.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE processed IN ACCESS EXCLUSIVE MODE');
    const inbound = (n: number) => ({ channel: 'zalo', userId: `g${n % 5}`, text: 'khai sinh', messageId: `group-${n}`, time: n });
    const accepts: Promise<boolean>[] = [];
    try {
      // two webhooks in two turns of the event loop: two statements, both stuck behind the lock
      accepts.push(store.acceptInbound(inbound(0), 60_000, 60_000));
      await new Promise((r) => setImmediate(r));
      accepts.push(store.acceptInbound(inbound(1), 60_000, 60_000));
      expect(await until(async () => ((await blocker.query("SELECT 1 FROM pg_locks WHERE NOT granted AND relation = 'processed'::regclass")).rowCount ?? 0) >= 2)).toBe(true);
      // thirty more, each in its own turn of the loop, as webhooks arrive
      for (let n = 2; n < 32; n++) {
        accepts.push(store.acceptInbound(inbound(n), 60_000, 60_000));
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      await blocker.query('COMMIT');
      await blocker.end();
    }
    expect(await Promise.all(accepts)).toEqual(accepts.map(() => true));
    expect(statements).toBe(3); // one per loop turn before: 32
    expect((await store.pendingInboundOf('zalo', 'g0', 50)).map((p) => p.inbound.messageId)).toEqual(['group-0', 'group-5', 'group-10', 'group-15', 'group-20', 'group-25', 'group-30']);
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
