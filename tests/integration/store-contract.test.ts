import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConversationReferences } from '../../src/channels/botframework/references.js';
import { OaTokenKeeper } from '../../src/channels/zalo-oa/token-keeper.js';
import { newSession } from '../../src/domain/session.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import type { HandoffCase, NewOutboxItem, Store } from '../../src/store/types.js';
import { postgresAvailable } from '../helpers/require.js';
import { createTestSchema, type TestSchema } from '../helpers/pg-schema.js';
import { until } from '../helpers/wait.js';

/**
 * ONE contract every Store backend keeps (after botbuilder's storageBaseTests). Each backend
 * gets a fresh place (a temporary DATA_DIR, a fresh PostgreSQL schema) and `reopen` gives a new
 * Store on the same place, as after a restart.
 */
interface Backend {
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

const quiet = { warn: () => undefined, error: () => undefined };

function lowdbBackend(): Backend {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-contract-'));
  return {
    async open() {
      const s = new LowdbStore(dir, quiet);
      await s.init();
      return s;
    },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let schemas: TestSchema[] = [];
async function postgresBackend(): Promise<Backend> {
  const schema = await createTestSchema('contract');
  schemas.push(schema);
  return {
    async open() {
      const s = new PostgresStore(schema.url, quiet, 5);
      await s.init();
      return s;
    },
    async cleanup() {
      await schema.drop();
      schemas = schemas.filter((x) => x !== schema);
    },
  };
}

const pgReady = await postgresAvailable();
afterAll(async () => {
  for (const s of schemas) await s.drop();
});

const outItem = (userId: string, text: string, channel = 'zalo'): NewOutboxItem => ({ channel, userId, body: { text }, nextAttemptAt: 0 });

function aCase(id: string, over: Partial<HandoffCase> = {}): HandoffCase {
  const now = Date.now();
  return { id, channel: 'zalo', userId: 'u1', lang: 'vi', reason: 'asked', messages: [{ from: 'user', text: 'giúp tôi', at: now }], state: 'open', createdAt: now, updatedAt: now, ...over };
}

/** A fake Zalo OAuth server: each refresh token works once and is rotated; it counts refreshes. */
async function startFakeOauth(): Promise<{ url: string; refreshes: () => number; close(): Promise<void> }> {
  let n = 1;
  let calls = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      calls += 1;
      const given = new URLSearchParams(body).get('refresh_token');
      res.setHeader('content-type', 'application/json');
      if (given !== `refresh-${n}`) return res.end(JSON.stringify({ error: -14014, error_name: 'Invalid refresh token' }));
      n += 1;
      res.end(JSON.stringify({ access_token: `access-${n}`, refresh_token: `refresh-${n}`, expires_in: '90000' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refreshes: () => calls,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const keeperFor = (store: Store, oauthBase: string) => new OaTokenKeeper({
  store, dataDir: '/nonexistent/qnbot-no-data-dir', log: { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as never,
  appId: 'app', appSecret: 'app-secret', oauthBase,
  initial: { accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: Date.now() - 1 },
});

function storeContract(name: string, makeBackend: () => Promise<Backend> | Backend, enabled: boolean): void {
  describe.skipIf(!enabled)(`Store contract: ${name}`, () => {
    let backend: Backend;
    let store: Store;
    const opened: Store[] = [];
    const open = async () => {
      const s = await backend.open();
      opened.push(s);
      return s;
    };
    /** Closes everything and opens the same place again, like a restart. */
    const reopen = async () => {
      for (const s of opened.splice(0)) await s.close();
      return open();
    };

    /** Another instance on the same database (PostgreSQL); lowdb: one process owns DATA_DIR, so the same store. */
    const sibling = async () => (store.kind === 'postgres' ? open() : store);

    beforeEach(async () => {
      backend = await makeBackend();
      store = await open();
    });
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await backend.cleanup();
    });

    it('is writable and says which backend it is', async () => {
      expect(await store.checkWritable()).toBeNull();
      expect(store.kind).toBe(name);
    });

    it('keeps a session across a restart, and hands out copies', async () => {
      expect(await store.getSession('zalo:nobody')).toBeUndefined();
      const s = { ...newSession('zalo', 'u1', 1000), lang: 'tay' as const, candidates: ['a', 'b'], turns: 3 };
      await store.saveSession(s);
      s.turns = 99;
      const got = await store.getSession('zalo:u1');
      expect(got).toMatchObject({ key: 'zalo:u1', lang: 'tay', candidates: ['a', 'b'], turns: 3 });
      got!.turns = 42;
      expect((await store.getSession('zalo:u1'))!.turns).toBe(3);
      const again = await reopen();
      expect((await again.getSession('zalo:u1'))!.candidates).toEqual(['a', 'b']);
    });

    it('marks a message id once, per channel, until it expires; also across a restart', async () => {
      expect(await store.markProcessed('zalo', 'm1', 60_000)).toBe(true);
      expect(await store.markProcessed('zalo', 'm1', 60_000)).toBe(false);
      expect(await store.markProcessed('messenger', 'm1', 60_000)).toBe(true);
      expect(await store.markProcessed('zalo', 'short', 1)).toBe(true);
      expect(await until(() => store.markProcessed('zalo', 'short', 60_000))).toBe(true); // once the 1 ms mark expired
      const again = await reopen();
      expect(await again.markProcessed('zalo', 'm1', 60_000)).toBe(false);
    });

    it('lets exactly one of many simultaneous deliveries of one id through', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => store.markProcessed('zalo', 'race', 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('keeps an accepted inbound until its replies are enqueued, across a restart', async () => {
      const inbound = { channel: 'zalo', userId: 'u1', text: 'cấp căn cước', messageId: 'in-1', time: 1 };
      expect(await store.acceptInbound(inbound, 60_000, 30_000)).toBe(true);
      expect(await store.acceptInbound(inbound, 60_000, 30_000)).toBe(false);
      expect(await store.markProcessed('zalo', 'in-1', 60_000)).toBe(false);
      expect(await store.claimStaleInbound(Date.now(), 10, 30_000)).toEqual([]); // still leased by its acceptor
      const again = await reopen();
      const stale = await again.claimStaleInbound(Date.now() + 31_000, 10, 30_000);
      expect(stale.map((p) => p.inbound)).toEqual([inbound]);
      expect(await again.claimStaleInbound(Date.now() + 32_000, 10, 30_000)).toEqual([]); // re-leased
      const items = await again.completeInbound('zalo', 'in-1', [outItem('u1', 'a'), outItem('u1', 'b')]);
      expect(items.map((i) => i.status)).toEqual(['pending', 'pending']);
      expect(await again.claimStaleInbound(Date.now() + 100_000, 10, 30_000)).toEqual([]);
      // a second run of the same message (taken over after its lease) enqueues nothing more
      expect(await again.completeInbound('zalo', 'in-1', [outItem('u1', 'a again')])).toEqual([]);
      expect(await again.acceptInbound(inbound, 60_000, 30_000)).toBe(false);
      const third = await reopen();
      expect((await third.listOutbound({ status: 'pending' })).map((o) => o.body)).toEqual([{ text: 'a' }, { text: 'b' }]);
    });

    it('claims only the oldest pending item of each user, and never one that is leased', async () => {
      const a1 = await store.enqueueOutbound(outItem('A', 'a1'));
      const a2 = await store.enqueueOutbound(outItem('A', 'a2'));
      const b1 = await store.enqueueOutbound(outItem('B', 'b1'));
      expect(a1).toMatchObject({ status: 'pending', attempts: 0 });
      expect(a2.seq).toBeGreaterThan(a1.seq);
      const now = Date.now();
      expect((await store.claimDueOutbound(now, 10, 30_000)).map((o) => o.body)).toEqual([{ text: 'a1' }, { text: 'b1' }]);
      expect(await store.claimDueOutbound(now, 10, 30_000)).toEqual([]);
      await store.markOutboundSent(a1.id, now);
      expect((await store.claimDueOutbound(now, 10, 30_000)).map((o) => o.id)).toEqual([a2.id]);
      // b1's lease runs out (its worker died): it can be claimed again
      expect((await store.claimDueOutbound(now + 31_000, 10, 30_000)).map((o) => o.id)).toContain(b1.id);
    });

    it('reschedules a failed send and keeps a final failure with its error', async () => {
      const x = await store.enqueueOutbound(outItem('C', 'x'));
      const y = await store.enqueueOutbound(outItem('C', 'y'));
      const now = Date.now();
      await store.claimDueOutbound(now, 10, 30_000);
      await store.markOutboundFailed(x.id, 'HTTP 500', now + 5_000);
      expect(await store.claimDueOutbound(now + 1_000, 10, 30_000)).toEqual([]); // y waits behind x
      const retry = await store.claimDueOutbound(now + 6_000, 10, 30_000);
      expect(retry.map((o) => [o.id, o.attempts])).toEqual([[x.id, 1]]);
      await store.markOutboundFailed(x.id, 'HTTP 400 bad chat_id', null);
      const failed = await store.listOutbound({ status: 'failed' });
      expect(failed).toMatchObject([{ id: x.id, status: 'failed', attempts: 2, lastError: 'HTTP 400 bad chat_id' }]);
      expect((await store.claimDueOutbound(now + 6_000, 10, 30_000)).map((o) => o.id)).toEqual([y.id]);
      await store.markOutboundSent(y.id, now + 7_000);
      expect(await store.listOutbound({ status: 'sent' })).toMatchObject([{ id: y.id, sentAt: now + 7_000, attempts: 1 }]);
    });

    it('lists outbox items by id, whatever their state (the test-message outcome reads them)', async () => {
      const a = await store.enqueueOutbound(outItem('D', 'a'));
      await store.enqueueOutbound(outItem('D', 'b'));
      const c = await store.enqueueOutbound(outItem('E', 'c'));
      await store.markOutboundSent(c.id, Date.now());
      const found = await store.listOutbound({ ids: [a.id, c.id] });
      expect(found.map((o) => [o.id, o.status])).toEqual([[a.id, 'pending'], [c.id, 'sent']]);
      expect(await store.listOutbound({ ids: [c.id], status: 'pending' })).toEqual([]);
    });

    it('never hands one item to two simultaneous claimers', async () => {
      for (let u = 0; u < 30; u++) await store.enqueueOutbound(outItem(`u${u}`, 'hi'));
      // PostgreSQL: a second instance on the same database; lowdb: one process owns DATA_DIR
      const other = store.kind === 'postgres' ? await open() : store;
      const now = Date.now();
      const [x, y] = await Promise.all([store.claimDueOutbound(now, 20, 30_000), other.claimDueOutbound(now, 20, 30_000)]);
      const ids = [...x, ...y].map((o) => o.id);
      expect(new Set(ids).size).toBe(ids.length);
      if (store.kind === 'postgres') expect(ids).toHaveLength(30);
    });

    it('keeps pending outbox items across a restart', async () => {
      await store.enqueueOutbound(outItem('D', 'after restart'));
      const again = await reopen();
      expect((await again.claimDueOutbound(Date.now(), 10, 30_000)).map((o) => o.body)).toEqual([{ text: 'after restart' }]);
    });

    it('assigns a case to exactly one of many members who click at once', async () => {
      await store.saveCase(aCase('QN-1'));
      const results = await Promise.all(['an', 'binh', 'chi', 'dung', 'em'].map((m) => store.assignCase('QN-1', m, 5000)));
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ state: 'assigned', assignedAt: 5000, updatedAt: 5000 });
      expect(await store.getCase('QN-1')).toMatchObject({ state: 'assigned', assignee: winners[0]!.assignee });
      expect(await store.assignCase('QN-1', 'late', 6000)).toBeNull();
      expect(await store.assignCase('missing', 'an', 6000)).toBeNull();
    });

    it('lists cases newest first, by state and by user, across a restart', async () => {
      await store.saveCase(aCase('c1', { createdAt: 1, userId: 'u1' }));
      await store.saveCase(aCase('c2', { createdAt: 2, userId: 'u2', state: 'closed', closedAt: 3 }));
      await store.saveCase(aCase('c3', { createdAt: 3, userId: 'u1' }));
      await store.saveCase({ ...aCase('c3', { createdAt: 3, userId: 'u1' }), state: 'answered', answeredAt: 9 });
      const again = await reopen();
      expect((await again.listCases({})).map((c) => c.id)).toEqual(['c3', 'c2', 'c1']);
      expect((await again.listCases({ state: ['open', 'answered'] })).map((c) => c.id)).toEqual(['c3', 'c1']);
      expect((await again.listCases({ userKey: 'zalo:u2' })).map((c) => c.id)).toEqual(['c2']);
      expect((await again.listCases({ limit: 1 })).map((c) => c.id)).toEqual(['c3']);
      expect(await again.getCase('c3')).toMatchObject({ state: 'answered', answeredAt: 9, messages: [{ text: 'giúp tôi' }] });
    });

    it('numbers cases without ever repeating a number, across a restart', async () => {
      const first = await Promise.all(Array.from({ length: 10 }, () => store.nextCaseNumber()));
      expect(new Set(first).size).toBe(10);
      const again = await reopen();
      expect(await again.nextCaseNumber()).toBeGreaterThan(Math.max(...first));
    });

    it('records events and feedback and lists the newest within a filter, oldest first', async () => {
      for (let i = 1; i <= 5; i++) await store.recordEvent({ at: i * 10, channel: 'zalo', lang: 'vi', decision: i % 2 ? 'answer' : 'fallback', entryId: i % 2 ? `e${i}` : null, text: `q${i}`, userKey: `zalo:u${i % 2}` });
      expect((await store.listEvents({})).map((e) => e.text)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5']);
      expect((await store.listEvents({ since: 25 })).map((e) => e.at)).toEqual([30, 40, 50]);
      expect((await store.listEvents({ decisions: ['fallback'] })).map((e) => e.text)).toEqual(['q2', 'q4']);
      expect((await store.listEvents({ limit: 2 })).map((e) => e.text)).toEqual(['q4', 'q5']);
      expect((await store.listEvents({ userKey: 'zalo:u0' })).map((e) => e.text)).toEqual(['q2', 'q4']);
      expect((await store.listEvents({ userKey: 'zalo:u1', limit: 2 })).map((e) => e.text)).toEqual(['q3', 'q5']);
      await store.recordFeedback({ at: 1, userKey: 'zalo:u1', entryId: 'e1', useful: true });
      await store.recordFeedback({ at: 2, userKey: 'zalo:u2', entryId: 'e1', useful: false, question: 'sai' });
      const again = await reopen();
      expect(await again.listFeedback({ since: 2 })).toEqual([{ at: 2, userKey: 'zalo:u2', entryId: 'e1', useful: false, question: 'sai' }]);
      expect(await again.listEvents({ limit: 1 })).toMatchObject([{ text: 'q5', entryId: 'e5' }]);
    });

    it('keeps admin users, and a save replaces the user', async () => {
      expect(await store.getAdminUser('lan')).toBeUndefined();
      await store.saveAdminUser({ name: 'lan', role: 'editor', passwordHash: 'h1', createdAt: 1 });
      await store.saveAdminUser({ name: 'minh', role: 'team', passwordHash: 'h2', createdAt: 2 });
      await store.saveAdminUser({ name: 'lan', role: 'admin', passwordHash: 'h3', createdAt: 1 });
      const again = await reopen();
      expect(await again.getAdminUser('lan')).toEqual({ name: 'lan', role: 'admin', passwordHash: 'h3', createdAt: 1 });
      expect((await again.listAdminUsers()).map((u) => u.name).sort()).toEqual(['lan', 'minh']);
    });

    it('keeps settings, shared with another instance and across a restart', async () => {
      const other = await sibling();
      expect(await store.getSetting('zalo-oa.tokens')).toBeUndefined();
      await store.saveSetting('zalo-oa.tokens', '{"accessToken":"a"}');
      await store.saveSetting('zalo-oa.tokens', '{"accessToken":"b"}');
      await store.saveSetting('plain', 'just text');
      expect(await other.getSetting('zalo-oa.tokens')).toBe('{"accessToken":"b"}');
      const again = await reopen();
      expect(await again.getSetting('plain')).toBe('just text');
    });

    it('refreshes the Zalo OA token once for two instances, and both use the new pair', async () => {
      const oauth = await startFakeOauth();
      try {
        const other = await sibling();
        const a = keeperFor(store, oauth.url);
        const b = keeperFor(other, oauth.url);
        await Promise.all([a.load(), b.load()]);
        const tokens = await Promise.all([a.accessToken(), b.accessToken(), a.accessToken(), b.accessToken()]);
        expect(tokens).toEqual(['access-2', 'access-2', 'access-2', 'access-2']);
        expect(oauth.refreshes()).toBe(1);
        // a third instance starting now reads the new pair instead of the spent one from the environment
        const c = keeperFor(await sibling(), oauth.url);
        await c.load();
        expect(await c.accessToken()).toBe('access-2');
        expect(JSON.parse((await other.getSetting('zalo-oa.tokens'))!)).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
        // the token is refused (-216) on one instance: it refreshes with the rotated refresh token, the other follows
        expect(await a.refresh('access-2')).toBe('access-3');
        expect(await b.refresh('access-2')).toBe('access-3');
        expect(oauth.refreshes()).toBe(2);
      } finally {
        await oauth.close();
      }
    });

    it('never spends a refresh token twice when saving the new pair fails', async () => {
      const oauth = await startFakeOauth();
      try {
        let failSaves = 1;
        const flaky = new Proxy(store, {
          get(target, prop, receiver) {
            if (prop === 'saveSetting') {
              return async (key: string, value: string) => {
                if (failSaves-- > 0) throw new Error('disk full');
                return target.saveSetting(key, value);
              };
            }
            const v = Reflect.get(target, prop, receiver);
            return typeof v === 'function' ? v.bind(target) : v;
          },
        });
        const keeper = keeperFor(flaky, oauth.url);
        await expect(keeper.accessToken()).rejects.toThrow('disk full');
        expect(await keeper.accessToken()).toBe('access-2'); // saved now, not refreshed again
        expect(oauth.refreshes()).toBe(1);
        expect(JSON.parse((await store.getSetting('zalo-oa.tokens'))!)).toMatchObject({ refreshToken: 'refresh-2', previousRefreshToken: 'refresh-1' });
      } finally {
        await oauth.close();
      }
    });

    it('finds a Bot Framework conversation reference another instance learned', async () => {
      const ref = { serviceUrl: 'https://smba.example/', conversation: { id: 'conv-1' }, bot: { id: 'bot', name: 'bot' } };
      await new ConversationReferences(store).remember('bf-user', ref as never);
      expect(await new ConversationReferences(await sibling()).get('bf-user')).toEqual(ref);
      expect(await new ConversationReferences(store).get('nobody')).toBeUndefined();
    });

    it('serialises one user across instances: 30 concurrent session updates, all kept', async () => {
      const other = await sibling();
      await store.saveSession(newSession('zalo', 'busy', 1));
      const bump = (s: Store) => s.withLock('user:zalo:busy', async () => {
        const session = (await s.getSession('zalo:busy'))!;
        await new Promise((r) => setImmediate(r)); // a turn does work between reading and writing
        await s.saveSession({ ...session, turns: session.turns + 1 });
      });
      await Promise.all(Array.from({ length: 30 }, (_, i) => bump(i % 2 ? other : store)));
      expect((await store.getSession('zalo:busy'))!.turns).toBe(30);
      // re-entrant: a nested call for the same lock runs at once instead of waiting for itself
      expect(await store.withLock('user:zalo:busy', () => store.withLock('user:zalo:busy', async () => 'inner'))).toBe('inner');
    });

    it('lists a user\'s accepted inbounds oldest first', async () => {
      for (const id of ['m1', 'm2', 'm3']) await store.acceptInbound({ channel: 'zalo', userId: 'u9', text: id, messageId: id, time: 1 }, 60_000, 30_000);
      await store.acceptInbound({ channel: 'zalo', userId: 'other', text: 'x', messageId: 'x1', time: 1 }, 60_000, 30_000);
      expect((await (await sibling()).pendingInboundOf('zalo', 'u9', 10)).map((p) => p.inbound.messageId)).toEqual(['m1', 'm2', 'm3']);
      await store.completeInbound('zalo', 'm1', []);
      expect((await store.pendingInboundOf('zalo', 'u9', 1)).map((p) => p.inbound.messageId)).toEqual(['m2']);
    });

    it('hands a dead instance\'s accepted messages to another at once, without waiting out the lease', async () => {
      const inbound = { channel: 'zalo', userId: 'u7', text: 'hi', messageId: 'dead-1', time: 1 };
      if (store.kind === 'postgres') {
        const doomed = await open();
        expect(await doomed.acceptInbound(inbound, 60_000, 600_000)).toBe(true);
        expect(await store.claimStaleInbound(Date.now(), 10, 30_000)).toEqual([]); // its owner lives
        await doomed.close(); // as kill -9: its connections close
        expect((await store.claimStaleInbound(Date.now(), 10, 30_000)).map((p) => p.inbound.messageId)).toEqual(['dead-1']);
        expect(await store.claimStaleInbound(Date.now(), 10, 30_000)).toEqual([]); // now ours, leased
      } else {
        expect(await store.acceptInbound(inbound, 60_000, 600_000)).toBe(true);
        const again = await reopen(); // one process owns DATA_DIR: a restart is the only takeover
        expect((await again.claimStaleInbound(Date.now(), 10, 30_000)).map((p) => p.inbound.messageId)).toEqual(['dead-1']);
      }
    });

    it('escalates and closes a case once when two instances race', async () => {
      const other = await sibling();
      await store.saveCase(aCase('race-1'));
      const escalated = await Promise.all([store.escalateCase('race-1', 7000), other.escalateCase('race-1', 7001), store.escalateCase('race-1', 7002)]);
      expect(escalated.filter(Boolean)).toHaveLength(1);
      expect(await other.getCase('race-1')).toMatchObject({ state: 'open', escalatedAt: escalated.find(Boolean)!.escalatedAt });
      const closed = await Promise.all([store.closeCase('race-1', 'zalo:an', 8000), other.closeCase('race-1', 'zalo:binh', 8001)]);
      expect(closed.filter(Boolean)).toHaveLength(1);
      expect(await store.getCase('race-1')).toMatchObject({ state: 'closed', closedBy: closed.find(Boolean)!.closedBy });
      expect(await store.escalateCase('race-1', 9000)).toBeNull(); // a closed case is never escalated
      expect(await store.assignCase('race-1', 'chi', 9000)).toBeNull();
      expect(await store.closeCase('missing', 'x', 9000)).toBeNull();
    });

    it('revokes an admin session everywhere and across a restart', async () => {
      const now = Date.now();
      expect(await store.adminSessionRevoked('nonce-1', now)).toBe(false);
      await store.revokeAdminSession('nonce-1', now + 60_000);
      expect(await (await sibling()).adminSessionRevoked('nonce-1', now)).toBe(true);
      expect(await store.adminSessionRevoked('nonce-1', now + 61_000)).toBe(false); // expired tokens are refused anyway
      const again = await reopen();
      expect(await again.adminSessionRevoked('nonce-1', now)).toBe(true);
    });

    it('counts sign-in attempts from every instance together', async () => {
      const other = await sibling();
      const now = Date.now();
      const hits = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? other : store).hitCounter('login-ip:1.2.3.4', 60_000, now)));
      expect(hits.map((h) => h.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await other.readCounter('login-ip:1.2.3.4', now + 1)).toMatchObject({ count: 20, resetAt: now + 60_000 });
      expect((await store.hitCounter('login-ip:1.2.3.4', 60_000, now + 60_000)).count).toBe(1); // a new window
      await other.resetCounter('login-ip:1.2.3.4');
      expect((await store.readCounter('login-ip:1.2.3.4', now + 60_001)).count).toBe(0);
    });

    it('shares the web chat inbox: pushed on one instance, taken once on another, in order', async () => {
      const other = await sibling();
      await store.pushChatInbox('web-1', [{ type: 'text', text: 'một' }], 1);
      await store.pushChatInbox('web-1', [{ type: 'text', text: 'hai' }], 2);
      await store.pushChatInbox('web-2', [{ type: 'text', text: 'khác' }], 3);
      expect(await other.takeChatInbox('web-1')).toEqual([[{ type: 'text', text: 'một' }], [{ type: 'text', text: 'hai' }]]);
      expect(await store.takeChatInbox('web-1')).toEqual([]);
      expect(await store.takeChatInbox('web-2')).toHaveLength(1);
    });

    it('keeps the knowledge history, newest first, by entry', async () => {
      const change = (id: string, entryId: string, at: number) => ({ id, at, user: 'lan', file: `knowledge/procedures/x/${entryId}.yaml`, entryId, before: null, after: 'id: x', diff: '+id: x' });
      await store.recordKnowledgeChange(change('k1', 'cccd', 1));
      await store.recordKnowledgeChange(change('k2', 'khai-sinh', 2));
      await store.recordKnowledgeChange(change('k3', 'cccd', 3));
      const again = await reopen();
      expect((await again.listKnowledgeChanges({})).map((c) => c.id)).toEqual(['k3', 'k2', 'k1']);
      expect((await again.listKnowledgeChanges({ entryId: 'cccd' })).map((c) => c.id)).toEqual(['k3', 'k1']);
      expect((await again.listKnowledgeChanges({ limit: 1 })).map((c) => c.id)).toEqual(['k3']);
      expect(await again.getKnowledgeChange('k2')).toMatchObject({ entryId: 'khai-sinh', diff: '+id: x' });
      expect(await again.getKnowledgeChange('nope')).toBeUndefined();
    });
  });
}

storeContract('lowdb', lowdbBackend, true);
storeContract('postgres', postgresBackend, pgReady);
