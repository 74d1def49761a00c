import type { TurnContext } from '../core/context.js';
import type { Lang, MatchInfo, ReplyPart } from '../core/messages.js';
import type { Outcome } from '../core/outcome.js';
import type { Entry } from '../knowledge/types.js';
import type { Locales } from './locales.js';

export interface Composed {
  replies: ReplyPart[];
  match: MatchInfo;
}

const noMatch = (decision: MatchInfo['decision']): MatchInfo => ({ decision, id: null, title: null, confidence: null });

/** Turns a decision into short reply parts in the user's language. */
export function composeOutcome(ctx: TurnContext, outcome: Outcome): Composed {
  const { locales } = ctx.deps;
  const lang = ctx.lang;
  const entries = ctx.snapshot.kb.entries;
  switch (outcome.kind) {
    case 'answer': {
      const entry = entries.get(outcome.entryId);
      if (!entry) return { replies: fallback(locales, lang), match: noMatch('fallback') };
      return {
        replies: composeAnswer(entry, lang, locales),
        match: { decision: 'answer', id: entry.id, title: entry.title, confidence: round(outcome.confidence) },
      };
    }
    case 'clarify': {
      const buttons = outcome.candidates.slice(0, 4).map((c) => ({ title: entries.get(c.id)?.title ?? c.title, payload: `entry:${c.id}` }));
      buttons.push({ title: locales.t(lang, 'clarify.none'), payload: 'none' });
      const best = outcome.candidates[0];
      return {
        replies: [{ type: 'buttons', text: locales.t(lang, 'clarify.question'), buttons }],
        match: { decision: 'clarify', id: best?.id ?? null, title: best?.title ?? null, confidence: best ? round(best.confidence) : null },
      };
    }
    case 'followup': {
      const entry = entries.get(outcome.entryId);
      if (!entry) return { replies: fallback(locales, lang), match: noMatch('fallback') };
      return { replies: [{ type: 'text', text: entry.title }], match: { decision: 'followup', id: entry.id, title: entry.title, confidence: 1 } };
    }
    case 'fallback':
      return { replies: fallback(locales, lang), match: noMatch('fallback') };
    case 'handoff':
      return { replies: [{ type: 'text', text: locales.t(lang, 'handoff.opened') }], match: noMatch('handoff') };
    case 'smalltalk':
      return { replies: [menu(locales, lang, locales.t(lang, `smalltalk.${outcome.intent}`))], match: noMatch('smalltalk') };
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function menu(locales: Locales, lang: Lang, text: string): ReplyPart {
  return {
    type: 'buttons',
    text,
    buttons: [
      { title: locales.t(lang, 'menu.civil'), payload: 'topic:civil-status' },
      { title: locales.t(lang, 'menu.residence'), payload: 'topic:residence' },
      { title: locales.t(lang, 'menu.person'), payload: 'handoff' },
    ],
  };
}

function fallback(locales: Locales, lang: Lang): ReplyPart[] {
  return [menu(locales, lang, locales.t(lang, 'fallback.text'))];
}

/** One answer: title line, plain sentence, numbered steps, papers, fee, time, where, link. */
export function composeAnswer(entry: Entry, lang: Lang, locales: Locales): ReplyPart[] {
  const lines: string[] = [`📄 ${entry.title}`];
  if (entry.summary) lines.push(entry.summary);
  const parts: ReplyPart[] = [{ type: 'text', text: lines.join('\n') }];
  if (entry.steps?.length) {
    parts.push({ type: 'text', text: entry.steps.slice(0, 6).map((s, i) => `${i + 1}. ${s.text}`).join('\n') });
  }
  const facts: string[] = [];
  if (entry.documents?.length) facts.push(`${locales.t(lang, 'label.documents')}:\n${entry.documents.map((d) => `☐ ${d.name}`).join('\n')}`);
  if (entry.fee) facts.push(`💰 ${locales.t(lang, 'label.fee')}: ${entry.fee}`);
  if (entry.duration) facts.push(`⏱️ ${locales.t(lang, 'label.duration')}: ${entry.duration}`);
  if (entry.where) facts.push(`📍 ${locales.t(lang, 'label.where')}: ${entry.where}`);
  if (facts.length) parts.push({ type: 'text', text: facts.join('\n') });
  if (entry.online?.url) parts.push({ type: 'link', url: entry.online.url, title: locales.t(lang, 'label.online') });
  return parts;
}
