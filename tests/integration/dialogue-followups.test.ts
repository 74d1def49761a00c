import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

describe('dialogue: follow-up questions on the current topic', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(async () => t.close());
  const say = (user: string, text: string) => t.chat(user, text, { lang: 'vi' });
  const tap = (user: string, payload: string) => t.chat(user, '', { lang: 'vi', payload });

  it.each([
    ['cần giấy tờ gì', 'documents'],
    ['mat bao nhieu tien', 'fee'],
    ['lam o dau', 'where'],
    ['bao lâu thì có', 'duration'],
    ['lam online duoc ko', 'online'],
    ['các bước làm thế nào', 'steps'],
  ])('"%s" after an answer answers the %s of that entry, like tapping its button', async (question, field) => {
    const user = `fu-${field}`;
    expect((await say(user, 'lam giay khai sinh cho con')).body.match.id).toBe('1.001193');
    const typed = await say(user, question);
    expect(typed.body.match).toMatchObject({ decision: 'followup', id: '1.001193' });
    const tapped = await tap(`${user}-tap`, `field:1.001193:${field}`);
    expect(typed.body.messages).toEqual(tapped.body.messages);
  });

  it('keeps the topic across several follow-ups', async () => {
    await say('fu-chain', 'dang ky ket hon');
    for (const q of ['can giay to gi', 'mất bao nhiêu tiền', 'ở đâu']) {
      expect((await say('fu-chain', q)).body.match).toMatchObject({ decision: 'followup', id: '1.000894' });
    }
  });

  it('a courtesy in the same message does not hide the follow-up', async () => {
    await say('fu-polite', 'dang ky ket hon');
    for (const q of ['cảm ơn, mất bao lâu', 'vâng, cần giấy tờ gì nhé']) {
      expect((await say('fu-polite', q)).body.match).toMatchObject({ decision: 'followup', id: '1.000894' });
    }
    expect((await say('fu-polite', 'cảm ơn nhé')).body.match.decision).toBe('smalltalk');
  });

  it('a new topic replaces the old one', async () => {
    await say('fu-new', 'lam giay khai sinh');
    expect((await say('fu-new', 'còn đăng ký kết hôn thì sao')).body.match).toMatchObject({ decision: 'answer', id: '1.000894' });
    expect((await say('fu-new', 'can giay to gi')).body.match).toMatchObject({ decision: 'followup', id: '1.000894' });
  });

  it('"cái khác" / "không phải" move to the next candidate, then the one after', async () => {
    const first = (await say('fu-next', 'khai sinh')).body.match.id;
    const second = (await say('fu-next', 'cái khác')).body.match;
    expect(second.decision).toBe('answer');
    expect(second.id).not.toBe(first);
    const third = (await say('fu-next', 'khong phai')).body.match;
    expect(third.decision).toBe('answer');
    expect([first, second.id]).not.toContain(third.id);
  });

  it('the next button does the same as typing "cái khác"', async () => {
    const first = (await say('fu-nextbtn', 'khai sinh')).body.match.id;
    const next = (await tap('fu-nextbtn', 'next')).body.match;
    expect(next.decision).toBe('answer');
    expect(next.id).not.toBe(first);
  });

  it('a follow-up with no topic yet asks the user to say what it is about', async () => {
    const { body } = await say('fu-none', 'mất bao nhiêu tiền');
    expect(body.match.decision).toBe('smalltalk');
    expect(JSON.stringify(body.messages)).toContain(t.services.locales.t('vi', 'smalltalk.rephrase').slice(0, 15));
  });
});
