import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminApp, type AdminTestApp } from '../helpers/admin-session.js';
import { createTestSchema, type TestSchema } from '../helpers/pg-schema.js';
import { postgresAvailable } from '../helpers/require.js';
import { DeliveryError } from '../../src/outbox/delivery-error.js';
import { until } from '../helpers/wait.js';

const DEMO_MEMBER = 'Tổ CNSCĐ Tiên Yên (demo)';

/**
 * A new case whose member chats on a channel this server does not run (the demo Tiên Yên member is
 * on Zalo, not configured here): the failure is kept in the shared store, so another instance's
 * /readyz and teams page show it too.
 */
describe.runIf(await postgresAvailable())('failed member notifications, shared by two instances on PostgreSQL', () => {
  let schema: TestSchema;
  let a: AdminTestApp;
  let b: AdminTestApp;

  beforeAll(async () => {
    schema = await createTestSchema('notify');
    a = await startAdminApp({ DATABASE_URL: schema.url });
    b = await startAdminApp({ DATABASE_URL: schema.url });
  }, 60_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await schema?.drop();
  }, 60_000);

  it('a notification that could not go on instance A is on B\'s /readyz (still ready) and teams page', async () => {
    await a.chat('villager-notify', 'gặp người hỗ trợ', { lang: 'vi' });
    await a.chat('villager-notify', '', { lang: 'vi', payload: 'commune:tien-yen' });

    const ready = await b.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().handoffNotifyFailures).toEqual([expect.objectContaining({ name: DEMO_MEMBER, channel: 'zalo', member: 'zalo:demo-member-1', caseId: '1', reason: expect.stringContaining('kênh zalo chưa bật') })]);

    const teams = await b.api('GET', '/admin/api/teams', await b.login('an'));
    expect(teams.body.notifyFailures[0]).toMatchObject({ name: DEMO_MEMBER, caseId: '1' });
  }, 60_000);

  it('"send test message" to a member whose channel is off answers not sent with the reason, and records it', async () => {
    const session = await b.login('an');
    const { body } = await b.api('GET', '/admin/api/teams', session);
    const index = body.members.find((m: { id: string }) => m.id === 'demo-member-1').index;
    const res = await b.api('POST', `/admin/api/teams/members/${index}/test`, session);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sent: false, member: 'zalo:demo-member-1', reason: expect.stringContaining('kênh zalo chưa bật') });
    const after = await a.api('GET', '/admin/api/teams', await a.login('an'));
    expect(after.body.notifyFailures).toHaveLength(2);
    expect((await b.api('POST', '/admin/api/teams/members/999/test', session)).status).toBe(404);
  }, 60_000);

  it('a notification the platform refuses for good (the outbox gives up) is recorded with the platform\'s reason', async () => {
    // Messenger switched on in instance A, with a platform that refuses every message
    a.services.outbox.register('messenger', async () => {
      throw new DeliveryError('(#551) This person isn\'t available right now', false);
    });
    a.services.outbound.register('messenger', {
      send: async (userId, parts) => {
        await a.services.store.enqueueOutbound({ channel: 'messenger', userId, body: parts, nextAttemptAt: 0 });
        a.services.outbox.poke();
      },
    });
    await a.chat('villager-refused', 'gặp người hỗ trợ', { lang: 'vi' });
    await a.chat('villager-refused', '', { lang: 'vi', payload: 'commune:mong-cai-1' });
    const recorded = async () => (await b.services.handoff.failures.list()).find((f) => f.member === 'messenger:demo-member-2');
    expect(await until(async () => (await recorded()) !== undefined, 10_000)).toBe(true);
    expect(await recorded()).toMatchObject({ name: 'Tổ CNSCĐ Móng Cái 1 (demo)', channel: 'messenger', reason: expect.stringContaining("isn't available") });
  }, 60_000);
});
