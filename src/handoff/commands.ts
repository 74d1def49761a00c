import { fold } from '../nlu/normalize.js';
import type { HandoffCase } from '../store/types.js';
import { clip } from '../lib/text.js';
import { memberLang, normaliseCaseId, type DeskResult, type HandoffDesk } from './desk.js';
import { memberKey, type TeamMember } from './teams.js';

/** What a team member can say to the bot. Command words are Vietnamese, typed with or without marks. */
export type MemberCommand =
  | { name: 'take'; caseId?: string }
  | { name: 'reply'; caseId?: string; text: string }
  | { name: 'close'; caseId?: string }
  | { name: 'forward'; question: string; communeCode?: string }
  | { name: 'list' }
  | { name: 'help' };

const WORDS: Record<string, MemberCommand['name']> = {
  nhan: 'take', tl: 'reply', traloi: 'reply', xong: 'close', dong: 'close', chuyen: 'forward',
  ca: 'list', help: 'help', hd: 'help', huongdan: 'help', trogiup: 'help',
};

/** Parses "/nhan 12", "/tl 12 text", "/xong 12", "/chuyen question #commune", "/ca", "/help"; null if not a command. */
export function parseCommand(text: string): MemberCommand | null {
  const m = text.trim().match(/^\/(\S+)\s*([\s\S]*)$/);
  if (!m) return null;
  const [, word = '', tail = ''] = m;
  const name = WORDS[fold(word).replace(/\s/g, '')];
  if (!name) return null;
  const rest = tail.trim();
  const [first = '', ...others] = rest.split(/\s+/);
  const caseId = /^#?c?\d+$/i.test(first) ? first : undefined;
  switch (name) {
    case 'take': return { name, caseId };
    case 'close': return { name, caseId };
    case 'reply': return caseId ? { name, caseId, text: rest.slice(first.length).trim() } : { name, text: rest };
    case 'forward': {
      const tag = rest.match(/\s#([\w-]+)$/);
      return { name, question: (tag ? rest.slice(0, tag.index) : rest).trim(), communeCode: tag?.[1] };
    }
    default:
      void others;
      return { name };
  }
}

/** Runs a member's command (or plain text while they hold exactly one case); returns the texts to answer them. */
export async function runMemberMessage(desk: HandoffDesk, member: TeamMember, text: string, now: number): Promise<string[] | null> {
  const t = (key: string, params?: Record<string, string | number>) => desk.deps.locales.t(memberLang(member), key, params);
  const cmd = parseCommand(text);
  if (!cmd) {
    if (!text.trim()) return null;
    const mine = await desk.casesOf(member);
    const [only] = mine;
    if (!only) return null; // no case: the member is just asking the bot something
    if (mine.length > 1) return [t('handoff.member.which_case', { count: mine.length, cases: mine.map((c) => `#${c.id}`).join(', ') })];
    return describeReply(desk, member, await desk.reply(member, only.id, text, now), only.id);
  }
  switch (cmd.name) {
    case 'help':
      return [t('handoff.member.usage')];
    case 'list':
      return [await listText(desk, member)];
    case 'take':
      if (!cmd.caseId) return [t('handoff.member.missing_case', { example: '/nhan 12' })];
      return describeTake(desk, member, await desk.take(member, cmd.caseId, now), cmd.caseId);
    case 'reply':
      if (!cmd.caseId) return [t('handoff.member.missing_case', { example: '/tl 12 …' })];
      return describeReply(desk, member, await desk.reply(member, cmd.caseId, cmd.text, now), cmd.caseId);
    case 'close': {
      if (!cmd.caseId) return [t('handoff.member.missing_case', { example: '/xong 12' })];
      const r = await desk.close(member, cmd.caseId, now);
      return r.ok ? [t('handoff.member.closed', { case: r.case.id })] : describeError(desk, member, r, cmd.caseId);
    }
    case 'forward':
      return forward(desk, member, cmd.question, cmd.communeCode, now);
  }
}

async function forward(desk: HandoffDesk, member: TeamMember, question: string, communeCode: string | undefined, now: number): Promise<string[]> {
  const t = (key: string, params?: Record<string, string | number>) => desk.deps.locales.t(memberLang(member), key, params);
  if (!question) return [t('handoff.member.forward_empty')];
  if (communeCode && !(await knownCommune(desk, communeCode))) return [t('handoff.member.unknown_commune', { code: communeCode })];
  const c = await desk.forward(member, question, communeCode, now);
  return [t('handoff.member.forward_opened', { case: c.id })];
}

async function knownCommune(desk: HandoffDesk, code: string): Promise<boolean> {
  const inKb = desk.deps.knowledge.current().kb.communes.some((c) => c.code === code);
  return inKb || (await desk.deps.teams.list()).some((m) => m.communes.includes(code));
}

async function describeTake(desk: HandoffDesk, member: TeamMember, r: DeskResult, caseId: string): Promise<string[]> {
  if (!r.ok) return describeError(desk, member, r, caseId);
  const c = r.case;
  const history = c.messages.filter((m) => m.from !== 'bot').slice(-6).map((m) => `• ${m.name ?? m.from}: ${clip(m.text, 200)}`).join('\n');
  const took = desk.deps.locales.t(memberLang(member), 'handoff.member.took', { case: c.id, name: desk.villagerName(c, memberLang(member)), commune: desk.communeName(c.communeCode), history: history || '—' });
  return [took, ...deliveryNote(desk, member, r)];
}

async function describeReply(desk: HandoffDesk, member: TeamMember, r: DeskResult, caseId: string): Promise<string[]> {
  if (!r.ok) return describeError(desk, member, r, caseId);
  const note = deliveryNote(desk, member, r);
  return note.length ? note : [desk.deps.locales.t(memberLang(member), 'handoff.member.sent', { name: desk.villagerName(r.case, memberLang(member)), case: r.case.id })];
}

/** What the member should know about the delivery: queued, replies left, the human-agent tag. */
function deliveryNote(desk: HandoffDesk, member: TeamMember, r: DeskResult & { ok: true }): string[] {
  const t = (key: string, params?: Record<string, string | number>) => desk.deps.locales.t(memberLang(member), key, params);
  const d = r.delivery;
  if (!d) return [];
  if (!d.ok) return [t('handoff.member.window_closed', { case: r.case.id, reason: t(`handoff.window.${d.reason}`) })];
  if (d.queued) return [t('handoff.member.queued', { case: r.case.id })];
  if (d.remaining !== undefined) return [t('handoff.member.sent_quota', { case: r.case.id, remaining: d.remaining, hours: d.hoursLeft ?? 0 })];
  if (d.tag) return [t('handoff.member.sent_tag', { case: r.case.id, hours: d.hoursLeft ?? 0 })];
  return [];
}

async function describeError(desk: HandoffDesk, member: TeamMember, r: DeskResult & { ok: false }, caseId: string): Promise<string[]> {
  const t = (key: string, params?: Record<string, string | number>) => desk.deps.locales.t(memberLang(member), key, params);
  const id = r.case?.id ?? normaliseCaseId(caseId);
  switch (r.error) {
    case 'NOT_FOUND': return [t('handoff.member.not_found', { case: id })];
    case 'CLOSED': return [t('handoff.member.closed_case', { case: id })];
    case 'FORBIDDEN': return [t('handoff.member.not_yours', { case: id })];
    case 'NOT_TAKEN': return [t('handoff.member.not_taken', { case: id })];
    case 'EMPTY': return [t('handoff.member.missing_text', { case: id })];
    case 'UNDELIVERABLE': return [t('handoff.member.window_closed', { case: id, reason: t(`handoff.window.${r.reason ?? 'send_failed'}`) })];
    case 'ALREADY_TAKEN':
    case 'NOT_ASSIGNEE': {
      const holderKey = r.case?.assignee;
      const holder = holderKey === memberKey(member) ? t('handoff.member.you') : (holderKey && (await desk.deps.teams.findByKey(holderKey))?.name) || holderKey || '?';
      return [t(r.error === 'ALREADY_TAKEN' ? 'handoff.member.already_taken' : 'handoff.member.not_assignee', { case: id, name: holder })];
    }
  }
}

async function listText(desk: HandoffDesk, member: TeamMember): Promise<string> {
  const t = (key: string, params?: Record<string, string | number>) => desk.deps.locales.t(memberLang(member), key, params);
  const line = (c: HandoffCase) => `#${c.id} · ${desk.communeName(c.communeCode)} · ${desk.villagerName(c, memberLang(member))}: ${clip(c.question ?? '', 80)}`;
  const mine = await desk.casesOf(member);
  const waiting = await desk.waitingFor(member);
  if (!mine.length && !waiting.length) return t('handoff.member.list_empty');
  return t('handoff.member.list', { mine: mine.map(line).join('\n') || '—', waiting: waiting.map(line).join('\n') || '—' });
}
