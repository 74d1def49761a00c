import type { Button, Lang, MatchInfo, ReplyPart } from '../domain/messages.js';
import { LANGS } from '../domain/messages.js';
import type { Outcome, SmalltalkIntent } from '../domain/outcome.js';
import type { Entry, KnowledgeBase } from '../knowledge/types.js';
import { composeAnswer, tFor } from './answer.js';
import { composeFollowup } from './followup.js';
import { entryView } from './localized-entry.js';
import type { Locales } from './locales.js';
import { audioUrl } from './media-urls.js';
import { AUDIO_EXT, speechHash, speechText, VOICE_EXT } from './speech.js';
import { distinctLabels } from '../nlu/choices.js';
import { clip } from './text-limits.js';

export { composeAnswer } from './answer.js';

/** What the composer needs to word one outcome; the turn pipeline fills it from its context. */
export interface ComposeInput {
  lang: Lang;
  /** The entries as this villager reads them (a Dao variant's text merged in: withDaoVariant). */
  entries: Pick<KnowledgeBase['entries'], 'get' | 'has'>;
  locales: Locales;
  publicBaseUrl: string;
  /** The entry the user asked to hear read aloud (the 🔊 button), if any. */
  readAloudId?: string;
  /** Whether speech synthesis is installed here (src/replies/speech.ts speechAvailable). */
  voiceAvailable: boolean;
}

export interface Composed {
  replies: ReplyPart[];
  match: MatchInfo;
}

/** Longest button title: Messenger cuts quick replies at 20, other channels show ~40. */
const MAX_BUTTON_TITLE = 40;

const noMatch = (decision: MatchInfo['decision']): MatchInfo => ({ decision, id: null, title: null, confidence: null });
const round = (x: number) => Math.round(x * 1000) / 1000;

/** Turns a decision into short reply parts in the user's language. */
export function composeOutcome(input: ComposeInput, outcome: Outcome): Composed {
  const { locales, lang, entries } = input;
  const t = tFor(locales, lang);
  switch (outcome.kind) {
    case 'answer': {
      const entry = entries.get(outcome.entryId);
      if (!entry) return { replies: fallback(locales, lang), match: noMatch('fallback') };
      const match: MatchInfo = { decision: 'answer', id: entry.id, title: entry.title, confidence: round(outcome.confidence) };
      if (input.readAloudId === entry.id) return { replies: speechParts(entry, lang, locales, input.publicBaseUrl, input.voiceAvailable), match };
      const replies = composeAnswer(entry, lang, locales, { baseUrl: input.publicBaseUrl, field: outcome.field });
      return { replies, match };
    }
    case 'clarify': {
      const shown = outcome.candidates.slice(0, 4);
      // Labels say what sets each choice apart, short enough for a Messenger quick reply.
      const labels = distinctLabels(shown.map((c) => buttonTitle(entries.get(c.id), c.title, lang)));
      const buttons: Button[] = shown.map((c, i) => ({ title: labels[i] ?? c.title, payload: `entry:${c.id}` }));
      buttons.push({ title: t('clarify.none'), payload: 'none' });
      const best = outcome.candidates[0];
      const text = outcome.domain ? t('clarify.topic') : t('clarify.question');
      return {
        replies: [{ type: 'buttons', text, buttons }],
        match: { decision: 'clarify', id: best?.id ?? null, title: best?.title ?? null, confidence: best ? round(best.confidence) : null },
      };
    }
    case 'followup': {
      const entry = entries.get(outcome.entryId);
      if (!entry) return { replies: fallback(locales, lang), match: noMatch('fallback') };
      return { replies: composeFollowup(entry, outcome.field, lang, locales), match: { decision: 'followup', id: entry.id, title: entry.title, confidence: 1 } };
    }
    case 'fallback':
      return { replies: fallback(locales, lang), match: noMatch('fallback') };
    case 'handoff':
      return {
        replies: [
          { type: 'text', text: t(`handoff.intro.${outcome.reason}`) },
          { type: 'buttons', text: t('handoff.opened'), buttons: [{ title: t('handoff.cancel_button'), payload: 'cancel_handoff' }] },
        ],
        match: noMatch('handoff'),
      };
    case 'smalltalk': {
      const about = outcome.entryId ? entries.get(outcome.entryId) : undefined;
      const match = outcome.entryId && about ? { ...noMatch('smalltalk'), id: outcome.entryId, title: about.title } : noMatch('smalltalk');
      return { replies: smalltalk(outcome.intent, locales, lang), match };
    }
  }
}

