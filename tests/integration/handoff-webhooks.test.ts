import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakePlatform, RecordedCall } from '../fakes/fake-platform.js';
import { fixture } from '../fakes/fixtures.js';
import { settled } from '../helpers/app.js';
import { APP_SECRET, ZALO_SECRET, startSignedChannelsWorld, type HandoffWorld, type SignedChannelsWorld } from './handoff-fixture.js';

const VILLAGER = 'zalo-villager-0001';
const MEMBER = 'demo-member-2'; // on Messenger, serves xã Tiên Yên in the test teams.yaml
const UNKNOWN = 'bò nhà tôi đi lạc sang bên kia biên giới bị giữ lại';

/**
 * The villager on Zalo and the team member on Messenger, each through the real signed webhook,
 * the real channel pipeline and outbox, and a fake platform API on loopback at the far end.
 */
describe('handoff through the real Zalo and Messenger webhooks', () => {
  let zalo: FakePlatform;
  let meta: FakePlatform;
  let w: HandoffWorld;
  let world: SignedChannelsWorld | undefined;
  let seq = 0;

  beforeAll(async () => {
    world = await startSignedChannelsWorld();
    ({ zalo, meta, w } = world);
  });
  afterAll(async () => {
    await world?.close();
  });

  const toVillager = (c: RecordedCall) => c.body?.chat_id === VILLAGER;
  const toMember = (c: RecordedCall) => c.method === 'POST' && c.body?.recipient?.id === MEMBER;
  const textsOf = (calls: RecordedCall[]) => calls.map((c) => String(c.body?.text ?? c.body?.message?.text ?? c.body?.message?.attachment?.payload?.text ?? ''));

  /** Posts one villager message to /webhooks/zalo and waits until the bot has sent `expect` more messages to them. */
  async function villagerSays(text: string, expectMore = 1): Promise<string[]> {
    const before = zalo.calls.filter(toVillager).length;
    const f = fixture('zalo-bot/text-wrapped.json');
    Object.assign(f.result.message, { message_id: `v-${++seq}`, text, date: Date.now(), chat: { id: VILLAGER, chat_type: 'PRIVATE' }, from: { id: VILLAGER, display_name: 'Bà Lý Thị Test', is_bot: false } });
    const res = await w.app.app.inject({ method: 'POST', url: '/webhooks/zalo', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': ZALO_SECRET }, payload: JSON.stringify(f) });
    expect(res.statusCode).toBe(200);
    if (!expectMore) return [];
    await zalo.waitFor(toVillager, before + expectMore);
    await settle();
    return textsOf(zalo.calls.filter(toVillager).slice(before));
  }

  /** Waits until no more messages arrive for that user for a moment (one turn may send several). */
  /** Everything the bot had to send has reached the fakes. */
  const settle = () => settled(w.app.services);

  /** Posts one member message to /webhooks/messenger, signed, and waits for the bot's answers to them. */
  async function memberSays(text: string, expectMore = 1): Promise<string[]> {
    const before = meta.calls.filter(toMember).length;
    const f = fixture('messenger/text.json');
    Object.assign(f.entry[0].messaging[0], { sender: { id: MEMBER }, timestamp: Date.now() });
    Object.assign(f.entry[0].messaging[0].message, { mid: `m_member_${++seq}`, text });
    const raw = JSON.stringify(f);
    const sig = `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`;
    const res = await w.app.app.inject({ method: 'POST', url: '/webhooks/messenger', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig }, payload: raw });
    expect(res.statusCode).toBe(200);
    await meta.waitFor(toMember, before + expectMore);
    await settle();
    return textsOf(meta.calls.filter(toMember).slice(before));
  }

  it('ask → fallback → person → commune → member notified → takes → replies → villager receives → closes → knowledge', async () => {
    expect((await villagerSays('làm giấy khai sinh cho con ở đâu')).join('\n')).toMatch(/khai sinh/i);
    await villagerSays(UNKNOWN);
    const asked = (await villagerSays('gặp người hỗ trợ', 2)).join('\n');
    expect(asked).toMatch(/xã, phường nào/);
    expect(asked).toMatch(/Tiên Yên/); // the commune choices, as numbered text on Zalo

    const before = meta.calls.filter(toMember).length;
    expect((await villagerSays('tiên yên')).join('\n')).toMatch(/Tiên Yên[\s\S]*30 phút/);
    const notified = textsOf((await meta.waitFor(toMember, before + 1)).slice(before)).join('\n');
    expect(notified).toMatch(/Ca #1 – xã Tiên Yên/);
    expect(notified).toContain(UNKNOWN);
    expect(notified).toMatch(/\/nhan 1/);

    const vBefore = zalo.calls.filter(toVillager).length;
    expect((await memberSays('/nhan 1')).join('\n')).toMatch(/Bạn đã nhận ca #1[\s\S]*Bà Lý Thị Test/);
    expect(textsOf((await zalo.waitFor(toVillager, vBefore + 1)).slice(vBefore)).join('\n')).toMatch(/Anh Demo Hai .*đã nhận câu hỏi/);

    // the bot is quiet on Zalo: the villager's message reaches the member, the villager gets no bot answer
    const quietBefore = zalo.calls.filter(toVillager).length;
    const relayed = meta.calls.filter(toMember).length;
    await villagerSays('con tôi 3 tuổi rồi', 0);
    expect(textsOf((await meta.waitFor(toMember, relayed + 1)).slice(relayed)).join('\n')).toMatch(/💬 Ca #1 – Bà Lý Thị Test: con tôi 3 tuổi rồi/);
    await settle();
    expect(zalo.calls.filter(toVillager)).toHaveLength(quietBefore);

    const answer = 'Bà mang giấy tờ ra trạm thú y cửa khẩu, cán bộ sẽ hướng dẫn.';
    const replyBefore = zalo.calls.filter(toVillager).length;
    expect((await memberSays(`/tl 1 ${answer}`)).join('\n')).toMatch(/Đã gửi/);
    expect(textsOf((await zalo.waitFor(toVillager, replyBefore + 1)).slice(replyBefore)).join('\n')).toContain(`👤 Anh Demo Hai: ${answer}`);

    const closeBefore = zalo.calls.filter(toVillager).length;
    expect((await memberSays('/xong 1')).join('\n')).toMatch(/Đã đóng ca #1/);
    expect(textsOf((await zalo.waitFor(toVillager, closeBefore + 1)).slice(closeBefore)).join('\n')).toMatch(/trả lời bạn tiếp/);
    expect((await villagerSays('làm giấy khai sinh cho con ở đâu')).join('\n')).toMatch(/khai sinh/i);

    const c = await w.app.services.store.getCase('1');
    expect(c).toMatchObject({ channel: 'zalo', userId: VILLAGER, displayName: 'Bà Lý Thị Test', communeCode: 'tien-yen', state: 'closed', question: UNKNOWN });
    await w.app.services.handoff!.promoteCaseToExample('1', '1.001193');
    expect(readFileSync(path.join(w.knowledgeDir, 'procedures/civil-status/1.001193.yaml'), 'utf8')).toContain(UNKNOWN);
  });
});
