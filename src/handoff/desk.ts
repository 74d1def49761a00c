import type { Logger } from '../domain/logger.js';
import type { Lang } from '../domain/messages.js';
import type { OutboundRegistry } from '../domain/outbound.js';
import type { KnowledgeHolder } from '../knowledge/holder.js';
import type { Locales } from '../replies/locales.js';
import { caseLock } from '../store/locks.js';
import type { CaseMessage, HandoffCase, Store } from '../store/types.js';
import { deliverToUser, notifyMember, type Delivery } from './delivery.js';
import type { NotifyFailures } from './notify-failures.js';
import { mayServe, memberKey, type TeamDirectory, type TeamMember } from './teams.js';
import type { WindowClosedReason } from './windows.js';
import { clip } from '../lib/text.js';

export type DeskError = 'NOT_FOUND' | 'ALREADY_TAKEN' | 'CLOSED' | 'FORBIDDEN' | 'NOT_ASSIGNEE' | 'NOT_TAKEN' | 'UNDELIVERABLE' | 'EMPTY';

export type DeskResult =
  | { ok: true; case: HandoffCase; delivery?: Delivery }
  | { ok: false; error: DeskError; case?: HandoffCase; reason?: WindowClosedReason | 'send_failed' };

export interface DeskDeps {
  store: Store;
  outbound: OutboundRegistry;
  teams: TeamDirectory;
  locales: Locales;
  knowledge: KnowledgeHolder;
  log: Logger;
  escalateMinutes: number;
  /** Where failed member notifications are recorded (the teams page, /readyz). */
  failures?: NotifyFailures;
}

export interface NewCase {
  channel: string;
  userId: string;
  displayName?: string;
  lang: Lang;
  reason: HandoffCase['reason'];
  question?: string;
  communeCode?: string;
  forwardedBy?: string;
  messages: CaseMessage[];
}

/** A media note (src/handoff/villager.ts mediaNote) keeps its whole link: a cut URL opens nothing. */
const MEDIA_NOTE = /^\[[a-z]+\] https?:\/\//;

const MAX_MESSAGES = 60;
const ACTIVE: HandoffCase['state'][] = ['open', 'assigned', 'answered'];

/** Language for texts sent to a member (the team works in Vietnamese unless they chose English). */
export const memberLang = (m: TeamMember): Lang => (m.languages?.[0] === 'en' ? 'en' : 'vi');

/**
 * The handoff desk: every change to a case goes through here (chat commands, the villager's turns,
 * the admin page), one at a time per case across every instance (the store's case lock), so a
 * take, a reply and a cancel never overwrite each other. Take, escalate and close are also single
 * conditional updates in the store: of two instances racing, exactly one wins.
 */
export class HandoffDesk {
  constructor(readonly deps: DeskDeps) {}

  /** Serialises changes to one case, on this instance and on every other sharing the store. */
  private withCase<T>(id: string, fn: (c: HandoffCase | undefined) => Promise<T>): Promise<T> {
    return this.deps.store.withLock(caseLock(id), async () => fn(await this.deps.store.getCase(id)));
  }

  communeName(code: string | undefined): string {
    if (!code) return this.deps.locales.t('vi', 'handoff.commune_unknown_name');
    return this.deps.knowledge.current().kb.communes.find((c) => c.code === code)?.name ?? code;
  }

  /** How members see the villager: their platform name, or "a villager". */
  villagerName(c: HandoffCase, lang: Lang): string {
    return c.displayName ?? this.deps.locales.t(lang, 'handoff.member.someone');
  }

  private questionOf(c: HandoffCase, lang: Lang): string {
    return c.question ? clip(c.question, 300) : this.deps.locales.t(lang, 'handoff.member.no_question');
  }

  async getCase(id: string): Promise<HandoffCase | undefined> {
    return this.deps.store.getCase(normaliseCaseId(id));
  }

  /** Active cases a member holds. */
  async casesOf(member: TeamMember): Promise<HandoffCase[]> {
    return (await this.deps.store.listCases({ state: ['assigned', 'answered'] })).filter((c) => c.assignee === memberKey(member));
  }

  /** Cases waiting for someone a member may take. */
  async waitingFor(member: TeamMember): Promise<HandoffCase[]> {
    return (await this.deps.store.listCases({ state: ['open'] })).filter((c) => this.mayTake(member, c));
  }

  private mayTake(member: TeamMember, c: HandoffCase): boolean {
    if (c.reason === 'forwarded') return member.role === 'admin';
    return mayServe(member, c.communeCode);
  }

  /** Opens a case (state open). Members are told once the commune is known (see setCommune). */
  async open(input: NewCase, now: number): Promise<HandoffCase> {
    const n = await this.deps.store.nextCaseNumber();
    const c: HandoffCase = { id: String(n), ...input, messages: input.messages.slice(-MAX_MESSAGES), state: 'open', createdAt: now, updatedAt: now, lastUserMessageAt: now, repliesSinceUserMessage: 0 };
    await this.deps.store.saveCase(c);
    this.deps.log.info({ caseId: c.id, reason: c.reason, channel: c.channel }, 'handoff case opened');
    return c;
  }

