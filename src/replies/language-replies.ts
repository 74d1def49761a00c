import { DAO_VARIANTS } from '../domain/languages.js';
import type { Lang, ReplyPart } from '../domain/messages.js';
import { languagePicker } from './compose.js';
import type { Locales } from './locales.js';

type ButtonsPart = Extract<ReplyPart, { type: 'buttons' }>;

/** "Đã chọn tiếng …" (with the partial-translation note for Tày and Dao), then which Dao language when it is not known. */
export function languageChosenReplies(locales: Locales, lang: Lang, askDaoVariant: boolean): ReplyPart[] {
  const name = locales.languageName(lang);
  const partial = lang === 'tay' || lang === 'dao' ? `\n${locales.t(lang, 'lang.partial')}` : '';
  const replies: ReplyPart[] = [{ type: 'text', text: `${locales.t(lang, 'lang.set', { name })}${partial}` }];
  // Iu Mien and Kim Mun are different languages: ask which one
  if (askDaoVariant) replies.push({ type: 'buttons', text: locales.t(lang, 'lang.dao_variant'), buttons: DAO_VARIANTS.map((v) => ({ title: locales.languageName(v), payload: `lang:${v}` })) });
  return replies;
}

/** The line that tells a villager the bot now answers in the language it recognised. */
export function languageDetectedReply(locales: Locales, lang: Lang): ReplyPart {
  return { type: 'text', text: locales.t(lang, 'lang.detected', { name: locales.languageName(lang) }) };
}

/**
 * A first message's way to the picker, added to the composed replies: `instead` (a greeting or the
 * menu) puts the picker in place of the last buttons; otherwise the last buttons get a small 🌐 one
 * (or a 🌐 line of its own), unless they already let the villager pick a language.
 */
export function withLanguageOffer(replies: ReplyPart[], locales: Locales, lang: Lang, instead: boolean): ReplyPart[] {
  const last = lastButtons(replies);
  if (instead) {
    const picker = languagePicker(locales, lang, `${last?.text ?? ''}\n\n${locales.t(lang, 'lang.first')}`.trim());
    return last ? replies.map((r) => (r === last ? picker : r)) : [...replies, picker];
  }
  if (last?.buttons.some((b) => b.payload === 'langpick' || b.payload.startsWith('lang:'))) return replies;
  const button = { title: locales.t(lang, 'button.language'), payload: 'langpick' };
  if (last) return replies.map((r) => (r === last ? { ...last, buttons: [...last.buttons, button] } : r));
  return [...replies, { type: 'buttons', text: locales.t(lang, 'lang.first'), buttons: [button] }];
}

function lastButtons(replies: ReplyPart[]): ButtonsPart | undefined {
  return [...replies].reverse().find((r): r is ButtonsPart => r.type === 'buttons');
}
