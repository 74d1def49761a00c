import pg from 'pg';
import { MAX_QUEUED_PER_USER } from '../../src/core/turn.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Inbound } from '../../src/domain/messages.js';
import { Inbox } from '../../src/store/inbox.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { PASSWORD, type AdminTestApp } from '../helpers/admin-session.js';
import { createTestSchema, type TestSchema } from '../helpers/pg-schema.js';
import { postgresAvailable } from '../helpers/require.js';

/**
 * Two instances of the bot (two in-process apps, or two stores) on one PostgreSQL schema: what one
 * does, the other sees; one user's turns never interleave; replies keep the order of messages.
 */
const pgReady = await postgresAvailable();
/**
 * Each app from its own fresh module graph, as in two processes: nothing module-level (the
 * in-process per-user queue of the turn handler) is shared between them, only the database.
 */
async function separateInstance(env: Record<string, string>): Promise<AdminTestApp> {
  vi.resetModules();
  const { startAdminApp } = await import('../helpers/admin-session.js');
  return startAdminApp(env);
}

const quiet = { warn: () => undefined, error: () => undefined, info: () => undefined, debug: () => undefined } as never;

describe.skipIf(!pgReady)('state shared by two instances on one PostgreSQL', () => {
  let schema: TestSchema;
  let a: AdminTestApp;
  let b: AdminTestApp;
  beforeAll(async () => {
    schema = await createTestSchema('shared');
    a = await separateInstance({ DATABASE_URL: schema.url });
    b = await separateInstance({ DATABASE_URL: schema.url });
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await schema?.drop();
  });

  it('keeps every session update of one user writing to both instances at once', async () => {
    // Rounds of 10 at once (5 per instance): each instance queues at most MAX_QUEUED_PER_USER turns
    // of one user, so a bigger burst would be refused with 429 by design (see the flood tests).
    const results = [];
    for (let round = 0; round < 3; round++) {
      results.push(...(await Promise.all(Array.from({ length: 2 * MAX_QUEUED_PER_USER }, (_, i) => (i % 2 ? b : a).chat('web-busy', i % 3 ? 'làm căn cước' : 'đăng ký khai sinh')))));
    }
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect((await a.services.store.getSession('api:web-busy'))!.turns).toBe(30);
  }, 60_000);

  it('signs a session out everywhere: signed out on A, refused on B', async () => {
    const session = await a.login('an');
    expect((await b.api('GET', '/admin/api/me', session)).status).toBe(200);
    expect((await a.api('POST', '/admin/api/logout', session, {})).status).toBe(200);
    expect((await b.api('GET', '/admin/api/me', session)).status).toBe(401);
  });

  it('locks an account out on every instance after repeated failures, even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const inst = i % 2 ? b : a;
      const res = await inst.app.inject({ method: 'POST', url: '/admin/api/login', payload: { user: 'binh', password: 'wrong password' }, remoteAddress: `10.0.0.${i}` });
      expect(res.statusCode).toBe(401);
    }
    const locked = await b.app.inject({ method: 'POST', url: '/admin/api/login', payload: { user: 'binh', password: PASSWORD }, remoteAddress: '10.0.0.9' });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers one user\'s messages in the order they were accepted, whichever instance runs them', async () => {
    const [s1, s2] = [new PostgresStore(schema.url, quiet, 3), new PostgresStore(schema.url, quiet, 3)];
    await Promise.all([s1.init(), s2.init()]);
    const order: string[] = [];
    const inboxes = [new Inbox(s1, quiet), new Inbox(s2, quiet)];
    inboxes.forEach((inbox, i) => inbox.register('zalo', async (m) => {
      order.push(m.messageId);
      await (i ? s2 : s1).completeInbound('zalo', m.messageId, []);
    }));
    const msgs: (Inbound & { messageId: string })[] = Array.from({ length: 6 }, (_, i) => ({ channel: 'zalo', userId: 'ordered', text: `m${i}`, messageId: `m${i}`, time: i }));
    for (const [i, m] of msgs.entries()) expect(await inboxes[i % 2]?.accept(m)).toBe(true);
    // the newest reaches its instance's worker first
    for (const [i, m] of [...msgs.entries()].reverse()) inboxes[i % 2]?.process(m);
    await Promise.all(inboxes.map((x) => x.stop()));
    expect(order).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    await Promise.all([s1.close(), s2.close()]);
  });

  it('starts a case with what the villager said on the other instance, from their session: the statistics events may be gone', async () => {
    for (const text of ['làm căn cước', 'mã OTP của tôi là 483920', 'đăng ký khai sinh']) expect((await a.chat('web-case', text)).status).toBe(200);
    const db = new pg.Client({ connectionString: schema.url });
    await db.connect();
    await db.query('DELETE FROM events'); // pruned, sampled or switched off: a case never depends on them
    await db.end();
    expect((await b.chat('web-case', 'gặp người hỗ trợ')).body.match.decision).toBe('handoff');
    const caseId = (await b.services.store.getSession('api:web-case'))?.handoffCaseId;
    const opened = await a.services.store.getCase(caseId ?? '');
    expect(opened?.messages.map((m) => [m.from, m.text])).toEqual([['user', 'làm căn cước'], ['user', 'đăng ký khai sinh'], ['user', 'gặp người hỗ trợ']]);
  });
});
