import type { Button, Lang, MatchInfo, ReplyPart } from '../domain/messages.js';
import type { CaseStep, HandoffOutcome } from '../domain/outcome.js';
import { tFor } from './answer.js';
import type { Locales } from './locales.js';

export interface ComposedHandoff {
  replies: ReplyPart[];
  /** What the turn reports as matched; undefined leaves the turn's match as it is. */
  match?: MatchInfo;
}

const handoffMatch: MatchInfo = { decision: 'handoff', id: null, title: null, confidence: null };

/** Words what handoff did with a turn in the villager's language (a member's lines are already worded). */
export function composeHandoff(locales: Locales, lang: Lang, outcome: HandoffOutcome): ComposedHandoff {
  const t = tFor(locales, lang);
  const text = (s: string): ReplyPart => ({ type: 'text', text: s });
  switch (outcome.kind) {
    case 'opened':
      return { replies: [text(t(`handoff.intro.${outcome.reason}`)), caseStep(locales, lang, outcome.next)], match: handoffMatch };
    case 'already_open':
      return { replies: [text(t('handoff.already_open', { case: outcome.caseId }))], match: handoffMatch };
    case 'commune': {
      const warn = outcome.secretDropped ? [text(t('smalltalk.safety'))] : [];
      return { replies: [...warn, caseStep(locales, lang, outcome.next)], match: handoffMatch };
    }
    case 'cancelled':
      return { replies: [text(t('handoff.cancelled'))], match: handoffMatch };
    case 'relayed': {
      // a code or card number never reaches anyone, not even the helper: the villager is warned instead
      const warn = outcome.secretHidden ? [text(t('smalltalk.safety'))] : [];
      return { replies: [...warn, ...outcome.pending.map(text)], match: handoffMatch };
    }
    case 'closed':
      return { replies: outcome.pending.map(text) };
    case 'not_member':
      return { replies: [text(t('handoff.not_member'))] };
    case 'member':
      return { replies: outcome.lines.map(text), match: handoffMatch };
  }
}

/** The commune question (communes offered, "not known", cancel) or the honest wait, with a way out. */
function caseStep(locales: Locales, lang: Lang, step: CaseStep): ReplyPart {
  const t = tFor(locales, lang);
  const cancel: Button = { title: t('handoff.cancel_button'), payload: 'cancel_handoff' };
  if (step.ask === 'wait') {
    const key = step.commune ? 'handoff.waiting' : 'handoff.waiting_province';
    const commune = step.commune?.name ?? t('handoff.commune_unknown_name');
    return { type: 'buttons', text: t(key, { commune, minutes: step.minutes }), buttons: [cancel] };
  }
  const prompt = step.prompt === 'ask' ? t('handoff.ask_commune')
    : step.prompt === 'pick' ? t('handoff.commune_pick')
    : t('handoff.commune_not_found', { text: step.typed ?? '' });
  const buttons: Button[] = step.communes.map((c) => ({ title: c.name, payload: `commune:${c.code}` }));
  buttons.push({ title: t('handoff.commune_unknown'), payload: 'commune:unknown' }, cancel);
  return { type: 'buttons', text: prompt, buttons };
}
