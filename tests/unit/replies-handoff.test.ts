import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReplyPart } from '../../src/domain/messages.js';
import { composeHandoff } from '../../src/replies/handoff.js';
import { loadLocales, type Locales } from '../../src/replies/locales.js';

/**
 * What a villager reads when the bot hands them to a person: the intro, the commune question with
 * its buttons, the honest wait (which commune's team, how long), the warnings about secrets, and
 * what a team member's command answers. Real locales (Vietnamese), outcomes as src/handoff gives them.
 */
let locales: Locales;
beforeAll(async () => {
  locales = await loadLocales(path.resolve('locales'), { warn: () => undefined });
});

const t = (key: string) => locales.t('vi', key);
const texts = (parts: ReplyPart[]) => parts.map((p) => ('text' in p ? p.text : ''));
const buttonsOf = (p: ReplyPart | undefined) => (p?.type === 'buttons' ? p.buttons : []);
const handoffMatch = { decision: 'handoff', id: null, title: null, confidence: null };
const TIEN_YEN = { code: '07030', name: 'Tiên Yên' };
const HAI_LANG = { code: '07040', name: 'Hải Lạng' };

describe('composeHandoff (Vietnamese)', () => {
  it('a case opened on request: the intro, then the commune question with the communes, "not known" and cancel', () => {
    const { replies, match } = composeHandoff(locales, 'vi', { kind: 'opened', reason: 'asked', caseId: 'C-1', next: { ask: 'commune', prompt: 'ask', communes: [TIEN_YEN, HAI_LANG] } });
    expect(texts(replies)).toEqual([t('handoff.intro.asked'), t('handoff.ask_commune')]);
    expect(buttonsOf(replies[1])).toEqual([
      { title: 'Tiên Yên', payload: 'commune:07030' },
      { title: 'Hải Lạng', payload: 'commune:07040' },
      { title: t('handoff.commune_unknown'), payload: 'commune:unknown' },
      { title: t('handoff.cancel_button'), payload: 'cancel_handoff' },
    ]);
    expect(match).toEqual(handoffMatch);
  });

  it('the intro says why: after the bot failed, after a 👎, after "none of these"', () => {
    const next = { ask: 'wait' as const, minutes: 30 };
    for (const reason of ['fallbacks', 'thumbs_down', 'none_of_these'] as const) {
      const { replies } = composeHandoff(locales, 'vi', { kind: 'opened', reason, caseId: 'C-2', next });
      expect(texts(replies)[0]).toBe(t(`handoff.intro.${reason}`));
    }
    expect(new Set(['fallbacks', 'thumbs_down', 'none_of_these'].map((r) => t(`handoff.intro.${r}`))).size).toBe(3);
  });

  it('the wait names the commune team and the minutes, with a way back to the bot', () => {
    const { replies } = composeHandoff(locales, 'vi', { kind: 'commune', next: { ask: 'wait', commune: TIEN_YEN, minutes: 45 } });
    expect(replies).toHaveLength(1);
    const [wait] = replies;
    expect(texts(replies)[0]).toContain('Tiên Yên');
    expect(texts(replies)[0]).toContain('45');
    expect(texts(replies)[0]).not.toContain('{');
    expect(buttonsOf(wait)).toEqual([{ title: t('handoff.cancel_button'), payload: 'cancel_handoff' }]);
  });

  it('with no commune team the province desk answers, and the text says so', () => {
    const { replies } = composeHandoff(locales, 'vi', { kind: 'commune', next: { ask: 'wait', minutes: 60 } });
    expect(texts(replies)[0]).toBe(t('handoff.waiting_province').replace('{minutes}', '60'));
  });

  it('a commune typed that is not found: says what was typed, offers the close matches again', () => {
    const { replies } = composeHandoff(locales, 'vi', { kind: 'commune', next: { ask: 'commune', prompt: 'not_found', typed: 'Tien Yenn', communes: [TIEN_YEN] } });
    expect(texts(replies)[0]).toContain('"Tien Yenn"');
    expect(buttonsOf(replies[0]).map((b) => b.payload)).toEqual(['commune:07030', 'commune:unknown', 'cancel_handoff']);
    const pick = composeHandoff(locales, 'vi', { kind: 'commune', next: { ask: 'commune', prompt: 'pick', communes: [TIEN_YEN, HAI_LANG] } });
    expect(texts(pick.replies)[0]).toBe(t('handoff.commune_pick'));
  });

  it('a secret in the answer to the commune question, or in a message to the helper: the villager is warned first', () => {
    const commune = composeHandoff(locales, 'vi', { kind: 'commune', secretDropped: true, next: { ask: 'commune', prompt: 'ask', communes: [] } });
    expect(texts(commune.replies)).toEqual([t('smalltalk.safety'), t('handoff.ask_commune')]);
    const relayed = composeHandoff(locales, 'vi', { kind: 'relayed', pending: ['Chào bạn, tôi là Hoa.'], secretHidden: true });
    expect(texts(relayed.replies)).toEqual([t('smalltalk.safety'), 'Chào bạn, tôi là Hoa.']);
    const plain = composeHandoff(locales, 'vi', { kind: 'relayed', pending: [], secretHidden: false });
    expect(plain.replies).toEqual([]);
    expect(plain.match).toEqual(handoffMatch);
  });

  it('already waiting names the case number; cancelled says the bot answers again', () => {
    expect(texts(composeHandoff(locales, 'vi', { kind: 'already_open', caseId: 'C-77' }).replies)[0]).toContain('C-77');
    const cancelled = composeHandoff(locales, 'vi', { kind: 'cancelled' });
    expect(texts(cancelled.replies)).toEqual([t('handoff.cancelled')]);
    expect(cancelled.match).toEqual(handoffMatch);
  });

  it('a case closed meanwhile: the helper\'s last messages, and the turn keeps its own match (the bot answers this message)', () => {
    const closed = composeHandoff(locales, 'vi', { kind: 'closed', pending: ['Hồ sơ của bạn đã xong.'] });
    expect(texts(closed.replies)).toEqual(['Hồ sơ của bạn đã xong.']);
    expect(closed.match).toBeUndefined();
  });

  it('team commands: a member gets the lines as worded; someone else is told the command is for the team', () => {
    const member = composeHandoff(locales, 'vi', { kind: 'member', lines: ['Đã nhận ca C-1.', 'Ca đang mở: 2'] });
    expect(texts(member.replies)).toEqual(['Đã nhận ca C-1.', 'Ca đang mở: 2']);
    expect(member.match).toEqual(handoffMatch);
    const stranger = composeHandoff(locales, 'vi', { kind: 'not_member' });
    expect(texts(stranger.replies)).toEqual([t('handoff.not_member')]);
    expect(stranger.match).toBeUndefined();
  });
});
