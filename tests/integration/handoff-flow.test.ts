import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHandoffWorld, type HandoffWorld } from './handoff-fixture.js';

const UNKNOWN = 'bò nhà tôi đi lạc sang bên kia biên giới bị giữ lại';

describe('handoff: villager and team member through the bot', () => {
  let w: HandoffWorld;
  beforeEach(async () => {
    w = await startHandoffWorld();
  });
  afterEach(async () => {
    await w.close();
  });

  it('ask → fallback → person → commune → member takes, replies, closes → bot resumes → promoted to knowledge', async () => {
    const { app, platforms } = w;
    const first = await app.chat('villager-1', 'làm giấy khai sinh cho con ở đâu');
    expect(first.body.match.decision).toBe('answer');

    const lost = await app.chat('villager-1', UNKNOWN);
    expect(lost.body.match.decision).not.toBe('answer');

    const person = await app.chat('villager-1', 'gặp người hỗ trợ');
    expect(person.body.match.decision).toBe('handoff');
    const ask = person.body.messages.find((m: { type: string }) => m.type === 'buttons');
    expect(ask.buttons.map((b: { payload: string }) => b.payload)).toContain('commune:tien-yen');

    const picked = await app.chat('villager-1', '', { payload: 'commune:tien-yen' });
    expect(picked.body.messages[0].text).toMatch(/Tiên Yên/);
    expect(picked.body.messages[0].text).toMatch(/30 phút/);
    expect(picked.body.messages[0].buttons[0].payload).toBe('cancel_handoff');

    // both members serving Tiên Yên are told on their own chats; the Bình Liêu member is not
    expect(platforms.last('zalo', 'demo-member-1')).toMatch(/Ca #1[\s\S]*\/nhan 1/);
    expect(platforms.last('zalo', 'demo-member-1')).toContain(UNKNOWN);
    expect(platforms.last('messenger', 'demo-member-2')).toMatch(/\/nhan 1/);
    expect(platforms.to('zalo', 'demo-member-3')).toHaveLength(0);

    // two members race for it: exactly one gets it
    const [a, b] = await Promise.all([w.say('zalo', 'demo-member-1', '/nhan 1'), w.say('messenger', 'demo-member-2', '/nhận #1')]);
    const winners = [a, b].filter((r) => /Bạn đã nhận ca #1/.test(r[0] ?? ''));
    expect(winners).toHaveLength(1);
    const loser = winners[0] === a ? b : a;
    expect(loser[0]).toMatch(/đã có .* nhận rồi/);
    const [holder, holderChannel, other, otherChannel] = winners[0] === a
      ? ['demo-member-1', 'zalo', 'demo-member-2', 'messenger'] : ['demo-member-2', 'messenger', 'demo-member-1', 'zalo'];
    expect(platforms.last('api', 'villager-1')).toMatch(/đã nhận câu hỏi của bạn/);

    // the bot goes quiet: the villager's message goes to the member, no bot answer
    const quiet = await app.chat('villager-1', 'làm giấy khai sinh cho con ở đâu');
    expect(quiet.body.messages).toEqual([]);
    expect(platforms.last(holderChannel, holder)).toMatch(/💬 Ca #1.*làm giấy khai sinh/);

    // a secret never reaches the helper: the villager is warned instead
    const otp = await app.chat('villager-1', 'mã OTP của tôi là 483920');
    expect(otp.body.messages[0].text).toMatch(/OTP/);
    expect(platforms.last(holderChannel, holder)).toMatch(/đã ẩn/);
    expect(platforms.sent.some((s) => s.text.includes('483920'))).toBe(false);

    // the other member cannot answer over the holder
    expect((await w.say(otherChannel, other, '/tl 1 xin chào'))[0]).toMatch(/phụ trách/);

    const answer = 'Bạn mang giấy tờ của con đến trạm kiểm dịch ở cửa khẩu, hỏi cán bộ thú y.';
    expect((await w.say(holderChannel, holder, `/tl 1 ${answer}`))[0]).toMatch(/Đã gửi/);
    expect(platforms.last('api', 'villager-1')).toMatch(new RegExp(`👤 .*: ${answer}`));
    // plain text while exactly one case is theirs is a reply too
    expect((await w.say(holderChannel, holder, 'Mang theo căn cước nữa nhé.'))[0]).toMatch(/Đã gửi/);
    expect(platforms.last('api', 'villager-1')).toMatch(/Mang theo căn cước/);

    expect((await w.say(holderChannel, holder, '/xong 1'))[0]).toMatch(/Đã đóng ca #1/);
    expect(platforms.last('api', 'villager-1')).toMatch(/trả lời bạn tiếp/);
    expect((await w.say(holderChannel, holder, '/tl 1 còn nữa'))[0]).toMatch(/đã đóng/);

    // the bot answers again
    const back = await app.chat('villager-1', 'làm giấy khai sinh cho con ở đâu');
    expect(back.body.match.id).toBe('1.001193');
    expect(back.body.messages.length).toBeGreaterThan(0);

    const c = await app.services.store.getCase('1');
    expect(c).toMatchObject({ state: 'closed', communeCode: 'tien-yen', reason: 'asked', question: UNKNOWN });
    expect(c!.assignedAt).toBeGreaterThan(0);
    expect(c!.firstReplyAt).toBeGreaterThan(0);
    expect(c!.closedAt).toBeGreaterThan(0);

    // turn the case into knowledge: the question becomes an example and is matched at once
    const promoted = await app.services.handoff!.promoteCaseToExample('1', '1.001193', 'tester');
    expect(promoted.changed).toBe(true);
    expect(readFileSync(path.join(w.knowledgeDir, 'procedures/civil-status/1.001193.yaml'), 'utf8')).toContain(UNKNOWN);
    const learned = await app.chat('villager-2', UNKNOWN);
    expect(learned.body.match).toMatchObject({ decision: 'answer', id: '1.001193' });
    expect((await app.services.store.getCase('1'))!.promotedTo).toBe('1.001193');

    const draft = await app.services.handoff!.draftFaqFromCase('1', 'tester');
    const faq = readFileSync(path.join(w.knowledgeDir, draft.file), 'utf8');
    expect(faq).toMatch(/kind: faq/);
    expect(faq).toMatch(/curated: false/);
    expect(faq).toContain(answer);
    expect(app.services.knowledge.current().kb.entries.has('faq-case-1')).toBe(true);
  });

  it('two fallbacks in a row open a case; the villager can cancel and the holder is told', async () => {
    const { app, platforms } = w;
    await app.chat('villager-3', 'xyzzy qwrt');
    const second = await app.chat('villager-3', 'plugh zork');
    expect(second.body.match.decision).toBe('handoff');
    expect(second.body.messages[0].text).toMatch(/chưa trả lời được/);
    const typed = await app.chat('villager-3', 'tien yen');
    expect(typed.body.messages[0].text).toMatch(/Tiên Yên/);
    await w.say('zalo', 'demo-member-1', '/nhan 1');
    const cancel = await app.chat('villager-3', '', { payload: 'cancel_handoff' });
    expect(cancel.body.messages[0].text).toMatch(/Đã hủy/);
    expect(platforms.last('zalo', 'demo-member-1')).toMatch(/hủy ca #1/);
    expect((await app.services.store.getCase('1'))!.state).toBe('closed');
  });
});
