import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordProblem } from '../../src/admin/password.js';
import { validateEditedEntry } from '../../src/admin/entry-validate.js';
import { oaEventFresh } from '../../src/channels/zalo-oa/signature.js';
import { loadConfig } from '../../src/config.js';
import { startAdminApp, type AdminTestApp } from '../helpers/admin-session.js';

const ENTRY = readFileSync(path.resolve('knowledge/procedures/civil-status/1.001193.yaml'), 'utf8');
const reasons = (text: string) => validateEditedEntry(text).problems.filter((p) => p.severity === 'error').map((p) => p.reason).join('\n');

describe('hostile input is refused: validation', () => {
  it('refuses a password of only spaces', () => {
    expect(passwordProblem(' '.repeat(10))).toMatch(/not spaces/);
    expect(passwordProblem(`  ${'x'.repeat(5)}   `)).not.toBeNull();
    expect(passwordProblem('correct horse battery')).toBeNull();
  });

  it('refuses a ZALO_WEBHOOK_SECRET outside 8–256 characters', () => {
    expect(() => loadConfig({ ZALO_WEBHOOK_SECRET: 'a' })).toThrow(/ZALO_WEBHOOK_SECRET must be 8 to 256/);
    expect(() => loadConfig({ ZALO_WEBHOOK_SECRET: 'x'.repeat(257) })).toThrow(/ZALO_WEBHOOK_SECRET/);
    expect(loadConfig({ ZALO_WEBHOOK_SECRET: 'x'.repeat(8) }).zalo.webhookSecret).toBe('x'.repeat(8));
  });

  it('refuses a signed Zalo OA event older than 5 minutes', () => {
    const now = Date.now();
    expect(oaEventFresh({ timestamp: String(now - 30 * 86_400_000) }, undefined, now)).toBe(false);
    expect(oaEventFresh({ timestamp: String(now - 60_000) }, undefined, now)).toBe(true);
    expect(oaEventFresh({}, undefined, now)).toBe(false);
  });

  it.each(['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', ' JavaScript:alert(1)'])('refuses the link %s in an entry', (link) => {
    expect(reasons(`${ENTRY}\nonline: { mode: full, url: "${link}" }\n`.replace(/^online:.*\n(?=[\s\S]*^online:)/m, ''))).toMatch(/not allowed|must start with https/);
    expect(reasons(`${ENTRY.replace(/^summary: .*$/m, '')}\nsummary: "Bấm [đây](${link.trim()}) để nộp"\n`)).toMatch(/not allowed/);
  });

  it('refuses a 262 KB summary and a field over its limit', () => {
    const body = ENTRY.replace(/^summary: .*$/m, '');
    expect(reasons(`${body}\nsummary: "${'a'.repeat(262_000)}"\n`)).toMatch(/at most/);
    expect(reasons(`${body}\nsummary: "${'a'.repeat(1200)}"\n`)).toMatch(/summary: at most 1000/);
  });

  it('refuses deeply nested YAML before parsing it', () => {
    expect(reasons(`${ENTRY}\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n`)).toMatch(/nests deeper/);
  });
});

describe('hostile input is refused: HTTP', () => {
  let t: AdminTestApp;
  beforeAll(async () => {
    t = await startAdminApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps /admin/docs behind sign-in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/admin/docs' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const s = await t.login('an');
    const signedIn = await t.app.inject({ method: 'GET', url: '/admin/docs/json', headers: { cookie: s.cookie } });
    expect(signedIn.statusCode).toBe(200);
  });

  it('serves /chat with frame-ancestors and nosniff', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/chat' });
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers every error in the one shape {error: {code, message}}', async () => {
    const cases = [
      await t.app.inject({ method: 'GET', url: '/nowhere' }),
      await t.app.inject({ method: 'POST', url: '/api/chat', headers: { 'content-type': 'application/json' }, payload: '{bad json' }),
      await t.app.inject({ method: 'POST', url: '/api/chat', headers: { 'content-type': 'text/plain' }, payload: 'hi' }),
      await t.app.inject({ method: 'POST', url: '/api/chat', payload: { user: 'x', text: 'a'.repeat(20_000) } }),
      await t.app.inject({ method: 'POST', url: '/admin/api/login', payload: { user: 'an' } }),
      await t.app.inject({ method: 'GET', url: '/admin/static/..%2F..%2Fetc%2Fpasswd' }),
      await t.app.inject({ method: 'GET', url: '/media/cards/nothing.png' }),
    ];
    for (const res of cases) {
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      const body = res.json();
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error).toEqual({ code: expect.any(String), message: expect.any(String), ...(body.error.details ? { details: body.error.details } : {}) });
    }
  });
});