  /** Records the commune (undefined: the villager does not know) and tells whoever should take it. */
  async setCommune(id: string, communeCode: string | undefined, now: number): Promise<HandoffCase | undefined> {
    const c = await this.withCase(id, async (c) => {
      if (!c || c.state === 'closed') return c;
      c.communeCode = communeCode;
      c.updatedAt = now;
      await this.deps.store.saveCase(c);
      return c;
    });
    if (c && c.state === 'open') await this.announce(c);
    return c;
  }

  /** Tells the members serving the case's commune; the admins when nobody serves it or it was forwarded. */
  async announce(c: HandoffCase): Promise<number> {
    const { teams } = this.deps;
    const serving = c.reason === 'forwarded' || !c.communeCode ? [] : await teams.serving(c.communeCode);
    const targets = serving.length ? serving : await teams.admins();
    const key = c.reason === 'forwarded' ? 'handoff.member.forwarded' : 'handoff.member.new_case';
    const forwarder = c.forwardedBy ? (await teams.findByKey(c.forwardedBy))?.name ?? c.forwardedBy : '';
    let sent = 0;
    for (const m of targets) {
      const text = this.deps.locales.t(memberLang(m), key, { case: c.id, commune: this.communeName(c.communeCode), name: this.villagerName(c, memberLang(m)), question: this.questionOf(c, memberLang(m)), member: forwarder });
      if (await notifyMember(this.deps.outbound, this.deps.log, m, text, this.deps.failures, c.id)) sent += 1;
    }
    return sent;
  }

  /** A member takes a case; atomic in the store, so of two racing members exactly one wins. */
  async take(member: TeamMember, rawId: string, now: number): Promise<DeskResult> {
    const id = normaliseCaseId(rawId);
    const c = await this.deps.store.getCase(id);
    if (!c) return { ok: false, error: 'NOT_FOUND' };
    if (c.state === 'closed') return { ok: false, error: 'CLOSED', case: c };
    if (!this.mayTake(member, c)) return { ok: false, error: 'FORBIDDEN', case: c };
    if (c.assignee) return { ok: false, error: 'ALREADY_TAKEN', case: c };
    const taken = await this.deps.store.assignCase(id, memberKey(member), now);
    if (!taken) return { ok: false, error: 'ALREADY_TAKEN', case: (await this.deps.store.getCase(id)) ?? c };
    return this.withCase(id, async (fresh) => {
      const cur = fresh ?? taken;
      const text = this.deps.locales.t(cur.lang, 'handoff.taken', { name: member.name });
      const delivery = await deliverToUser(this.deps.outbound, this.deps.log, cur, text, now);
      cur.messages = [...cur.messages, { from: 'bot' as const, text, at: now }].slice(-MAX_MESSAGES);
      await this.deps.store.saveCase(cur);
      return { ok: true as const, case: cur, delivery };
    });
  }

  /** A member's reply to the villager, within the platform's window. */
  async reply(member: TeamMember, rawId: string, text: string, now: number): Promise<DeskResult> {
    if (!text.trim()) return { ok: false, error: 'EMPTY' };
    return this.withCase(normaliseCaseId(rawId), async (c) => {
      const denied = this.checkHolder(member, c);
      if (denied || !c) return denied ?? { ok: false as const, error: 'NOT_FOUND' as const };
      const cur = c;
      const delivery = await deliverToUser(this.deps.outbound, this.deps.log, cur, this.deps.locales.t(cur.lang, 'handoff.member_says', { name: member.name, text }), now);
      if (!delivery.ok) return { ok: false as const, error: 'UNDELIVERABLE' as const, case: cur, reason: delivery.reason };
      cur.messages = [...cur.messages, { from: 'member' as const, name: member.name, text, at: now }].slice(-MAX_MESSAGES);
      if (cur.state === 'assigned') cur.state = 'answered';
      cur.firstReplyAt ??= now;
      cur.answeredAt = now;
      cur.updatedAt = now;
      await this.deps.store.saveCase(cur);
      return { ok: true as const, case: cur, delivery };
    });
  }

  /** Closes a case; the villager is told the bot answers again. */
  async close(member: TeamMember, rawId: string, now: number): Promise<DeskResult> {
    return this.withCase(normaliseCaseId(rawId), async (c) => {
      const openByAdmin = c?.state === 'open' && member.role === 'admin';
      const denied = openByAdmin ? null : this.checkHolder(member, c);
      if (denied || !c) return denied ?? { ok: false as const, error: 'NOT_FOUND' as const };
      const cur = await this.deps.store.closeCase(c.id, memberKey(member), now);
      if (!cur) return { ok: false as const, error: 'CLOSED' as const, case: c };
      await deliverToUser(this.deps.outbound, this.deps.log, cur, this.deps.locales.t(cur.lang, 'handoff.closed_resume', { name: member.name }), now);
      await this.deps.store.saveCase(cur);
      return { ok: true as const, case: cur };
    });
  }

