import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { chromiumAvailable } from '../helpers/require.js';
import { startAdminApp, type AdminTestApp } from '../helpers/admin-session.js';
import { DESKTOP, launchBrowser, listen, PHONE, POLL, SHOTS, signIn } from '../helpers/admin-browser.js';

/** A catalogue entry with time and fee per channel (in person, online, post), amounts in đồng and an end date. */
const ID = '1.002636';

/** The "-"/"+" lines of a history diff (not its headers). */
const changedLines = (diff: string) => diff.split('\n').filter((l) => /^[-+](?![-+])/.test(l));

describe.runIf(chromiumAvailable())('entry facts edited by form (where to go, time and fee per channel), in Chromium', () => {
  let t: AdminTestApp;
  let browser: Browser;
  let page: Page;
  let file: string;

  const yamlHas = (text: string) => page.waitForFunction((s) => (document.querySelector('#yaml') as HTMLTextAreaElement).value.includes(s), text);

  /** Saves and returns the file lines that changed and the history diff's changed lines. */
  async function saveAndDiff(before: string): Promise<{ fileLines: string[]; diff: string[] }> {
    const saves = (await t.services.store.listKnowledgeChanges({ entryId: ID, limit: 100 })).length;
    await page.click('#save-button');
    await expect.poll(async () => (await t.services.store.listKnowledgeChanges({ entryId: ID, limit: 100 })).length, POLL).toBe(saves + 1);
    await expect.poll(() => page.locator('#save-status').textContent(), POLL).toContain('Đã lưu');
    const after = readFileSync(file, 'utf8');
    const a = before.split('\n');
    const b = after.split('\n');
    expect(b.length).toBe(a.length);
    const [change] = await t.services.store.listKnowledgeChanges({ entryId: ID, limit: 1 });
    return { fileLines: b.filter((line, i) => line !== a[i]), diff: changedLines(change?.diff ?? '') };
  }

  beforeAll(async () => {
    t = await startAdminApp();
    const base = await listen(t.app);
    file = path.join(t.knowledgeDir, t.services.knowledge.current().kb.files.get(ID) ?? '');
    browser = await launchBrowser();
    page = await signIn(browser, base, 'binh', { ready: '#kb-search' });
    await page.fill('#kb-search', ID);
    await page.click(`.entry-link[data-id="${ID}"]`);
    await page.waitForSelector('#channels li.channel .ch-amounts');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 60_000);

  it('shows the amounts in đồng and the end date as a civil servant writes them', async () => {
    const first = page.locator('#channels li.channel').first();
    expect(await first.locator('.ch-mode').inputValue()).toBe('in_person');
    expect(await first.locator('.ch-amounts').inputValue()).toBe('7.500.000');
    expect(await first.locator('.ch-until').inputValue()).toBe('31/12/2026');
    expect(await page.locator('#until-fee').inputValue()).toBe('31/12/2026');
    expect(await page.locator('#field-agency').inputValue()).toBe('Cơ quan cấp tỉnh');
  });

  it('changes the processing time of the online channel: one line in the file and in the history', async () => {
    const before = readFileSync(file, 'utf8');
    const online = page.locator('#channels li.channel').nth(1);
    expect(await online.locator('.ch-mode').inputValue()).toBe('online');
    await online.locator('.ch-duration').fill('15 ngày làm việc');
    await yamlHas('duration: 15 ngày làm việc');
    const saved = await saveAndDiff(before);
    expect(saved.fileLines).toEqual(['    duration: 15 ngày làm việc']);
    expect(saved.diff).toEqual(['-     duration: 20 ngày làm việc', '+     duration: 15 ngày làm việc']);
    expect(t.services.knowledge.current().kb.entries.get(ID)?.channels?.[1]?.duration).toBe('15 ngày làm việc');
  }, 120_000);

  it('refuses a fee that is not an amount in đồng, in Vietnamese, then saves the corrected amount as one line', async () => {
    const before = readFileSync(file, 'utf8');
    const post = page.locator('#channels li.channel').nth(2);
    await post.locator('.ch-amounts').fill('bảy triệu');
    await expect.poll(() => page.locator('#form-problem').textContent(), POLL).toContain('ghi số đồng');
    expect(await page.locator('#form-problem').textContent()).toContain('Cách nộp › 3 › Số tiền (đồng)');
    expect(await page.locator('#yaml').inputValue()).toBe(before);

    await post.locator('.ch-amounts').fill('8.000.000');
    await yamlHas('- 8000000');
    await page.locator('#channels-box').screenshot({ path: await shot('knowledge-channels', DESKTOP) });
    const saved = await saveAndDiff(before);
    expect(saved.fileLines).toEqual(['      - 8000000']);
    expect(saved.diff).toEqual(['-       - 7500000', '+       - 8000000']);
    expect(YAML.parse(readFileSync(file, 'utf8')).channels[2].fee_vnd).toEqual([8_000_000]);
  }, 120_000);

  it('changes the agency (where to go): one line in the file and in the history; the bot uses it', async () => {
    const before = readFileSync(file, 'utf8');
    await page.fill('#field-agency', 'Sở Xây dựng tỉnh Quảng Ninh');
    await yamlHas('agency: Sở Xây dựng tỉnh Quảng Ninh');
    const saved = await saveAndDiff(before);
    expect(saved.fileLines).toEqual(['agency: Sở Xây dựng tỉnh Quảng Ninh']);
    expect(saved.diff).toEqual(['- agency: Cơ quan cấp tỉnh', '+ agency: Sở Xây dựng tỉnh Quảng Ninh']);
    expect(t.services.knowledge.current().kb.entries.get(ID)?.agency).toBe('Sở Xây dựng tỉnh Quảng Ninh');
    await page.setViewportSize(PHONE);
    await page.locator('#where-to-go').scrollIntoViewIfNeeded();
    await page.screenshot({ path: await shot('knowledge-facts', PHONE) });
    await page.setViewportSize(DESKTOP);
  }, 120_000);

  it('a date written wrong is refused with the form it should take', async () => {
    await page.fill('#until-fee', '31/02/2027');
    await expect.poll(() => page.locator('#form-problem').textContent(), POLL).toContain('ngày/tháng/năm');
    await page.fill('#until-fee', '31/12/2026');
    await expect.poll(() => page.locator('#save-status').textContent(), POLL).toBe('');
  }, 60_000);
});

async function shot(name: string, size: { width: number; height: number }): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  return path.join(SHOTS, `${name}-${size.width}x${size.height}.png`);
}
