import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHandoffWorld, type HandoffWorld } from './handoff-fixture.js';

const HOUR = 3_600_000;

describe('handoff: platform reply windows', () => {
  let w: HandoffWorld;
  beforeEach(async () => {
    w = await startHandoffWorld();
  });
  afterEach(async () => {
    await w.close();
  });

  /** A villager on a platform channel opens case #1 in Tiên Yên at time t; demo-member-1 takes it. */
  async function openOn(channel: string, user: string, t: number): Promise<void> {
    await w.say(channel, user, 'gặp người hỗ trợ', undefined, t);
    await w.say(channel, user, '', 'commune:tien-yen', t);
    await w.say('zalo', 'demo-member-1', '/nhan 1', undefined, t);
  }

  it('Messenger: normal within 24 h, human_agent tag up to 7 days, refused beyond', async () => {
    const t = Date.now();
    await openOn('messenger', 'psid-1', t);
    expect((await w.say('zalo', 'demo-member-1', '/tl 1 một', undefined, t + HOUR))[0]).toMatch(/Đã gửi cho/);
    expect(w.platforms.sent.at(-2)).toMatchObject({ channel: 'messenger', userId: 'psid-1', tag: undefined });
    const late = await w.say('zalo', 'demo-member-1', '/tl 1 hai', undefined, t + 25 * HOUR);
    expect(late[0]).toMatch(/quá 24 giờ/);
    expect(w.platforms.sent.find((s) => s.text.includes('hai'))).toMatchObject({ channel: 'messenger', tag: 'human_agent' });
    const tooLate = await w.say('zalo', 'demo-member-1', '/tl 1 ba', undefined, t + 8 * 24 * HOUR);
    expect(tooLate[0]).toMatch(/Không gửi được[\s\S]*7 ngày/);
    expect(w.platforms.to('messenger', 'psid-1').join('\n')).not.toContain('ba');
    // the villager writes again: the window opens again
    // the bot stays quiet on Messenger too: the message goes to the member
    expect(await w.say('messenger', 'psid-1', 'tôi đây', undefined, t + 8 * 24 * HOUR + 1000)).toEqual([]);
    expect(w.platforms.last('zalo', 'demo-member-1')).toMatch(/💬 Ca #1.*tôi đây/);
    expect((await w.say('zalo', 'demo-member-1', '/tl 1 bốn', undefined, t + 8 * 24 * HOUR + 2000))[0]).toMatch(/Đã gửi cho/);
  });

  it('Zalo OA: 8 replies in 48 h after the user\'s last message; the member sees how many remain', async () => {
    const t = Date.now();
    await openOn('zalo-oa', 'oa-user-1', t); // the "taken" notice is the first of the 8
    const answers: string[] = [];
    for (let i = 1; i <= 8; i++) answers.push((await w.say('zalo', 'demo-member-1', `/tl 1 trả lời ${i}`, undefined, t + i * 1000))[0] ?? '');
    expect(answers[0]).toMatch(/còn 6 lượt/);
    expect(answers[6]).toMatch(/còn 0 lượt/);
    expect(answers[7]).toMatch(/Không gửi được[\s\S]*hết 8 lượt/);
    expect(w.platforms.to('zalo-oa', 'oa-user-1')).toHaveLength(8);
    await w.say('zalo-oa', 'oa-user-1', 'cảm ơn, cho hỏi thêm', undefined, t + 10_000);
    expect((await w.say('zalo', 'demo-member-1', '/tl 1 tiếp', undefined, t + 11_000))[0]).toMatch(/còn 7 lượt/);
    expect((await w.say('zalo', 'demo-member-1', '/tl 1 muộn', undefined, t + 49 * HOUR))[0]).toMatch(/quá 48 giờ/);
  });
});
