import type { Button, Inbound, Lang, MatchInfo, ReplyPart } from '../domain/messages.js';
import type { Session } from '../domain/session.js';
import type { HandoffReason } from '../domain/outcome.js';
import type { Commune } from '../knowledge/types.js';
import { isSensitive } from '../nlu/safety.js';
import { fold } from '../nlu/normalize.js';
import type { Locales } from '../replies/locales.js';
import type { CaseMessage, Store } from '../store/types.js';
import { runMemberMessage, parseCommand } from './commands.js';
import { searchCommunes } from './communes.js';
import type { HandoffDesk } from './desk.js';

const COMMUNE_FLOW = 'handoff-commune';
const CANCEL_WORDS = new Set(['huy', 'huy bo', 'huy yeu cau', 'thoi', 'cancel', 'stop']);
const MAX_COMMUNE_BUTTONS = 7;
/** Channels whose webhooks are signed by the platform, so the sender id is the platform's word. */
const SIGNED_CHANNELS = new Set(['zalo', 'zalo-oa', 'messenger', 'botframework']);

/** The part of a turn handoff reads and answers into; the turn pipeline's TurnContext has all of it. */
export interface HandoffTurn {
  deps: { locales: Locales; store: Pick<Store, 'listEvents'> };
  inbound: Inbound;
  session: Session;
  snapshot: { kb: { communes: Commune[] } };
  lang: Lang;
  text: string;
  payload?: string;
  replies: ReplyPart[];
  match: MatchInfo;
  now: number;
  sensitive?: boolean;
}

const handoffMatch = { decision: 'handoff' as const, id: null, title: null, confidence: null };

/** The turn-side of handoff, wired into TurnDeps (openCase, interceptHandoff) by the feature. */
export class VillagerSide {
  /** Turns that already opened a case: a second call in the same turn changes nothing. */
  private readonly opened = new WeakSet<HandoffTurn>();

  constructor(private readonly desk: HandoffDesk) {}

  private t(ctx: HandoffTurn, key: string, params?: Record<string, string | number>): string {
    return ctx.deps.locales.t(ctx.lang, key, params);
  }

  /** Opens a case for this villager and asks their commune when it is not known yet. */
  async openCase(ctx: HandoffTurn, reason: HandoffReason): Promise<void> {
    if (this.opened.has(ctx)) return;
    this.opened.add(ctx);
    const s = ctx.session;
    ctx.match = handoffMatch;
    const active = s.handoffCaseId ? await this.desk.getCase(s.handoffCaseId) : undefined;
    if (active && active.state !== 'closed') {
      ctx.replies = [{ type: 'text', text: this.t(ctx, 'handoff.already_open', { case: active.id }) }];
      return;
    }
    const c = await this.desk.open({
      channel: ctx.inbound.channel, userId: ctx.inbound.userId, displayName: s.displayName, lang: ctx.lang, reason,
      question: this.question(ctx, reason), messages: await this.recentMessages(ctx),
    }, ctx.now);
    s.handoffCaseId = c.id;
    const intro: ReplyPart = { type: 'text', text: this.t(ctx, `handoff.intro.${reason}`) };
    if (s.communeCode && this.communes(ctx).some((x) => x.code === s.communeCode)) {
      await this.desk.setCommune(c.id, s.communeCode, ctx.now);
      ctx.replies = [intro, this.waiting(ctx, s.communeCode)];
      return;
    }
    s.flow = { name: COMMUNE_FLOW, data: { caseId: c.id } };
    ctx.replies = [intro, await this.askCommune(ctx, this.t(ctx, 'handoff.ask_commune'))];
  }

  /** Handles the turn when it belongs to handoff; resolves true when it did. */
  async intercept(ctx: HandoffTurn): Promise<boolean> {
    const text = ctx.text.trim();
    const member = await this.verifiedMember(ctx.inbound);
    if (member && !ctx.payload) {
      const answer = await runMemberMessage(this.desk, member, text, ctx.now);
      if (answer) {
        ctx.replies.push(...answer.map((a) => ({ type: 'text' as const, text: a })));
        ctx.match = handoffMatch;
        return true;
      }
    } else if (!member && parseCommand(text)) {
      ctx.replies.push({ type: 'text', text: this.t(ctx, 'handoff.not_member') });
      return true;
    }
    return this.villagerInCase(ctx);
  }

  /** A team member only when the channel proves who sent the message; anyone else is a villager. */
  private async verifiedMember(inbound: Inbound) {
    const member = await this.desk.deps.teams.find(inbound.channel, inbound.userId);
    if (!member) return undefined;
    return SIGNED_CHANNELS.has(inbound.channel) || inbound.senderVerified ? member : undefined;
  }

