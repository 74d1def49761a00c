import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakePlatform, RecordedCall } from '../fakes/fake-platform.js';
import { fixture } from '../fakes/fixtures.js';
import { settled } from '../helpers/app.js';
import { APP_SECRET, ZALO_SECRET, startSignedChannelsWorld, type HandoffWorld, type SignedChannelsWorld } from './handoff-fixture.js';

const VILLAGER = 'zalo-villager-media';
const FB_VILLAGER = '1111222233334444';
const MEMBER = 'demo-member-2'; // on Messenger, serves xã Tiên Yên in the test teams.yaml
const PHOTO = 'https://photo-stal.zdn.vn/giay-chung-sinh-cua-con.jpg';

/** Photos, voice notes and stickers through the real signed webhooks, with fake platform APIs on loopback. */
describe('non-text messages', () => {
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
  const to = (id: string) => (c: RecordedCall) => c.method === 'POST' && c.body?.recipient?.id === id;
  const textsOf = (calls: RecordedCall[]) => calls.map((c) => JSON.stringify(c.body ?? {}));
  const settle = () => settled(w.app.services);

  /** Posts one Zalo Bot API update from the villager; waits for `expectMore` messages back to them. */
  async function zaloEvent(event: string, message: Record<string, unknown>, expectMore = 1): Promise<string> {
    const before = zalo.calls.filter(toVillager).length;
    const body = { ok: true, result: { event_name: event, message: { message_id: `v-${++seq}`, date: Date.now(), chat: { id: VILLAGER, chat_type: 'PRIVATE' }, from: { id: VILLAGER, display_name: 'Bà Lý Thị Test', is_bot: false }, ...message } } };
    const res = await w.app.app.inject({ method: 'POST', url: '/webhooks/zalo', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': ZALO_SECRET }, payload: JSON.stringify(body) });
    expect(res.statusCode).toBe(200);
    if (!expectMore) return '';
    await zalo.waitFor(toVillager, before + expectMore);
    await settle();
    return textsOf(zalo.calls.filter(toVillager).slice(before)).join('\n');
  }

  /** Posts one signed Messenger message from `sender`; waits for `expectMore` calls to them. */
  async function messengerMessage(sender: string, message: Record<string, unknown>, expectMore = 1): Promise<string> {
    const before = meta.calls.filter(to(sender)).length;
    const f = fixture('messenger/text.json');
    Object.assign(f.entry[0].messaging[0], { sender: { id: sender }, timestamp: Date.now() });
    f.entry[0].messaging[0].message = { mid: `m_${++seq}`, ...message };
    const raw = JSON.stringify(f);
    const sig = `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`;
    const res = await w.app.app.inject({ method: 'POST', url: '/webhooks/messenger', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig }, payload: raw });
    expect(res.statusCode).toBe(200);
    await meta.waitFor(to(sender), before + expectMore);
    await settle();
    return textsOf(meta.calls.filter(to(sender)).slice(before)).join('\n');
  }

  it('a Messenger photo gets a plain "I cannot see photos" with a button to a person', async () => {
    const sent = await messengerMessage(FB_VILLAGER, { attachments: [{ type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/example.jpg' } }] });
    expect(sent).toContain('Tôi chưa xem được ảnh');
    expect(sent).toContain('"payload":"handoff"');
  });

  it('a Zalo voice note and a sticker get the clear reply with the person choice', async () => {
    const voice = await zaloEvent('message.voice.received', { voice_url: 'https://voice-stal.zdn.vn/example.aac' });
    expect(voice).toContain('Tôi chưa nghe được tin nhắn thoại');
    expect(voice).toContain('Gặp người hỗ trợ');
    const sticker = await zaloEvent('message.sticker.received', { sticker: '0e078a2fb66a5f34067b', url: 'https://zalo-api.zadn.vn/api/emoticon/sticker/webpc?eid=1&size=130' });
    expect(sticker).toContain('nhãn dán');
    expect(sticker).toContain('Gặp người hỗ trợ');
  });

  it('with a case open and taken, the photo link reaches the team member instead of a bot answer', async () => {
    await zaloEvent('message.text.received', { text: 'gặp người hỗ trợ' }, 2);
    const notifiedBefore = meta.calls.filter(to(MEMBER)).length;
    await zaloEvent('message.text.received', { text: 'tiên yên' });
    const notified = textsOf((await meta.waitFor(to(MEMBER), notifiedBefore + 1)).slice(notifiedBefore)).join('\n');
    const caseId = /Ca #(\d+)/.exec(notified)?.[1];
    expect(caseId).toBeTruthy();
    await messengerMessage(MEMBER, { text: `/nhan ${caseId}` });
    await settle();

    const quietBefore = zalo.calls.filter(toVillager).length;
    const relayed = meta.calls.filter(to(MEMBER)).length;
    await zaloEvent('message.image.received', { photo_url: PHOTO, caption: '' }, 0);
    const toMember = textsOf((await meta.waitFor(to(MEMBER), relayed + 1)).slice(relayed)).join('\n');
    expect(toMember).toContain(PHOTO);
    expect(toMember).toContain('[image]');
    await settle();
    expect(zalo.calls.filter(toVillager)).toHaveLength(quietBefore);
  });
});
