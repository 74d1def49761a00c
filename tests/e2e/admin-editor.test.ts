import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../helpers/require.js';
import { startAdminApp, type AdminTestApp } from '../helpers/admin-session.js';
import { launchBrowser, listen, POLL, signIn } from '../helpers/admin-browser.js';

const ID = '1.001193';
const STEP = 'Mang giấy chứng sinh của bệnh viện đến xã';
const ASK_STEPS = 'cac buoc dang ky khai sinh';
const MISSED = 'em bé mới chào đời báo xã thế nào';
const HOSTILE = '<img src=x onerror="window.__xss=1">';

describe.runIf(chromiumAvailable())('admin page in Chromium', () => {
  let t: AdminTestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let file: string;

  const chat = async (user: string, text: string) => (await t.chat(user, text, { lang: 'vi' })).body;

  beforeAll(async () => {
    t = await startAdminApp();
    base = await listen(t.app);
    file = path.join(t.knowledgeDir, t.services.knowledge.current().kb.files.get(ID)!);
    browser = await launchBrowser();
    page = await signIn(browser, base, 'an', { ready: '#kb-search', viewport: { width: 1400, height: 1000 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 60_000);

  it('finds an entry, changes a step, previews, saves (file + bot change), then reverts', async () => {
    const original = readFileSync(file, 'utf8');
    await page.fill('#kb-search', 'dang ky khai sinh');
    await page.click(`.entry-link[data-id="${ID}"]`);
    await page.waitForFunction(() => (document.querySelector('#yaml') as HTMLTextAreaElement | null)?.value.includes('id:'));
    const first = page.locator('#steps li:first-child .step-text');
    if (await first.count()) await first.fill(STEP);
    else {
      await page.click('#add-step');
      await page.locator('#steps li:last-child .step-text').pressSequentially(STEP, { delay: 5 });
    }
    await page.waitForFunction((s) => (document.querySelector('#yaml') as HTMLTextAreaElement).value.includes(s), STEP);
    await page.click('#preview-button');
    await expect.poll(() => page.locator('.phone[data-lang="vi"]').innerText(), POLL).toContain(STEP);
    await expect.poll(() => page.locator('.phone[data-lang="tay"] img').getAttribute('src'), POLL).toMatch(/^data:image\/(png|svg\+xml);base64,/);
    await page.screenshot({ path: '/tmp/admin-editor.png', fullPage: true });

    await page.click('#save-button');
    await expect.poll(() => page.locator('#save-status').innerText(), POLL).toContain('Đã lưu');
    expect(readFileSync(file, 'utf8')).toContain(STEP);
    expect(JSON.stringify((await chat('e2e-1', ASK_STEPS)).messages)).toContain(STEP);

    await page.click('#history details.change summary');
    await page.click('#history details.change .revert');
    await expect.poll(() => page.locator('#save-status').innerText(), POLL).toContain('Đã hoàn tác');
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(JSON.stringify((await chat('e2e-2', ASK_STEPS)).messages)).not.toContain(STEP);
  }, 120_000);

  it('adds a missed question as an example from the missed tab, and the bot then answers it', async () => {
    const before = await chat('e2e-3', MISSED);
    expect(before.match.decision === 'answer' && before.match.id === ID).toBe(false);
    await page.click('#tabs button[data-view="missed"]');
    const row = page.locator('#missed-groups tr', { hasText: 'chào đời' });
    await row.locator('.entry-pick').fill(ID);
    await row.locator('.add-example').click();
    await expect.poll(() => page.locator('#missed-status').innerText(), POLL).toContain('Đã thêm');
    expect((await chat('e2e-4', MISSED)).match).toMatchObject({ decision: 'answer', id: ID });

    await page.locator('#missed-groups tr', { hasText: 'chào đời' }).locator('.draft').click();
    await expect.poll(() => page.locator('#editor-title').innerText(), POLL).toBe('Mục mới');
    expect(await page.inputValue('#yaml')).toContain('kind: faq');
    await expect.poll(() => page.locator('#problems .error').count(), POLL).toBe(0);
  }, 120_000);

  it('shows HTML typed into any field as text, never as markup', async () => {
    await chat('e2e-5', `${HOSTILE} <b>chữ đậm</b>`);
    const now = Date.now();
    await t.services.store.saveCase({ id: 'C1', channel: 'api', userId: 'e2e-6', displayName: HOSTILE, lang: 'vi', reason: 'asked', question: `<script>window.__xss=2</script>`, messages: [{ from: 'user', text: HOSTILE, at: now }], state: 'open', createdAt: now, updatedAt: now });
    await page.click('#tabs button[data-view="missed"]');
    await expect.poll(() => page.locator('#missed-groups').innerText(), POLL).toContain('<b>chữ đậm</b>');
    await page.click('#tabs button[data-view="cases"]');
    await expect.poll(() => page.locator('#case-list').innerText(), POLL).toContain('<script>window.__xss=2</script>');
    await page.click('#tabs button[data-view="knowledge"]');
    await page.fill('#kb-search', ID);
    await page.click(`.entry-link[data-id="${ID}"]`);
    await page.waitForSelector('#field-title');
    await page.fill('#field-title', `Khai sinh ${HOSTILE}`);
    await page.waitForFunction(() => (document.querySelector('#yaml') as HTMLTextAreaElement).value.includes('onerror'));
    await page.click('#preview-button');
    await expect.poll(() => page.locator('.phone[data-lang="vi"]').innerText(), POLL).toContain(HOSTILE);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('main img[src="x"], main b:has-text("chữ đậm")').count()).toBe(0);
  }, 120_000);

  it('checks the YAML as you type and tells the second editor that the entry changed', async () => {
    await page.click('#tabs button[data-view="knowledge"]');
    await page.fill('#kb-search', ID);
    await page.click(`.entry-link[data-id="${ID}"]`);
    await page.waitForFunction(() => (document.querySelector('#yaml') as HTMLTextAreaElement | null)?.value.includes('id:'));
    const text = await page.inputValue('#yaml');
    await page.fill('#yaml', text.replace(/^kind: .*$/m, 'kind: recipe'));
    await expect.poll(() => page.locator('#problems').innerText(), POLL).toContain('kind');
    await page.fill('#yaml', text.replace(/^fee: .*$/m, 'fee: Miễn phí (trình duyệt)'));
    await expect.poll(() => page.locator('#problems .error').count(), POLL).toBe(0);
    const other = await t.login('binh');
    const current = await t.api('GET', `/admin/api/entries/${ID}`, other);
    expect((await t.api('PUT', `/admin/api/entries/${ID}`, other, { text: current.body.text.replace(/^fee: .*$/m, 'fee: Miễn phí (người khác)'), baseHash: current.body.hash })).status).toBe(200);
    await page.click('#save-button');
    await expect.poll(() => page.locator('#save-status').innerText(), POLL).toContain('vừa được người khác sửa');
    expect(readFileSync(file, 'utf8')).toContain('(người khác)');
    expect(readFileSync(file, 'utf8')).not.toContain('(trình duyệt)');
  }, 120_000);

  it('draws the numbers as a chart', async () => {
    await page.click('#tabs button[data-view="stats"]');
    await expect.poll(() => page.locator('svg.chart rect').count(), POLL).toBeGreaterThan(0);
    expect(await page.locator('#stats-body').innerText()).toContain('Web chat');
    await page.screenshot({ path: '/tmp/admin-stats.png', fullPage: true });
    await page.click('#tabs button[data-view="cases"]');
    await page.waitForSelector('#case-list article');
    await page.screenshot({ path: '/tmp/admin-cases.png', fullPage: true });
    await page.click('#tabs button[data-view="missed"]');
    await page.waitForSelector('#missed-groups tr');
    await page.screenshot({ path: '/tmp/admin-missed.png', fullPage: true });
  }, 120_000);
});
