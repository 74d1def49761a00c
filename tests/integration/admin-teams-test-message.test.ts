import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminApp, type AdminSession, type AdminTestApp } from '../helpers/admin-session.js';
import { startFakeZaloRecorder, type FakeZaloRecorder } from '../helpers/fake-zalo-recorder.js';
import { until } from '../helpers/wait.js';

const MEMBER = 'demo-member-1'; // on Zalo in knowledge/teams.yaml

/**
 * "Gửi tin thử" says what the platform did with the message (a fake Zalo Bot API on loopback is
 * the far end; the real outbox sends to it): delivered, refused for good with its reason,
 * refused for now (the outbox retries), or no answer within ADMIN_TEST_MESSAGE_WAIT_MS.
 */
describe('"send test message" on the teams page waits for the outbox item\'s outcome', () => {
  let fake: FakeZaloRecorder;
  let t: AdminTestApp;
  let admin: AdminSession;
  let index: number;

  const test = () => t.api('POST', `/admin/api/teams/members/${index}/test`, admin);
  const toMember = () => fake.delivered.filter((d) => d.chatId === MEMBER).length;

  beforeAll(async () => {
    fake = await startFakeZaloRecorder();
    t = await startAdminApp({ ZALO_BOT_TOKEN: '1234567890:test-message', ZALO_WEBHOOK_SECRET: 'test-message-secret', ZALO_API_BASE: fake.url, ADMIN_TEST_MESSAGE_WAIT_MS: '3000' });
    admin = await t.login('an');
    index = (await t.api('GET', '/admin/api/teams', admin)).body.members.find((m: { id: string }) => m.id === MEMBER).index;
  }, 120_000);

  afterAll(async () => {
    fake?.setMode('ok');
    await t?.close();
    await fake?.close();
  }, 60_000);

  it('delivered: the platform took the message', async () => {
    const res = await test();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sent: true, status: 'delivered', member: `zalo:${MEMBER}` });
    expect(toMember()).toBe(1);
    expect(JSON.stringify(fake.delivered[0]?.body)).toContain('Tin thử');
  }, 60_000);

  it('failed: the platform refused it for good; the reason is shown and recorded on the page', async () => {
    fake.setMode('403');
    const res = await test();
    expect(res.body).toMatchObject({ sent: false, status: 'failed', reason: expect.stringContaining('Forbidden: the user has not followed the bot') });
    const recorded = async () => (await t.api('GET', '/admin/api/teams', admin)).body.notifyFailures.some((f: { member: string; reason: string }) => f.member === `zalo:${MEMBER}` && f.reason.includes('Forbidden'));
    expect(await until(recorded, 10_000)).toBe(true);
  }, 60_000);

  it('retrying: the platform failed for now; the reason is given and the outbox delivers it later', async () => {
    fake.setMode('500');
    const res = await test();
    expect(res.body).toMatchObject({ sent: false, status: 'retrying', reason: expect.stringContaining('500') });
    fake.setMode('ok');
    expect(await until(async () => toMember() === 2, 30_000)).toBe(true);
  }, 60_000);

  it('pending: no answer from the platform within the wait ("đang gửi")', async () => {
    fake.setMode('hang');
    const res = await test();
    expect(res.body).toEqual({ sent: false, status: 'pending', member: `zalo:${MEMBER}` });
    fake.setMode('ok');
  }, 60_000);
});
