import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DeskResult } from '../handoff/desk.js';
import { mayServe, memberKey, type TeamMember } from '../handoff/teams.js';
import { villagerNameOf } from '../handoff/villager-name.js';
import type { AppServices } from '../services.js';
import type { AdminUser, CaseState, HandoffCase } from '../store/types.js';
import { BotError } from '../errors.js';
import { fail, type AdminRole } from './auth.js';

const CASE_ROLES: AdminRole[] = ['admin', 'team'];
const STATES: CaseState[] = ['open', 'assigned', 'answered', 'closed'];
const DESK_STATUS = { NOT_FOUND: 'NOT_FOUND', ALREADY_TAKEN: 'CONFLICT', CLOSED: 'CONFLICT', NOT_ASSIGNEE: 'CONFLICT', NOT_TAKEN: 'CONFLICT', UNDELIVERABLE: 'CONFLICT', FORBIDDEN: 'FORBIDDEN', EMPTY: 'BAD_REQUEST' } as const;
const DESK_MESSAGE: Record<keyof typeof DESK_STATUS, string> = {
  NOT_FOUND: 'No such case', ALREADY_TAKEN: 'Someone else already took this case', CLOSED: 'This case is closed',
  NOT_ASSIGNEE: 'This case is handled by someone else', NOT_TAKEN: 'Take the case first', UNDELIVERABLE: 'The reply could not be delivered',
  FORBIDDEN: 'This case belongs to a commune you do not serve', EMPTY: 'Write a reply first',
};

/**
 * The team member an admin-page account acts as: the teams.yaml member whose `channel:id` or name
 * is the account name; a page admin acts as a province-level admin.
 */
export async function memberFor(services: AppServices, user: AdminUser): Promise<TeamMember | null> {
  const members = (await services.handoff.teams.list()) ?? [];
  const linked = members.find((m) => memberKey(m) === user.name || m.name === user.name);
  if (linked) return user.role === 'admin' ? { ...linked, role: 'admin' } : linked;
  return user.role === 'admin' ? { id: user.name, channel: 'admin', name: user.name, communes: [], role: 'admin' } : null;
}

function sendDesk(reply: FastifyReply, result: DeskResult) {
  if (result.ok) return { case: result.case, delivery: result.delivery ?? null };
  return fail(reply, DESK_STATUS[result.error], DESK_MESSAGE[result.error], { reason: result.reason ?? result.error });
}

/** The cases inbox: list, take, reply, close, through the same desk as the chat commands. */
export async function caseRoutes(app: FastifyInstance, opts: { services: AppServices }): Promise<void> {
  const { services } = opts;
  const config = { roles: CASE_ROLES };
  const tags = ['cases'];
  const idParam = { type: 'object', properties: { id: { type: 'string', maxLength: 100 } } } as const;

  app.addHook('preHandler', async (req, reply) => {
    if (!req.adminUser || reply.sent) return;
    if (!(await memberFor(services, req.adminUser))) {
      return fail(reply, 'FORBIDDEN', 'This account is not a team member: name it after a member in knowledge/teams.yaml (channel:id or name)');
    }
  });

  app.get('/cases', {
    config, schema: { tags, summary: 'Cases by state (default: open, assigned, answered) that you may work on', querystring: { type: 'object', properties: { state: { type: 'string', pattern: '^(open|assigned|answered|closed)(,(open|assigned|answered|closed))*$' } } } },
  }, async (req) => {
    const member = (await memberFor(services, req.adminUser!))!;
    const q = (req.query as { state?: string }).state;
    const cases = await services.store.listCases({ state: q ? (q.split(',') as CaseState[]) : STATES.slice(0, 3), limit: 500 });
    const mine = (c: HandoffCase) => member.role === 'admin' || c.assignee === memberKey(member) || (c.reason !== 'forwarded' && mayServe(member, c.communeCode));
    const communes = new Map(services.knowledge.current().kb.communes.map((c) => [c.code, c.name]));
    // the page names people and places, not ids: the villager's name (platform profile, or what they told the bot) and the commune's name
    const named = cases.filter(mine).map((c) => ({ ...c, villagerName: villagerNameOf(c) ?? null, communeName: c.communeCode ? communes.get(c.communeCode) ?? c.communeCode : null }));
    const notifyFailures = member.role === 'admin' ? (await services.handoff.failures.list()).slice(0, 10) : [];
    return { member: memberKey(member), cases: named, notifyFailures };
  });

  const action = (name: 'take' | 'reply' | 'close', summary: string, body?: object) => app.post(`/cases/:id/${name}`, {
    config, schema: { tags, summary, params: idParam, ...(body ? { body } : {}) },
  }, async (req, reply) => {
    const member = (await memberFor(services, req.adminUser!))!;
    const id = (req.params as { id: string }).id;
    const { desk } = services.handoff;
    const now = Date.now();
    if (name === 'take') return sendDesk(reply, await desk.take(member, id, now));
    if (name === 'close') return sendDesk(reply, await desk.close(member, id, now));
    const c = await desk.getCase(id);
    if (c && !c.assignee && c.state === 'open') {
      const taken = await desk.take(member, id, now);
      if (!taken.ok) return sendDesk(reply, taken);
    }
    return sendDesk(reply, await desk.reply(member, id, (req.body as { text: string }).text, now));
  });
  action('take', 'Take an open case (409 if someone else took it)');
  action('reply', 'Reply to the villager through the bot (takes the case if it is open)', { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string', minLength: 1, maxLength: 2000 } } });
  action('close', 'Close a case; the villager is told the bot answers again');

  // Turning an answered case into knowledge (src/handoff/knowledge-promotion.ts): admins only, it edits knowledge/.
  const promotion = { roles: ['admin'] as AdminRole[] };
  const promoted = async (reply: FastifyReply, run: () => Promise<unknown>) => {
    try {
      return { promotion: await run() };
    } catch (err) {
      if (err instanceof BotError) return fail(reply, err.code, err.message);
      throw err;
    }
  };
  app.post('/cases/:id/promote', {
    config: promotion,
    schema: { tags, summary: "Add an answered case's question to an entry's examples", params: idParam, body: { type: 'object', required: ['entryId'], additionalProperties: false, properties: { entryId: { type: 'string', minLength: 1, maxLength: 100 } } } },
  }, async (req, reply) => promoted(reply, () => services.handoff.promoteCaseToExample((req.params as { id: string }).id, (req.body as { entryId: string }).entryId, req.adminUser!.name)));
  app.post('/cases/:id/draft-faq', {
    config: promotion,
    schema: { tags, summary: 'Draft knowledge/faq/faq-case-<n>.yaml (curated: false) from an answered case', params: idParam },
  }, async (req, reply) => promoted(reply, () => services.handoff.draftFaqFromCase((req.params as { id: string }).id, req.adminUser!.name)));
}
