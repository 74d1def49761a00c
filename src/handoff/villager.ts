import type { Inbound, Lang } from '../domain/messages.js';
import { recentMessages, type Session } from '../domain/session.js';
import type { CaseStep, CommuneChoice, HandoffOutcome, HandoffReason } from '../domain/outcome.js';
import type { Commune } from '../knowledge/types.js';
import { isSensitive } from '../nlu/safety.js';
import { fold } from '../nlu/normalize.js';
import type { CaseMessage } from '../store/types.js';
import { runMemberMessage, parseCommand } from './commands.js';
import { searchCommunes } from './communes.js';
import type { HandoffDesk } from './desk.js';

const COMMUNE_FLOW = 'handoff-commune';
const CANCEL_WORDS = new Set(['huy', 'huy bo', 'huy yeu cau', 'thoi', 'cancel', 'stop']);
const MAX_COMMUNE_BUTTONS = 7;
/** Channels whose webhooks are signed by the platform, so the sender id is the platform's word. */
const SIGNED_CHANNELS = new Set(['zalo', 'zalo-oa', 'messenger', 'botframework']);

/**
 * The part of a turn handoff reads; the turn pipeline's TurnContext has all of it. Handoff changes
 * only the session's handoff fields (case, commune, flow) and says what it did as a HandoffOutcome:
 * it never writes the turn's replies (the pipeline words the outcome, src/replies/handoff.ts).
 */
export interface HandoffTurn {
  readonly inbound: Inbound;
  readonly session: Session;
  readonly snapshot: { kb: { communes: Commune[] } };
  readonly lang: Lang;
  readonly text: string;
  readonly payload?: string;
  readonly now: number;
  readonly sensitive?: boolean;
}

/** The turn-side of handoff: the turn pipeline calls openCase and intercept (TurnDeps, wired in app.ts). */
export class VillagerSide {
  constructor(private readonly desk: HandoffDesk) {}

  /** Opens a case for this villager and asks their commune when it is not known yet. */
  async openCase(ctx: HandoffTurn, reason: HandoffReason): Promise<HandoffOutcome> {
    const s = ctx.session;
    const active = s.handoffCaseId ? await this.desk.getCase(s.handoffCaseId) : undefined;
    if (active && active.state !== 'closed') return { kind: 'already_open', caseId: active.id };
    const c = await this.desk.open({
      channel: ctx.inbound.channel, userId: ctx.inbound.userId, displayName: s.displayName, lang: ctx.lang, reason,
      question: this.question(ctx, reason), messages: this.firstMessages(ctx),
    }, ctx.now);
    s.handoffCaseId = c.id;
    if (s.communeCode && this.communes(ctx).some((x) => x.code === s.communeCode)) {
      await this.desk.setCommune(c.id, s.communeCode, ctx.now);
      return { kind: 'opened', reason, caseId: c.id, next: this.waiting(s.communeCode) };
    }
    s.flow = { name: COMMUNE_FLOW, data: { caseId: c.id } };
    return { kind: 'opened', reason, caseId: c.id, next: await this.askCommune(ctx, 'ask') };
  }

  /** What handoff does with the turn when it belongs to handoff; undefined when it does not. */
  async intercept(ctx: HandoffTurn): Promise<HandoffOutcome | undefined> {
    const text = ctx.text.trim();
    const member = await this.verifiedMember(ctx.inbound);
    if (member && !ctx.payload) {
      const answer = await runMemberMessage(this.desk, member, text, ctx.now);
      if (answer) return { kind: 'member', lines: answer };
    } else if (!member && parseCommand(text)) {
      return { kind: 'not_member' };
    }
    return this.villagerInCase(ctx);
  }

  /** A team member only when the channel proves who sent the message; anyone else is a villager. */
  private async verifiedMember(inbound: Inbound) {
    const member = await this.desk.deps.teams.find(inbound.channel, inbound.userId);
    if (!member) return undefined;
    return SIGNED_CHANNELS.has(inbound.channel) || inbound.senderVerified ? member : undefined;
  }

  private async villagerInCase(ctx: HandoffTurn): Promise<HandoffOutcome | undefined> {
    const s = ctx.session;
    if (!s.handoffCaseId) return undefined;
    const c = await this.desk.getCase(s.handoffCaseId);
    if (!c || c.state === 'closed') {
      const pending = c ? await this.desk.takePending(c.id) : [];
      this.leave(ctx);
      return { kind: 'closed', pending }; // the bot answers this message itself again
    }
    if (ctx.payload === 'cancel_handoff' || CANCEL_WORDS.has(fold(ctx.text))) {
      await this.desk.cancelByUser(c.id, ctx.now);
      this.leave(ctx);
      return { kind: 'cancelled' };
    }
    if (ctx.sensitive && s.flow?.name === COMMUNE_FLOW) {
      // the text was dropped by the turn's safety step: warn, and ask again without echoing anything
      return { kind: 'commune', next: await this.askCommune(ctx, 'ask'), secretDropped: true };
    }
    if (s.flow?.name === COMMUNE_FLOW) return this.communeAnswer(ctx, c.id);
    let said = ctx.text.trim() || (ctx.payload ? `[${ctx.payload}]` : ctx.inbound.attachment ? mediaNote(ctx.inbound.attachment, ctx.inbound.mediaUrl) : '');
    const secretHidden = ctx.sensitive === true || isSensitive(ctx.text);
    // a code or card number never reaches anyone, not even the helper: they are told a message was hidden
    if (secretHidden) said = this.desk.deps.locales.t('vi', 'handoff.hidden_secret');
    const { pending } = await this.desk.userMessage(c.id, said, ctx.now);
    return { kind: 'relayed', pending, secretHidden }; // quiet: a person answers
  }