  private checkHolder(member: TeamMember, c: HandoffCase | undefined): DeskResult | null {
    if (!c) return { ok: false, error: 'NOT_FOUND' };
    if (c.state === 'closed') return { ok: false, error: 'CLOSED', case: c };
    if (!this.mayTake(member, c) && c.assignee !== memberKey(member)) return { ok: false, error: 'FORBIDDEN', case: c };
    if (!c.assignee) return { ok: false, error: 'NOT_TAKEN', case: c };
    if (c.assignee !== memberKey(member) && member.role !== 'admin') return { ok: false, error: 'NOT_ASSIGNEE', case: c };
    return null;
  }

  /** The villager cancels: the case closes and whoever held it is told. */
  async cancelByUser(id: string, now: number): Promise<HandoffCase | undefined> {
    const c = await this.withCase(id, async (c) => {
      if (!c || c.state === 'closed') return undefined;
      const closed = await this.deps.store.closeCase(c.id, 'user', now);
      if (closed?.pendingForUser) {
        closed.pendingForUser = undefined;
        await this.deps.store.saveCase(closed);
      }
      return closed ?? undefined;
    });
    const holder = c?.assignee ? await this.deps.teams.findByKey(c.assignee) : undefined;
    if (c && holder) await notifyMember(this.deps.outbound, this.deps.log, holder, this.deps.locales.t(memberLang(holder), 'handoff.member.user_cancelled', { case: c.id }), this.deps.failures, c.id);
    return c;
  }

  /**
   * A villager's message while their case is with a person: recorded, passed to the member holding
   * it, and the platform window restarts. Returns the replies kept for a channel that cannot push.
   */
  async userMessage(id: string, text: string, now: number): Promise<{ case?: HandoffCase; pending: string[] }> {
    const c = await this.withCase(id, async (c) => {
      if (!c || c.state === 'closed') return c;
      if (text) c.messages = [...c.messages, { from: 'user' as const, name: c.displayName, text, at: now }].slice(-MAX_MESSAGES);
      if (text && !c.question) c.question = text.slice(0, 500); // asked for a person first, said what about after
      c.lastUserMessageAt = now;
      c.repliesSinceUserMessage = 0;
      c.updatedAt = now;
      await this.deps.store.saveCase(c);
      return c;
    });
    if (c && c.state !== 'closed' && c.assignee && text) {
      const holder = await this.deps.teams.findByKey(c.assignee);
      if (holder) await notifyMember(this.deps.outbound, this.deps.log, holder, this.deps.locales.t(memberLang(holder), 'handoff.member.user_says', { case: c.id, name: this.villagerName(c, memberLang(holder)), text: clip(text, MEDIA_NOTE.test(text) ? 2100 : 300) }), this.deps.failures, c.id);
    }
    return { case: c, pending: await this.takePending(id) };
  }

  /** Removes and returns the replies kept for the villager's next turn. */
  async takePending(id: string): Promise<string[]> {
    return this.withCase(id, async (c) => {
      if (!c?.pendingForUser?.length) return [];
      const pending = c.pendingForUser;
      c.pendingForUser = undefined;
      await this.deps.store.saveCase(c);
      return pending;
    });
  }

  /** A member forwards a question from an offline villager to the province experts. */
  async forward(member: TeamMember, question: string, communeCode: string | undefined, now: number): Promise<HandoffCase> {
    const c = await this.open({
      channel: member.channel, userId: member.id, displayName: member.name, lang: memberLang(member), reason: 'forwarded',
      forwardedBy: memberKey(member), question, communeCode: communeCode ?? member.communes[0],
      messages: [{ from: 'member', name: member.name, text: question, at: now }],
    }, now);
    await this.announce(c);
    return c;
  }

  /** Open cases nobody took in time go to the province admins (once per case). */
  async checkEscalations(now: number): Promise<number> {
    const due = (await this.deps.store.listCases({ state: ['open'] }))
      .filter((c) => !c.escalatedAt && c.createdAt + this.deps.escalateMinutes * 60_000 <= now);
    const admins = await this.deps.teams.admins();
    let escalated = 0;
    for (const c of due) {
      const mine = await this.withCase(c.id, async () => this.deps.store.escalateCase(c.id, now));
      if (!mine) continue; // another check (maybe on another instance) got there first
      escalated += 1;
      for (const m of admins) {
        const text = this.deps.locales.t(memberLang(m), 'handoff.member.escalated', { case: c.id, commune: this.communeName(c.communeCode), minutes: this.deps.escalateMinutes, name: this.villagerName(c, memberLang(m)), question: this.questionOf(c, memberLang(m)) });
        await notifyMember(this.deps.outbound, this.deps.log, m, text, this.deps.failures, c.id);
      }
    }
    return escalated;
  }

  /** The active case of a villager, if any. */
  async activeCaseOf(channel: string, userId: string): Promise<HandoffCase | undefined> {
    return (await this.deps.store.listCases({ state: ACTIVE, userKey: `${channel}:${userId}`, limit: 1 }))[0];
  }
}

/** Accepts "12", "#12", "c12". */
export function normaliseCaseId(raw: string): string {
  return raw.trim().replace(/^#/, '').replace(/^c(?=\d)/i, '');
}


