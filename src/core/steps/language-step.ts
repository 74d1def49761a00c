import { detectLanguage } from '../../nlu/detect-language.js';
import { fold } from '../../nlu/normalize.js';
import { languageChosenReplies, languageDetectedReply, withLanguageOffer } from '../../replies/language-replies.js';
import { isDaoVariant, type DaoVariant } from '../../domain/languages.js';
import type { TurnContext, TurnStep } from '../context.js';
import { daoVariantOf } from '../dao-variant.js';
import { LANGS, type Lang } from '../../domain/messages.js';

/** Typed requests for the picker ("đổi ngôn ngữ", "language"), compared folded. */
const PICKER_WORDS = new Set(['doi ngon ngu', 'ngon ngu', 'chon ngon ngu', 'doi tieng', 'chon tieng', 'language', 'change language', 'lang']);
/** Naming a language on its own picks it ("tiếng Tày", "English"). */
const NAMED: Record<string, Lang> = {
  'tieng viet': 'vi', 'tiengviet': 'vi', 'vietnamese': 'vi',
  'tieng tay': 'tay',
  'tieng dao': 'dao', 'iu mien': 'dao',
  'english': 'en', 'tieng anh': 'en',
};
/**
 * On a first message these get the language picker instead of the menu. Anything else keeps its
 * reply (a fallback keeps its "talk to a person" menu, which has 🌐 already); an answer gets 🌐.
 */
const PICKER_FIRST = new Set(['greeting', 'menu', 'help', 'empty']);

const isLang = (x: string): x is Lang => (LANGS as readonly string[]).includes(x);

/**
 * The user's language: `lang:<code>` / `langpick` buttons and typed requests, a clear Tày/Dao/English
 * message switches until the user picks, the choice is kept in the session, and the first message
 * offers the picker (after answering it, when it was a real question).
 */
export const languageStep: TurnStep = async (ctx, next) => {
  const s = ctx.session;
  const first = s.turns === 0 && !s.langChosen;
  const variant = variantRequest(ctx);
  if (variant) s.daoVariant = variant;
  const request = variant ? 'dao' : languageRequest(ctx);
  if (request === 'picker') ctx.outcome = { kind: 'smalltalk', intent: 'language' };
  else if (request) choose(ctx, request);
  const detected = !request && !s.langChosen ? detect(ctx) : null;
  await next();
  // a turn handoff answered ends with handoff's question or notice, nothing after it
  if (detected && !first && !ctx.handoff) ctx.replies.push(languageDetectedReply(ctx.deps.locales, ctx.lang));
  if (first && !request) offerPicker(ctx);
};

/** `lang:dao-iumien` / `lang:dao-kimmun`: which Dao language a villager who picked Dao reads. */
function variantRequest(ctx: TurnContext): DaoVariant | null {
  const p = ctx.payload?.trim();
  return p?.startsWith('lang:') && isDaoVariant(p.slice(5)) ? p.slice(5) as DaoVariant : null;
}

/** What the message asks about the language: a code to use, the picker, or nothing. */
function languageRequest(ctx: TurnContext): Lang | 'picker' | null {
  const p = ctx.payload?.trim();
  if (p === 'langpick') return 'picker';
  if (p?.startsWith('lang:')) return isLang(p.slice(5)) ? p.slice(5) as Lang : 'picker';
  if (p) return null;
  const f = fold(ctx.text);
  if (PICKER_WORDS.has(f)) return 'picker';
  return NAMED[f] ?? null;
}

/** Uses the picked language from now on; re-shows the current topic in it, or greets in it. */
function choose(ctx: TurnContext, lang: Lang): void {
  const { session: s, deps } = ctx;
  s.lang = lang;
  s.langChosen = true;
  ctx.lang = lang;
  ctx.replies.push(...languageChosenReplies(deps.locales, lang, lang === 'dao' && !daoVariantOf(s, ctx.snapshot.kb.communes)));
  const topic = s.topicId && ctx.snapshot.kb.entries.has(s.topicId) ? s.topicId : undefined;
  ctx.outcome = topic ? { kind: 'answer', entryId: topic, confidence: 1, candidates: [] } : { kind: 'smalltalk', intent: 'greeting' };
}

/** Switches to a clearly detected language (not remembered as a choice: the user can still pick). */
function detect(ctx: TurnContext): Lang | null {
  if (ctx.payload || !ctx.text.trim()) return null;
  const lang = detectLanguage(ctx.text, ctx.snapshot.kb.lexicon.languageMarkers);
  if (!lang || lang === ctx.lang) return null;
  ctx.lang = lang;
  ctx.session.lang = lang;
  return lang;
}

/** First message: a greeting gets the picker instead of the menu; anything else a small 🌐 button. */
function offerPicker(ctx: TurnContext): void {
  const o = ctx.outcome;
  if (!o || o.kind === 'handoff' || ctx.session.handoffCaseId) return;
  ctx.replies = withLanguageOffer(ctx.replies, ctx.deps.locales, ctx.lang, o.kind === 'smalltalk' && PICKER_FIRST.has(o.intent));
}