  private leave(ctx: HandoffTurn): void {
    ctx.session.handoffCaseId = undefined;
    if (ctx.session.flow?.name === COMMUNE_FLOW) ctx.session.flow = undefined;
  }

  private async communeAnswer(ctx: HandoffTurn, caseId: string): Promise<HandoffOutcome> {
    const s = ctx.session;
    const digit = ctx.text.trim().match(/^(\d{1,2})[.)]?$/);
    const payload = ctx.payload ?? (digit ? s.pendingChoices?.[Number(digit[1]) - 1]?.payload : undefined);
    let picked: { code?: string } | null = null;
    if (payload?.startsWith('commune:')) {
      const code = payload.slice('commune:'.length);
      if (code === 'unknown') picked = {};
      else if (this.communes(ctx).some((x) => x.code === code)) picked = { code };
    } else if (ctx.text.trim()) {
      const found = searchCommunes(this.communes(ctx), ctx.text);
      if (found.length === 1 && found[0]) picked = { code: found[0].code };
      else if (found.length > 1) return { kind: 'commune', next: { ask: 'commune', prompt: 'pick', communes: found.map(choice) } };
    }
    if (!picked) return { kind: 'commune', next: await this.askCommune(ctx, 'not_found', ctx.text.trim().slice(0, 60)) };
    if (picked.code) s.communeCode = picked.code;
    s.flow = undefined;
    await this.desk.setCommune(caseId, picked.code, ctx.now);
    return { kind: 'commune', next: this.waiting(picked.code) };
  }

  private communes(ctx: HandoffTurn): Commune[] {
    return ctx.snapshot.kb.communes;
  }

  /** The commune question: every commune when they are few, else the ones a team serves. */
  private async askCommune(ctx: HandoffTurn, prompt: 'ask' | 'not_found', typed?: string): Promise<CaseStep> {
    const all = this.communes(ctx);
    const served = new Set(await this.desk.deps.teams.servedCommunes());
    const offer = all.length <= MAX_COMMUNE_BUTTONS ? all : all.filter((c) => served.has(c.code)).slice(0, MAX_COMMUNE_BUTTONS);
    return { ask: 'commune', prompt, ...(typed === undefined ? {} : { typed }), communes: offer.map(choice) };
  }

  /** Says honestly what happens next, with a way out. */
  private waiting(communeCode: string | undefined): CaseStep {
    const commune = communeCode ? { code: communeCode, name: this.desk.communeName(communeCode) } : undefined;
    return { ask: 'wait', ...(commune ? { commune } : {}), minutes: this.desk.deps.escalateMinutes };
  }

  private question(ctx: HandoffTurn, reason: HandoffReason): string | undefined {
    const now = ctx.inbound.text?.trim();
    if (reason === 'fallbacks' && now && !ctx.sensitive) return now.slice(0, 500);
    return ctx.session.lastQuestion; // 'asked', 👎, 'none': the question before this turn
  }

  /**
   * What the case starts with: the villager's recent messages as their session keeps them (the
   * conversation record, in the store every instance shares; never the statistics events, which
   * may be sampled or pruned), then this message, and the 👎 that opened it.
   */
  private firstMessages(ctx: HandoffTurn): CaseMessage[] {
    const name = ctx.session.displayName;
    const mine: CaseMessage[] = recentMessages(ctx.session, ctx.now).map((m) => ({ from: 'user', name, text: m.text, at: m.at }));
    const current = ctx.inbound.text?.trim();
    if (current && !ctx.sensitive) mine.push({ from: 'user', name, text: current.slice(0, 500), at: ctx.now });
    if (ctx.payload?.startsWith('feedback:down:')) mine.push({ from: 'bot', text: `👎 ${ctx.payload.slice('feedback:down:'.length)}`, at: ctx.now });
    return mine;
  }
}

const choice = (c: Commune): CommuneChoice => ({ code: c.code, name: c.name });

/** What a member sees for a villager's photo / voice note / file: its kind and, when given, its link. */
export function mediaNote(kind: string, url: string | undefined): string {
  return url ? `[${kind}] ${url}` : `[${kind}]`;
}
