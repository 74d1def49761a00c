import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import YAML, { isMap, isSeq } from 'yaml';
import { memberLang } from '../handoff/desk.js';
import { failureReason } from '../handoff/notify-failures.js';
import { memberKey, parseTeams, type TeamMember } from '../handoff/teams.js';
import { awaitOutcome } from '../outbox/outcome.js';
import type { AppServices } from '../services.js';
import { fail } from './auth.js';
import { hashText } from './knowledge-editor.js';
import { lineDiff } from './line-diff.js';

const MemberBody = {
  type: 'object', required: ['id', 'channel', 'name', 'communes', 'role'], additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 200 }, channel: { enum: ['zalo', 'zalo-oa', 'messenger', 'botframework', 'api'] },
    name: { type: 'string', minLength: 1, maxLength: 120 }, communes: { type: 'array', maxItems: 60, items: { type: 'string', minLength: 1, maxLength: 60 } },
    languages: { type: 'array', maxItems: 6, items: { enum: ['vi', 'tay', 'dao', 'en'] } }, role: { enum: ['member', 'admin'] },
  },
} as const;

/**
 * The teams page: members of knowledge/teams.yaml and their communes, editable (YAML document API,
 * so the file's comments stay; temp file + rename; in the knowledge history), and the communes
 * nobody serves (their cases go to the province admins).
 */
