import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

describe('POST /api/chat', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('answers a villager typing without diacritics with the birth-registration entry', async () => {
    const { status, body } = await t.chat('u1', 'lam giay khai sinh cho con o dau', { lang: 'vi' });
    expect(status).toBe(200);
    expect(body.match.id).toBe('1.001193');
    expect(body.match.decision).toBe('answer');
    expect(body.messages.length).toBeGreaterThan(0);
    expect(JSON.stringify(body.messages)).toContain('khai sinh');
  });

  it.each([
    ['no body', undefined],
    ['text missing', { user: 'u' }],
    ['text not a string', { user: 'u', text: 42 }],
    ['array body', [1, 2]],
  ])('rejects %s with 400', async (_name, payload) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/chat', headers: { 'content-type': 'application/json' }, payload: payload === undefined ? '' : JSON.stringify(payload) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBeTruthy();
  });

  it('rejects broken JSON with 400 and a body over 16 KB with 413', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/chat', headers: { 'content-type': 'application/json' }, payload: '{"user": "u", "text": ' });
    expect(bad.statusCode).toBe(400);
    const big = await t.app.inject({ method: 'POST', url: '/api/chat', payload: { user: 'u', text: 'a'.repeat(17_000) } });
    expect(big.statusCode).toBe(413);
  });

  it.each([
    ['5,000 characters', 'khai sinh '.repeat(500)],
    ['emoji only', '😀😀🙏'],
    ['control characters', 'khai\u0000 sinh\u0007\u001b[31m'],
  ])('gives a sensible reply to %s', async (_name, text) => {
    const { status, body } = await t.chat('u2', text);
    expect(status).toBe(200);
    expect(body.messages.length).toBeGreaterThan(0);
  });
});

describe('health', () => {
  it('reports live and ready', async () => {
    const t = await startTestApp();
    expect((await t.app.inject('/healthz')).statusCode).toBe(200);
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    await t.close();
  });
});
