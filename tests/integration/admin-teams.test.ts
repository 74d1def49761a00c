import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminSession } from '../helpers/admin-session.js';
import { startAdminApp, type AdminTestApp } from '../helpers/admin-session.js';

const MEMBER = { id: 'member-ba-che', channel: 'api', name: 'Tổ CNSCĐ Ba Chẽ (test)', communes: ['ba-che'], languages: ['vi', 'dao'], role: 'member' };

describe('teams page API', () => {
  let t: AdminTestApp;
  let admin: AdminSession;
  const teamsFile = () => readFileSync(path.join(t.knowledgeDir, 'teams.yaml'), 'utf8');

  beforeAll(async () => {
    t = await startAdminApp();
    admin = await t.login('an');
  }, 60_000);
  afterAll(async () => t?.close(), 60_000); // closing waits for the outbox and the store: slow on a loaded machine

  it('shows the communes nobody serves, adds a member who then receives the next case from that commune', async () => {
    const before = await t.api('GET', '/admin/api/teams', admin);
    expect(before.status).toBe(200);
    expect(before.body.uncovered.map((c: { code: string }) => c.code)).toContain('ba-che');
    expect(before.body.communes.find((c: { code: string }) => c.code === 'tien-yen').members).toContain('Tổ CNSCĐ Tiên Yên (demo)');
    const header = teamsFile().split('\n').slice(0, 10).join('\n');

    expect((await t.api('POST', '/admin/api/teams/members', admin, MEMBER)).status).toBe(200);
    expect(teamsFile().startsWith(header)).toBe(true); // the file's own comments stay
    const after = await t.api('GET', '/admin/api/teams', admin);
    expect(after.body.uncovered.map((c: { code: string }) => c.code)).not.toContain('ba-che');

    // the directory re-reads the file within a second; wait until it serves the commune, then open a case
    await expect.poll(async () => (await t.services.handoff!.teams.serving('ba-che')).map((m) => m.id), { timeout: 5000, interval: 100 }).toContain(MEMBER.id);
    await t.chat('villager-bc', 'gặp người hỗ trợ', { lang: 'vi' });
    await t.chat('villager-bc', '', { payload: 'commune:ba-che' });
    const inbox = await t.app.inject({ method: 'GET', url: `/api/chat/inbox?user=${MEMBER.id}` });
    expect(inbox.json().messages.map((m: { text?: string }) => m.text ?? '').join('\n')).toMatch(/Ca #\d+[\s\S]*\/nhan/);
  });

  it('edits a member in place, refuses unknown communes, a stale save and other roles', async () => {
    const list = await t.api('GET', '/admin/api/teams', admin);
    const index = list.body.members.findIndex((m: { id: string }) => m.id === 'demo-member-3');
    const m = list.body.members[index];
    const text = teamsFile();
    const edit = await t.api('PUT', `/admin/api/teams/members/${index}?baseHash=${list.body.hash}`, admin, { id: m.id, channel: m.channel, name: m.name, communes: [...m.communes, 'binh-lieu'], languages: m.languages, role: m.role });
    expect(edit.status).toBe(200);
    const changed = teamsFile().split('\n').filter((line, i) => line !== text.split('\n')[i]);
    expect(changed).toEqual(['    communes: [van-don, co-to, binh-lieu]']);
    expect((await t.api('PUT', `/admin/api/teams/members/${index}?baseHash=${list.body.hash}`, admin, { ...MEMBER, id: m.id })).status).toBe(409);
    expect((await t.api('PUT', `/admin/api/teams/members/${index}`, admin, { ...MEMBER, id: m.id, communes: ['atlantis'] })).status).toBe(400);
    expect((await t.api('POST', '/admin/api/teams/members', admin, MEMBER)).status).toBe(400); // listed twice
    const editor = await t.login('binh');
    expect((await t.api('GET', '/admin/api/teams', editor)).status).toBe(403);
  });
});
