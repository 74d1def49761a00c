import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReplyPart } from '../../src/domain/messages.js';
import { languageChosenReplies, languageDetectedReply, withLanguageOffer } from '../../src/replies/language-replies.js';
import { loadLocales, type Locales } from '../../src/replies/locales.js';

/** What a villager reads when the language changes, and the first message's way to the picker. */
let locales: Locales;
beforeAll(async () => {
  locales = await loadLocales(path.resolve('locales'), { warn: () => undefined });
});

const text = (t: string): ReplyPart => ({ type: 'text', text: t });
const buttons = (t: string, payloads: string[]): ReplyPart => ({ type: 'buttons', text: t, buttons: payloads.map((p) => ({ title: p, payload: p })) });
const payloadsOf = (r: ReplyPart | undefined) => (r?.type === 'buttons' ? r.buttons.map((b) => b.payload) : []);
const PICKER = ['lang:vi', 'lang:tay', 'lang:dao', 'lang:en'];

describe('languageChosenReplies', () => {
  it('says the chosen language by its name; Tày and Dao add that not everything is translated', () => {
    const [vi] = languageChosenReplies(locales, 'vi', false);
    expect(vi).toEqual({ type: 'text', text: locales.t('vi', 'lang.set', { name: locales.languageName('vi') }) });
    const tay = languageChosenReplies(locales, 'tay', false);
    expect(tay).toEqual([{ type: 'text', text: `${locales.t('tay', 'lang.set', { name: locales.languageName('tay') })}\n${locales.t('tay', 'lang.partial')}` }]);
    const [dao] = languageChosenReplies(locales, 'dao', false);
    expect(dao).toMatchObject({ text: expect.stringContaining(`\n${locales.t('dao', 'lang.partial')}`) });
    expect(languageChosenReplies(locales, 'en', false)[0]).toMatchObject({ text: expect.not.stringContaining('\n') });
  });

  it('asks which Dao language (Iu Mien or Kim Mun) only when asked to', () => {
    expect(languageChosenReplies(locales, 'dao', false)).toHaveLength(1);
    const [, ask] = languageChosenReplies(locales, 'dao', true);
    expect(ask).toEqual({
      type: 'buttons',
      text: locales.t('dao', 'lang.dao_variant'),
      buttons: [
        { title: locales.languageName('dao-iumien'), payload: 'lang:dao-iumien' },
        { title: locales.languageName('dao-kimmun'), payload: 'lang:dao-kimmun' },
      ],
    });
  });
});

describe('languageDetectedReply', () => {
  it('names the recognised language in that language', () => {
    expect(languageDetectedReply(locales, 'tay')).toEqual({ type: 'text', text: locales.t('tay', 'lang.detected', { name: locales.languageName('tay') }) });
  });
});

describe('withLanguageOffer', () => {
  it('instead of the menu: the picker takes the last buttons\' place, keeping their sentence', () => {
    const replies = [text('Xin chào'), buttons('Bạn cần gì?', ['topic:civil-status', 'handoff']), text('cuối')];
    const out = withLanguageOffer(replies, locales, 'vi', true);
    expect(out).toHaveLength(3);
    expect(out[0]).toBe(replies[0]);
    expect(out[2]).toBe(replies[2]);
    expect(out[1]).toMatchObject({ type: 'buttons', text: `Bạn cần gì?\n\n${locales.t('vi', 'lang.first')}` });
    expect(payloadsOf(out[1])).toEqual(PICKER);
    expect(payloadsOf(replies[1])).toEqual(['topic:civil-status', 'handoff']); // the composed replies are not changed
  });

  it('instead of the menu with no buttons: the picker comes last, with only its own sentence', () => {
    const out = withLanguageOffer([text('Xin chào')], locales, 'vi', true);
    expect(out).toHaveLength(2);
    expect(out[1]).toMatchObject({ type: 'buttons', text: locales.t('vi', 'lang.first') });
    expect(payloadsOf(out[1])).toEqual(PICKER);
  });

  it('after an answer: 🌐 joins the LAST buttons, in the user\'s language', () => {
    const replies = [buttons('first', ['a']), text('x'), buttons('last', ['field:1:fee', 'handoff'])];
    const out = withLanguageOffer(replies, locales, 'tay', false);
    expect(payloadsOf(out[0])).toEqual(['a']);
    expect(payloadsOf(out[2])).toEqual(['field:1:fee', 'handoff', 'langpick']);
    expect(out[2]).toMatchObject({ text: 'last' });
    expect(out[2]?.type === 'buttons' && out[2].buttons.at(-1)?.title).toBe(locales.t('tay', 'button.language'));
    expect(payloadsOf(replies[2])).toEqual(['field:1:fee', 'handoff']);
  });

  it('no buttons at all: a 🌐 line of its own', () => {
    const out = withLanguageOffer([text('answer')], locales, 'vi', false);
    expect(out[1]).toEqual({ type: 'buttons', text: locales.t('vi', 'lang.first'), buttons: [{ title: locales.t('vi', 'button.language'), payload: 'langpick' }] });
  });

  it('nothing added when the last buttons already let the user pick a language', () => {
    for (const payload of ['langpick', 'lang:tay']) {
      const replies = [buttons('b', ['handoff', payload])];
      expect(withLanguageOffer(replies, locales, 'vi', false)).toBe(replies);
    }
    // a payload that only contains "lang:" further in is not a language button
    const other = [buttons('b', ['entry:lang:x'])];
    expect(payloadsOf(withLanguageOffer(other, locales, 'vi', false)[0])).toEqual(['entry:lang:x', 'langpick']);
  });
});
