import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/admin/password.js';
import { startHandoffWorld, type HandoffWorld } from './handoff-fixture.js';

describe('handoff: turning cases into knowledge, and refusing what cannot be', () => {
  let w: HandoffWorld;
  beforeEach(async () => {
    w = await startHandoffWorld();
  });
  afterEach(async () => {
    await w.close();
  });

  async function answeredCase(question: string): Promise<void> {
    await w.app.chat('v1', question);
    await w.app.chat('v1', 'gặp người hỗ trợ');
    await w.app.chat('v1', '', { payload: 'commune:tien-yen' });
    await w.say('zalo', 'demo-member-1', '/nhan 1');
    await w.say('zalo', 'demo-member-1', '/tl 1 Bạn ra UBND xã mang theo giấy chứng sinh.');
  }

  it('refuses unknown cases, unanswered cases and unknown entries with clear errors', async () => {
    const h = w.app.services.handoff!;
    await expect(h.promoteCaseToExample('42', '1.001193')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await w.app.chat('v2', 'gặp người hỗ trợ');
    await expect(h.promoteCaseToExample('1', '1.001193')).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/no answer/) });
    await expect(h.draftFaqFromCase('1')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('adds the example once, keeps the file\'s comments, and refuses a second FAQ draft', async () => {
    const file = path.join(w.knowledgeDir, 'procedures/civil-status/1.001193.yaml');
    writeFileSync(file, `# keep this comment\n${readFileSync(file, 'utf8')}`);
    await answeredCase('bé nhà tôi đẻ ở bản chưa có giấy chứng sinh');
    const h = w.app.services.handoff!;
    await expect(h.promoteCaseToExample('1', 'no-such-entry')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await h.promoteCaseToExample('#1', '1.001193')).changed).toBe(true);
    expect((await h.promoteCaseToExample('1', '1.001193')).changed).toBe(false);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# keep this comment/);
    expect(text.match(/bé nhà tôi đẻ ở bản/g)).toHaveLength(1);
    expect(w.app.services.knowledge.current().kb.entries.get('1.001193')!.examples).toContain('bé nhà tôi đẻ ở bản chưa có giấy chứng sinh');
    const history = await w.app.services.store.listKnowledgeChanges({ entryId: '1.001193' });
    expect(history[0]).toMatchObject({ user: 'handoff', file: path.join('procedures', 'civil-status', '1.001193.yaml') });

    await h.draftFaqFromCase('1');
    await expect(h.draftFaqFromCase('1')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('is offered on the admin page: admins promote and draft through /admin/api/cases, others may not', async () => {
    await answeredCase('con tôi sinh ở nhà thì làm giấy khai sinh thế nào');
    const passwordHash = await hashPassword('correct horse battery');
    for (const [name, role] of [['an', 'admin'], ['chi', 'team']] as const) await w.app.services.store.saveAdminUser({ name, role, passwordHash, createdAt: Date.now() });
    const login = async (user: string) => {
      const res = await w.app.app.inject({ method: 'POST', url: '/admin/api/login', payload: { user, password: 'correct horse battery' } });
      const [cookie = ''] = String(res.headers['set-cookie']).split(';');
      return { cookie, 'x-csrf-token': res.json().csrf as string };
    };
    const post = async (url: string, headers: Record<string, string>, payload?: object) => {
      const res = await w.app.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
      return { status: res.statusCode, body: res.json() };
    };
    expect((await post('/admin/api/cases/1/promote', await login('chi'), { entryId: '1.001193' })).status).toBe(403);
    const admin = await login('an');
    expect((await post('/admin/api/cases/1/promote', admin, { entryId: 'no-such-entry' })).status).toBe(404);
    const promoted = await post('/admin/api/cases/1/promote', admin, { entryId: '1.001193' });
    expect(promoted).toMatchObject({ status: 200, body: { promotion: { entryId: '1.001193', changed: true } } });
    expect(w.app.services.knowledge.current().kb.entries.get('1.001193')!.examples).toContain('con tôi sinh ở nhà thì làm giấy khai sinh thế nào');
    expect((await post('/admin/api/cases/1/draft-faq', admin)).body).toMatchObject({ promotion: { entryId: 'faq-case-1' } });
    expect((await post('/admin/api/cases/1/draft-faq', admin)).status).toBe(409);
  });
});
