import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { chromiumAvailable } from '../helpers/require.js';
import { startAdminApp, type AdminTestApp } from '../helpers/admin-session.js';
import { launchBrowser, linesChangedInPlace, listen, POLL, saveEntry, SHOTS, signIn } from '../helpers/admin-browser.js';

const ID = '1.001193';

describe.runIf(chromiumAvailable())('admin pages for a commune civil servant, in Chromium', () => {
  let t: AdminTestApp;
  let browser: Browser;
  let page: Page;
  let file: string;
  let base: string;

  beforeAll(async () => {
    t = await startAdminApp();
    base = await listen(t.app);
    file = path.join(t.knowledgeDir, t.services.knowledge.current().kb.files.get(ID)!);
    browser = await launchBrowser();
    page = await signIn(browser, base, 'an', { ready: '#kb-search', viewport: { width: 1366, height: 900 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 60_000);

  it('changes the copies of one paper, and the file and the history change by that one line', async () => {
    const before = readFileSync(file, 'utf8');
    const firstCopy = YAML.parse(before).documents[0].copy;
    await page.fill('#kb-search', ID);
    await page.click(`.entry-link[data-id="${ID}"]`);
    await page.waitForSelector('#documents li .doc-copy');
    await page.locator('#documents li').first().locator('.doc-copy').fill(String(firstCopy + 2));
    await page.waitForFunction((n) => /copy: (\d+)/.exec((document.querySelector('#yaml') as HTMLTextAreaElement).value)?.[1] === String(n), firstCopy + 2);
    const diff = await saveEntry(page, t.services.store, ID);
    const after = readFileSync(file, 'utf8');
    expect(YAML.parse(after).documents[0].copy).toBe(firstCopy + 2);
    expect(after.split('\n').length).toBe(before.split('\n').length);
    expect(linesChangedInPlace(before, after)).toEqual([`  copy: ${firstCopy + 2}`]);
    expect(diff).toEqual([`-   copy: ${firstCopy}`, `+   copy: ${firstCopy + 2}`]);
    await page.locator('#documents').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'entry-documents-1366.png'), fullPage: false });
  }, 120_000);

  it('adds a team member for a commune nobody served, who then receives the next case from it', async () => {
    await page.click('#tabs button[data-view="teams"]');
    await expect.poll(() => page.locator('#teams-uncovered').innerText(), POLL).toContain('xã Ba Chẽ');
    const card = page.locator('form.member.new');
    await card.locator('.m-name').fill('Tổ CNSCĐ Ba Chẽ (e2e)');
    await card.locator('.m-channel').selectOption('api');
    await card.locator('.m-id').fill('e2e-member-ba-che');
    await card.locator('.m-communes').selectOption(['ba-che']);
    await card.locator('.m-save').click();
    await expect.poll(() => page.locator('#teams-status').innerText(), POLL).toContain('Đã thêm');
    expect(await page.locator('#teams-uncovered').innerText()).not.toContain('xã Ba Chẽ');

    await expect.poll(async () => (await t.services.handoff!.teams.serving('ba-che')).length, POLL).toBe(1);
    const post = (body: object) => fetch(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'e2e-villager-bc', lang: 'vi', ...body }) });
    await post({ text: 'gặp người hỗ trợ' });
    await post({ text: '', payload: 'commune:ba-che' });
    const inbox = await (await fetch(`${base}/api/chat/inbox?user=e2e-member-ba-che`)).json();
    expect(inbox.messages.map((m: { text?: string }) => m.text ?? '').join('\n')).toMatch(/Ca #\d+[\s\S]*\/nhan/);
  }, 120_000);
});
