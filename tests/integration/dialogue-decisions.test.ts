import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

/** What the bot decided, read from /api/chat the way a channel sees it. */
const said = (body: { messages: unknown[] }) => JSON.stringify(body.messages);
const buttons = (body: { messages: { type: string; buttons?: { payload: string }[] }[] }) =>
  body.messages.flatMap((m) => (m.type === 'buttons' ? m.buttons!.map((b) => b.payload) : []));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('dialogue: what the bot decides for one message', () => {
  let t: TestApp;
  let user = 0;
  const ask = (text: string, extra: Record<string, unknown> = {}) => t.chat(`decide-${++user}`, text, { lang: 'vi', ...extra });
  const locale = (key: string) => t.services.locales.t('vi', key);
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(async () => t.close());

  it.each([
    ['lam giay khai sinh cho con o dau', '1.001193'],
    ['Đăng kí kết hôn cần những gì', '1.000894'],
    ['dk ket hon', '1.000894'],
    ['khai sinh', '1.001193'],
  ])('answers "%s" with entry %s', async (text, id) => {
    const { status, body } = await ask(text);
    expect(status).toBe(200);
    expect(body.match).toMatchObject({ decision: 'answer', id });
  });

  it('asks "which one?" between close candidates, with at most 4 choices and a "none of these" button', async () => {
    const { body } = await ask('bang lai xe');
    expect(body.match.decision).toBe('clarify');
    const payloads = buttons(body);
    const entries = payloads.filter((p) => p.startsWith('entry:'));
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries.length).toBeLessThanOrEqual(4);
    expect(payloads).toContain('none');
  });

  it('says plainly it does not know and offers a person when nothing fits', async () => {
    const { body } = await ask('qwxz blorp vvv');
    expect(body.match.decision).toBe('fallback');
    expect(buttons(body)).toContain('handoff');
  });

  it.each(['thoi tiet ngay mai the nao', 'kết quả bóng đá tối qua', 'gia vang hom nay bao nhieu', 'người yêu bỏ em rồi buồn quá'])(
    'keeps to public services for "%s" and never offers a random procedure',
    async (text) => {
      const { body } = await ask(text);
      expect(body.match.decision).toBe('smalltalk');
      expect(body.match.id).toBeNull();
      expect(said(body)).toContain(locale('smalltalk.out_of_scope').slice(0, 30));
    },
  );

  it.each([
    ['xin chào', 'smalltalk.greeting'],
    ['cam on nhe', 'smalltalk.thanks'],
    ['menu', 'smalltalk.menu'],
  ])('small talk "%s"', async (text, key) => {
    const { body } = await ask(text);
    expect(body.match.decision).toBe('smalltalk');
    expect(said(body)).toContain(locale(key).slice(0, 20));
  });

  it('hands over to a person when asked in words', async () => {
    const { body } = await ask('cho toi gap can bo');
    expect(body.match.decision).toBe('handoff');
  });

  it.each([
    ['ma otp cua toi la 482913 gui cho can bo nhe', '482913'],
    ['Số CCCD của tôi 036 092 012 345, mật khẩu VNeID là Lan@2024', '036092012345'],
    ['so the atm 9704 1234 5678 9012', '9704123456789012'],
  ])('warns about sharing a secret in "%s", never echoes it and never stores it', async (text, digits) => {
    const { body } = await ask(text);
    const userKey = `api:decide-${user}`;
    expect(body.match.decision).toBe('smalltalk');
    expect(said(body)).toContain(locale('smalltalk.safety').slice(0, 20));
    expect(said(body).replace(/\D/g, '')).not.toContain(digits.slice(0, 6));
    await t.services.store.flush(); // the turn's event and session are on disk now, or the check below proves nothing
    const files = filesUnder(t.dataDir).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(files).toContain(userKey);
    const stored = files.replace(/[\s.-]/g, '');
    expect(stored).not.toContain(digits);
    expect(stored).not.toContain('Lan@2024');
  });

  it('warns when someone asks whether to give an OTP away', async () => {
    const { body } = await ask('co nguoi goi dien xin ma OTP, co nen dua khong');
    expect(said(body)).toContain(locale('smalltalk.safety').slice(0, 20));
  });

  it.each([
    ['empty text', ''],
    ['only emoji', '😀😀🙏'],
    ['5,000 characters', 'làm giấy khai sinh '.repeat(280)],
    ['mixed scripts', '我要 khai sinh для ребенка'],
    ['SQL', "'; DROP TABLE sessions; --"],
    ['HTML', '<script>alert(1)</script><b>khai sinh</b>'],
  ])('copes with %s: a sensible decision, no crash', async (_name, text) => {
    const { status, body } = await ask(text);
    expect(status).toBe(200);
    expect(['answer', 'clarify', 'fallback', 'smalltalk']).toContain(body.match.decision);
    expect(said(body)).not.toContain('<script>');
  });
});

describe('dialogue: buttons (payloads)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(async () => t.close());
  const tap = (user: string, payload: string) => t.chat(user, '', { lang: 'vi', payload });

  it('entry:<id> shows that entry', async () => {
    const { body } = await tap('p1', 'entry:1.000894');
    expect(body.match).toMatchObject({ decision: 'answer', id: '1.000894' });
  });

  it('field:<id>:<field> and more:<id> answer about that entry', async () => {
    expect((await tap('p2', 'field:1.001193:fee')).body.match).toMatchObject({ decision: 'followup', id: '1.001193' });
    expect((await tap('p2', 'more:1.001193')).body.match).toMatchObject({ decision: 'followup', id: '1.001193' });
  });

  it('topic:<domain> lists entries of that domain to choose from', async () => {
    const { body } = await tap('p3', 'topic:civil-status');
    const entries = buttons(body).filter((p) => p.startsWith('entry:'));
    expect(entries.length).toBeGreaterThan(0);
    for (const p of entries) expect(t.services.knowledge.current().kb.entries.get(p.slice(6))?.domain).toBe('civil-status');
  });

  it('topic:border lists border-area entries, and the menu offers it', async () => {
    const { body } = await tap('p3b', 'topic:border');
    const entries = buttons(body).filter((p) => p.startsWith('entry:'));
    expect(entries.length).toBeGreaterThan(0);
    for (const p of entries) expect(t.services.knowledge.current().kb.entries.get(p.slice(6))?.border_area).toBe(true);
    expect(buttons((await tap('p3b', 'menu')).body)).toContain('topic:border');
  });

  it('none hands over to a person; menu shows the menu', async () => {
    expect((await tap('p4', 'none')).body.match.decision).toBe('handoff');
    expect((await tap('p5', 'menu')).body.match.decision).toBe('smalltalk');
  });

  it('an unknown entry id or payload falls back to the menu, not an error', async () => {
    for (const p of ['entry:9.999999', 'field:1.001193:colour', 'bogus:thing']) {
      const { status, body } = await tap('p6', p);
      expect(status).toBe(200);
      expect(body.match.decision).toBe('smalltalk');
    }
  });
});