function buttonTitle(entry: Entry | undefined, fallbackTitle: string, lang: Lang): string {
  const title = entry ? entryView(entry, lang).title : fallbackTitle;
  return clip(title.replace(/^Thủ tục\s+/i, ''), MAX_BUTTON_TITLE);
}

/** Every small-talk intent: its sentence, then the menu (or the picker, or a person to ask). */
function smalltalk(intent: SmalltalkIntent, locales: Locales, lang: Lang): ReplyPart[] {
  const t = tFor(locales, lang);
  switch (intent) {
    case 'language':
      return [languagePicker(locales, lang, t('lang.picker'))];
    case 'feedback_up':
    case 'bye':
      return [{ type: 'text', text: t(`smalltalk.${intent}`) }];
    case 'feedback_down':
      return [{ type: 'buttons', text: t('smalltalk.feedback_down'), buttons: [{ title: t('handoff.button'), payload: 'handoff' }, { title: t('menu.language'), payload: 'langpick' }] }];
    case 'unsupported_audio':
    case 'unsupported_image':
    case 'unsupported_attachment':
      // the bot cannot read media: say so plainly and offer a person first, then the menu
      return [{ type: 'buttons', text: t(`smalltalk.${intent}`), buttons: [{ title: t('handoff.button'), payload: 'handoff' }, { title: t('menu.language'), payload: 'langpick' }] }];
    case 'safety':
      return [{ type: 'text', text: t('smalltalk.safety') }, menu(locales, lang, t('smalltalk.menu'))];
    default:
      return [menu(locales, lang, t(`smalltalk.${intent}`))];
  }
}

/** The main menu: the commonest topics, a person, and the language picker. */
export function menu(locales: Locales, lang: Lang, text: string): ReplyPart {
  const t = tFor(locales, lang);
  return {
    type: 'buttons',
    text,
    buttons: [
      { title: t('menu.civil'), payload: 'topic:civil-status' },
      { title: t('menu.residence'), payload: 'topic:residence' },
      { title: t('menu.land'), payload: 'topic:land' },
      { title: t('menu.border'), payload: 'topic:border' },
      { title: t('menu.person'), payload: 'handoff' },
      { title: t('menu.language'), payload: 'langpick' },
    ],
  };
}

/** One button per language, each titled in its own language ("Tiếng Việt", "Tày", …). */
export function languagePicker(locales: Locales, _lang: Lang, text: string): ReplyPart {
  return { type: 'buttons', text, buttons: LANGS.map((l) => ({ title: locales.languageName(l), payload: `lang:${l}` })) };
}

function fallback(locales: Locales, lang: Lang): ReplyPart[] {
  return [menu(locales, lang, locales.t(lang, 'fallback.text'))];
}

/** The answer read aloud (Vietnamese voice), or a plain "no voice here" when no voice is installed. */
export function speechParts(entry: Entry, lang: Lang, locales: Locales, baseUrl: string, voiceAvailable: boolean): ReplyPart[] {
  const t = tFor(locales, lang);
  const title = entryView(entry, lang).title;
  if (!voiceAvailable) return [{ type: 'buttons', text: t('audio.unavailable'), buttons: [{ title: t('handoff.button'), payload: 'handoff' }] }];
  const hash = speechHash(speechText(entry));
  const url = audioUrl(baseUrl, hash, AUDIO_EXT);
  const voiceUrl = audioUrl(baseUrl, hash, VOICE_EXT);
  const note = lang === 'vi' ? '' : `\n${t('audio.note')}`;
  return [{ type: 'text', text: `${t('audio.title', { title })}${note}` }, { type: 'audio', url, voiceUrl, title }];
}