export async function teamsRoutes(app: FastifyInstance, opts: { services: AppServices }): Promise<void> {
  const { services } = opts;
  const file = path.join(services.config.knowledgeDir, 'teams.yaml');
  const config = { roles: ['admin' as const] };
  let queue: Promise<unknown> = Promise.resolve();

  const read = async () => {
    const text = await fs.readFile(file, 'utf8').catch(() => 'members: []\n');
    return { text, hash: hashText(text) as string, members: parseTeams(text) };
  };

  app.get('/teams', { config, schema: { tags: ['teams'], summary: 'Members, communes and which communes nobody serves' } }, async () => {
    const { members, hash } = await read();
    const communes = services.knowledge.current().kb.communes;
    const serving = (code: string) => members.filter((m) => m.role === 'member' && m.communes.includes(code)).map((m) => m.name);
    return {
      hash,
      members: members.map((m, index) => ({ index, ...m })),
      communes: communes.map((c) => ({ code: c.code, name: c.name, area: c.area ?? null, members: serving(c.code) })),
      uncovered: communes.filter((c) => !serving(c.code).length).map((c) => ({ code: c.code, name: c.name })),
      notifyFailures: await services.handoff.failures.list(),
    };
  });

  /** One change to the members list, checked like the file is at load, written atomically. */
  function change(edit: (doc: YAML.Document, members: TeamMember[]) => string | null, user: string, baseHash?: string) {
    const run = queue.catch(() => undefined).then(async () => {
      const before = await read();
      if (baseHash && baseHash !== before.hash) return { status: 409 as const, message: 'Danh sách vừa được người khác sửa: tải lại trang (teams.yaml changed since you loaded it)' };
      const doc = YAML.parseDocument(before.text);
      if (!isSeq(doc.get('members'))) doc.set('members', doc.createNode([]));
      const problem = edit(doc, before.members);
      if (problem) return { status: 400 as const, message: problem };
      const after = doc.toString({ lineWidth: 0, flowCollectionPadding: false, indentSeq: !/^members:\r?\n- /m.test(before.text) });
      const known = new Set(services.knowledge.current().kb.communes.map((c) => c.code));
      let members: TeamMember[];
      try {
        members = parseTeams(after);
      } catch (err) {
        return { status: 400 as const, message: (err as Error).message };
      }
      const unknown = members.flatMap((m) => m.communes).filter((c) => !known.has(c));
      if (unknown.length) return { status: 400 as const, message: `Mã xã không có trong communes.yaml: ${unknown.join(', ')}` };
      const tmp = `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
      await fs.writeFile(tmp, after, 'utf8');
      await fs.rename(tmp, file);
      await services.store.recordKnowledgeChange({ id: randomUUID(), at: Date.now(), user, file: 'teams.yaml', before: before.text, after, diff: lineDiff(before.text, after) });
      services.log.info({ user }, 'ADMIN_TEAMS_CHANGED');
      return { status: 200 as const, hash: hashText(after) as string };
    });
    queue = run;
    return run;
  }

  const setMember = (doc: YAML.Document, index: number, m: TeamMember) => {
    const list = doc.get('members') as YAML.YAMLSeq;
    const node = list.items[index];
    if (!isMap(node)) return void (list.items[index] = doc.createNode(m));
    for (const [k, v] of Object.entries(m)) {
      const current = node.get(k, true);
      const same = JSON.stringify((current as { toJSON?: () => unknown })?.toJSON?.() ?? current) === JSON.stringify(v);
      if (!same) {
        const created = doc.createNode(v);
        if (isSeq(created)) created.flow = true; // communes: [a, b] as the file writes them
        node.set(k, created);
      }
    }
    if (!m.languages && node.has('languages')) node.delete('languages');
  };

  const send = (reply: import('fastify').FastifyReply, r: { status: 200 | 400 | 409; message?: string; hash?: string }) =>
    r.status === 200 ? reply.send({ ok: true, hash: r.hash }) : fail(reply, r.status === 409 ? 'CONFLICT' : 'BAD_REQUEST', r.message);

  app.post('/teams/members', { config, schema: { tags: ['teams'], summary: 'Add a member', body: MemberBody } }, async (req, reply) =>
    send(reply, await change((doc) => {
      (doc.get('members') as YAML.YAMLSeq).add(doc.createNode(req.body));
      return null;
    }, req.adminUser!.name)));

  app.put('/teams/members/:index', {
    config, schema: { tags: ['teams'], summary: 'Change a member (409 when the file changed since baseHash)', body: MemberBody, querystring: { type: 'object', properties: { baseHash: { type: 'string' } } } },
  }, async (req, reply) => {
    const index = Number((req.params as { index: string }).index);
    return send(reply, await change((doc, members) => (members[index] ? (setMember(doc, index, req.body as TeamMember), null) : 'Không có thành viên này'), req.adminUser!.name, (req.query as { baseHash?: string }).baseHash));
  });

  app.delete('/teams/members/:index', { config, schema: { tags: ['teams'], summary: 'Remove a member' } }, async (req, reply) => {
    const index = Number((req.params as { index: string }).index);
    return send(reply, await change((doc, members) => (members[index] ? ((doc.get('members') as YAML.YAMLSeq).items.splice(index, 1), null) : 'Không có thành viên này'), req.adminUser!.name));
  });

  app.post('/teams/members/:index/test', {
    config, schema: {
      tags: ['teams'],
      summary: "Send a short test message to a member's chat through the outbox and wait (ADMIN_TEST_MESSAGE_WAIT_MS) for the platform: status delivered, failed or retrying (with the platform's reason), or pending; a failure is recorded like a failed notification",
    },
  }, async (req, reply) => {
    const index = Number((req.params as { index: string }).index);
    const m = (await read()).members[index];
    if (!m) return fail(reply, 'NOT_FOUND', 'Không có thành viên này');
    const text = services.locales.t(memberLang(m), 'handoff.member.test', { name: m.name });
    try {
      const ids = await services.outbound.send(m.channel, m.id, [{ type: 'text', text }]);
      // a message refused for good is recorded by the outbox's give-up hook, like any notification
      const outcome = await awaitOutcome(services.store, services.outbox, ids, services.config.adminTestWaitMs);
      services.log.info({ user: req.adminUser?.name, member: memberKey(m), status: outcome.status }, 'ADMIN_TEAMS_TEST_SENT');
      return { sent: outcome.status === 'delivered', member: memberKey(m), ...outcome };
    } catch (err) {
      const reason = failureReason(err);
      await services.handoff.failures.record({ member: memberKey(m), name: m.name, channel: m.channel, reason, at: Date.now() });
      return { sent: false, member: memberKey(m), status: 'failed', reason };
    }
  });
}