  private async villagerInCase(ctx: HandoffTurn): Promise<boolean> {
    const s = ctx.session;
    if (!s.handoffCaseId) return false;
    const c = await this.desk.getCase(s.handoffCaseId);
    if (!c || c.state === 'closed') {
      const pending = c ? await this.desk.takePending(c.id) : [];
      ctx.replies.push(...pending.map((text) => ({ type: 'text' as const, text })));
      this.leave(ctx);
      return false; // the bot answers this message itself again
    }
    ctx.match = handoffMatch;
    if (ctx.payload === 'cancel_handoff' || CANCEL_WORDS.has(fold(ctx.text))) {
      await this.desk.cancelByUser(c.id, ctx.now);
      this.leave(ctx);
      ctx.replies.push({ type: 'text', text: this.t(ctx, 'handoff.cancelled') });
      return true;
    }
    if (ctx.sensitive && s.flow?.name === COMMUNE_FLOW) {
      // the text was dropped by the turn's safety step: warn, and ask again without echoing anything
      ctx.replies.push({ type: 'text', text: this.t(ctx, 'smalltalk.safety') });
      ctx.replies.push(await this.askCommune(ctx, this.t(ctx, 'handoff.ask_commune')));
      return true;
    }
    if (s.flow?.name === COMMUNE_FLOW) return this.communeAnswer(ctx, c.id);
    let said = ctx.text.trim() || (ctx.payload ? `[${ctx.payload}]` : ctx.inbound.attachment ? mediaNote(ctx.inbound.attachment, ctx.inbound.mediaUrl) : '');
    if (ctx.sensitive || isSensitive(ctx.text)) {
      // a code or card number never reaches anyone, not even the helper: warn the villager instead
      ctx.sensitive = true;
      said = this.desk.deps.locales.t('vi', 'handoff.hidden_secret');
      ctx.replies.push({ type: 'text', text: this.t(ctx, 'smalltalk.safety') });
    }
    const { pending } = await this.desk.userMessage(c.id, said, ctx.now);
    ctx.replies.push(...pending.map((text) => ({ type: 'text' as const, text })));
    return true; // quiet: a person answers
  }

  private leave(ctx: HandoffTurn): void {
    ctx.session.handoffCaseId = undefined;
    if (ctx.session.flow?.name === COMMUNE_FLOW) ctx.session.flow = undefined;
  }

  private async communeAnswer(ctx: HandoffTurn, caseId: string): Promise<boolean> {
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
      else if (found.length > 1) {
        ctx.replies.push(this.communeButtons(ctx, this.t(ctx, 'handoff.commune_pick'), found));
        return true;
      }
    }
    if (!picked) {
      ctx.replies.push(await this.askCommune(ctx, this.t(ctx, 'handoff.commune_not_found', { text: ctx.text.trim().slice(0, 60) })));
      return true;
    }
    if (picked.code) s.communeCode = picked.code;
    s.flow = undefined;
    await this.desk.setCommune(caseId, picked.code, ctx.now);
    ctx.replies.push(this.waiting(ctx, picked.code));
    return true;
  }

  private communes(ctx: HandoffTurn): Commune[] {
    return ctx.snapshot.kb.communes;
  }

  private async askCommune(ctx: HandoffTurn, text: string): Promise<ReplyPart> {
    const all = this.communes(ctx);
    const served = new Set(await this.desk.deps.teams.servedCommunes());
    const offer = all.length <= MAX_COMMUNE_BUTTONS ? all : all.filter((c) => served.has(c.code)).slice(0, MAX_COMMUNE_BUTTONS);
    return this.communeButtons(ctx, text, offer);
  }

  private communeButtons(ctx: HandoffTurn, text: string, communes: Commune[]): ReplyPart {
    const buttons: Button[] = communes.map((c) => ({ title: c.name, payload: `commune:${c.code}` }));
    buttons.push({ title: this.t(ctx, 'handoff.commune_unknown'), payload: 'commune:unknown' });
    buttons.push({ title: this.t(ctx, 'handoff.cancel_button'), payload: 'cancel_handoff' });
    return { type: 'buttons', text, buttons };
  }

  /** Says honestly what happens next, with a way out. */
  private waiting(ctx: HandoffTurn, communeCode: string | undefined): ReplyPart {
    const key = communeCode ? 'handoff.waiting' : 'handoff.waiting_province';
    const text = this.t(ctx, key, { commune: this.desk.communeName(communeCode), minutes: this.desk.deps.escalateMinutes });
    return { type: 'buttons', text, buttons: [{ title: this.t(ctx, 'handoff.cancel_button'), payload: 'cancel_handoff' }] };
  }

  private question(ctx: HandoffTurn, reason: HandoffReason): string | undefined {
    const now = ctx.inbound.text?.trim();
    if (reason === 'fallbacks' && now && !ctx.sensitive) return now.slice(0, 500);
    return ctx.session.lastQuestion; // 'asked', 👎, 'none': the question before this turn
  }

  /** The villager's last few messages (from the statistics events) plus this one. */
  private async recentMessages(ctx: HandoffTurn): Promise<CaseMessage[]> {
    const events = await ctx.deps.store.listEvents({ since: ctx.now - 2 * 3_600_000, userKey: ctx.session.key, limit: 20 });
    const mine: CaseMessage[] = events
      .filter((e) => e.text)
      .slice(-5)
      .map((e) => ({ from: 'user', name: ctx.session.displayName, text: e.text!, at: e.at }));
    const current = ctx.inbound.text?.trim();
    if (current && !ctx.sensitive) mine.push({ from: 'user', name: ctx.session.displayName, text: current.slice(0, 500), at: ctx.now });
    if (ctx.payload?.startsWith('feedback:down:')) mine.push({ from: 'bot', text: `👎 ${ctx.payload.slice('feedback:down:'.length)}`, at: ctx.now });
    return mine;
  }
}

/** What a member sees for a villager's photo / voice note / file: its kind and, when given, its link. */
export function mediaNote(kind: string, url: string | undefined): string {
  return url ? `[${kind}] ${url}` : `[${kind}]`;
}
