import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHandoffWorld, type HandoffWorld } from './handoff-fixture.js';

/** Opens case #n for a villager on the web chat with a known commune. */
async function openCase(w: HandoffWorld, user: string, commune: string): Promise<void> {
  await w.app.chat(user, 'gặp người hỗ trợ');
  await w.app.chat(user, '', { payload: `commune:${commune}` });
}

describe('handoff: team member commands and bad input', () => {
  let w: HandoffWorld;
  beforeEach(async () => {
    w = await startHandoffWorld();
  });
  afterEach(async () => {
    await w.close();
  });

  it('refuses commands from someone who is not a member, politely', async () => {
    const r = await w.app.chat('stranger', '/nhan 1');
    expect(r.body.messages[0].text).toMatch(/chỉ dành cho tổ công nghệ số/);
    expect(await w.app.services.store.listCases({})).toHaveLength(0);
  });

  it('keeps members to their own commune unless admin; unknown ids and missing parts get clear messages', async () => {
    await openCase(w, 'v1', 'tien-yen');
    expect((await w.say('zalo', 'demo-member-3', '/nhan 1'))[0]).toMatch(/không thuộc xã bạn phụ trách/);
    expect((await w.say('zalo', 'demo-member-3', '/nhan 999'))[0]).toMatch(/Không có ca #999/);
    expect((await w.say('zalo', 'demo-member-3', '/nhan'))[0]).toMatch(/Thiếu số ca/);
    expect((await w.say('zalo', 'demo-member-1', '/tl 1 chào'))[0]).toMatch(/chưa ai nhận/);
    expect((await w.say('zalo', 'demo-admin-1', '/nhan 1'))[0]).toMatch(/Bạn đã nhận ca #1/);
    expect((await w.say('zalo', 'demo-admin-1', '/tl 1'))[0]).toMatch(/Thiếu nội dung/);
    expect((await w.say('zalo', 'demo-member-1', '/nhan 1'))[0]).toMatch(/Demo Tỉnh nhận rồi/);
    expect((await w.say('zalo', 'demo-member-1', '/help'))[0]).toMatch(/\/chuyen/);
  });

  it('a member with two cases is asked which one; /ca lists them', async () => {
    await openCase(w, 'v1', 'tien-yen');
    await openCase(w, 'v2', 'tien-yen');
    await w.say('zalo', 'demo-member-1', '/nhan 1');
    await w.say('zalo', 'demo-member-1', '/nhan 2');
    expect((await w.say('zalo', 'demo-member-1', 'chào bạn'))[0]).toMatch(/đang giữ 2 ca/);
    expect((await w.say('zalo', 'demo-member-1', '/ca'))[0]).toMatch(/#1[\s\S]*#2|#2[\s\S]*#1/);
  });

  it('a member forwards an offline question to the province; the answer comes back to the member', async () => {
    const q = 'Hộ nghèo mua bảo hiểm y tế được hỗ trợ bao nhiêu?';
    expect((await w.say('zalo', 'demo-member-3', `/chuyen ${q} #binh-lieu`))[0]).toMatch(/ca #1/);
    expect(w.platforms.last('zalo', 'demo-admin-1')).toMatch(new RegExp(`Ca chuyển lên tỉnh #1 từ Demo Ba[\\s\\S]*${q.slice(0, 20)}`));
    expect((await w.say('zalo', 'demo-member-1', '/nhan 1'))[0]).toMatch(/không thuộc xã/);
    expect((await w.say('zalo', 'demo-member-3', '/chuyen'))[0]).toMatch(/Gõ câu hỏi sau \/chuyen/);
    expect((await w.say('zalo', 'demo-member-3', '/chuyen hỏi gì đó #khong-co'))[0]).toMatch(/Không có mã xã/);
    await w.say('zalo', 'demo-admin-1', '/nhan 1');
    await w.say('zalo', 'demo-admin-1', '/tl 1 Được ngân sách hỗ trợ toàn bộ, hỏi UBND xã.');
    expect(w.platforms.last('zalo', 'demo-member-3')).toMatch(/👤 Demo Tỉnh: Được ngân sách hỗ trợ/);
    expect(await w.app.services.store.getCase('1')).toMatchObject({ reason: 'forwarded', communeCode: 'binh-lieu', state: 'answered' });
  });

  it('a 👎 on an answer and "none of these" open cases', async () => {
    const down = await w.app.chat('v5', '', { payload: 'feedback:down:1.001193' });
    expect(down.body.match.decision).toBe('handoff');
    expect((await w.app.services.store.getCase('1'))!.reason).toBe('thumbs_down');
    const none = await w.app.chat('v6', '', { payload: 'none' });
    expect(none.body.match.decision).toBe('handoff');
    expect((await w.app.services.store.getCase('2'))!.reason).toBe('none_of_these');
  });

  it('a commune typed by name is searched; an unknown one is asked again; "don\'t know" goes to the province', async () => {
    await w.app.chat('v7', 'gặp người hỗ trợ');
    const miss = await w.app.chat('v7', 'Hà Nội');
    expect(miss.body.messages[0].text).toMatch(/chưa tìm thấy xã/);
    const unknown = await w.app.chat('v7', '', { payload: 'commune:unknown' });
    expect(unknown.body.messages[0].text).toMatch(/cán bộ hỗ trợ của tỉnh/);
    expect(w.platforms.last('zalo', 'demo-admin-1')).toMatch(/Ca #1/);
  });
});

describe('handoff: channels that cannot push', () => {
  let w: HandoffWorld;
  beforeEach(async () => {
    w = await startHandoffWorld({}, ['zalo', 'messenger']); // the app's own web-chat inbox stays in place
  });
  afterEach(async () => {
    await w.close();
  });

  it('the web chat finds the helper\'s replies in its inbox (GET /api/chat/inbox)', async () => {
    await openCase(w, 'web-1', 'tien-yen');
    await w.say('zalo', 'demo-member-1', '/nhan 1');
    expect((await w.say('zalo', 'demo-member-1', '/tl 1 Bạn ra UBND xã nhé.'))[0]).toMatch(/Đã gửi/);
    const inbox = await w.app.app.inject({ method: 'GET', url: '/api/chat/inbox?user=web-1' });
    expect(inbox.json().messages.map((m: { text: string }) => m.text).join('\n')).toMatch(/👤 .*Bạn ra UBND xã nhé/);
  });

  it('a channel with no sender at all keeps the replies on the case for the villager\'s next message', async () => {
    await w.say('terminal', 't-1', 'gặp người hỗ trợ');
    await w.say('terminal', 't-1', '', 'commune:tien-yen');
    await w.say('zalo', 'demo-member-1', '/nhan 1');
    expect((await w.say('zalo', 'demo-member-1', '/tl 1 Bạn ra UBND xã nhé.'))[0]).toMatch(/người dân sẽ thấy khi nhắn tin tiếp/);
    expect((await w.say('terminal', 't-1', 'vâng')).join('\n')).toMatch(/Bạn ra UBND xã nhé/);
  });
});
