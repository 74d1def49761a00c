import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { entryView } from '../../src/replies/localized-entry.js';
import { chromiumAvailable } from '../helpers/require.js';
import { startAdminApp, type AdminTestApp } from '../helpers/admin-session.js';
import { DESKTOP, launchBrowser, linesChangedInPlace, listen, PHONE, POLL, saveEntry, SHOTS, signIn } from '../helpers/admin-browser.js';

/** A catalogue entry with time and fee per channel (in person, online, post), amounts in đồng and an end date. */
const ID = '1.002636';

describe.runIf(chromiumAvailable())('entry facts edited by form (where to go, time and fee per channel), in Chromium', () => {
  let t: AdminTestApp;
  let browser: Browser;
  let page: Page;
  let file: string;

  const yamlHas = (text: string) => page.waitForFunction((s) => (document.querySelector('#yaml') as HTMLTextAreaElement).value.includes(s), text);

  /** Saves and returns the history diff's changed lines (the file may gain lines). */
  const saveAndHistory = () => saveEntry(page, t.services.store, ID);

  /** Saves and returns the file lines that changed (in place: the file keeps its length) and the history diff's changed lines. */
  async function saveAndDiff(before: string): Promise<{ fileLines: string[]; diff: string[] }> {
    const diff = await saveEntry(page, t.services.store, ID);
    const after = readFileSync(file, 'utf8');
    expect(after.split('\n').length).toBe(before.split('\n').length);
    return { fileLines: linesChangedInPlace(before, after), diff };
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

  it('Tày steps by form, with an icon: saved as a draft by their author, villagers keep the Vietnamese steps', async () => {
    await page.click('#tr-tay > summary');
    await page.click('#tr-tay-add-step');
    const row = page.locator('#tr-tay-steps li').last();
    await row.locator('.step-text').fill('Pước thử 1');
    await row.locator('.step-icon').selectOption('submit');
    await yamlHas('icon: submit\n  fields:');
    const diff = await saveAndHistory();
    expect(diff.every((l) => l.startsWith('+'))).toBe(true);
    expect(YAML.parse(readFileSync(file, 'utf8')).tay).toEqual({ review: 'draft', steps: [{ text: 'Pước thử 1', icon: 'submit' }], fields: { steps: { review: 'draft', author: 'binh' } } });
    const entry = t.services.knowledge.current().kb.entries.get(ID)!;
    expect(entryView(entry, 'tay').steps).toEqual(entry.steps);
    await expect.poll(() => page.locator('#tr-tay-reviews').textContent(), POLL).toContain('các bước: nháp (binh)');

    // one step's icon changed: one line in the history
    await page.locator('#tr-tay-steps li').first().locator('.step-icon').selectOption('pay');
    await yamlHas('icon: pay\n  fields:');
    expect(await saveAndHistory()).toEqual(['-       icon: submit', '+       icon: pay']);
    await page.locator('#translations').screenshot({ path: await shot('knowledge-translation-steps', DESKTOP) });
  }, 120_000);

  it('a related entry is picked by its title from a search, not typed as an id', async () => {
    const other = t.services.knowledge.current().kb.entries.get('1.000045')!;
    await page.fill('#related-search', other.title.split(' ').slice(0, 6).join(' '));
    const pick = page.locator('#related-results .related-pick[data-id="1.000045"]');
    await pick.waitFor();
    expect(await pick.textContent()).toContain(other.title);
    await pick.click();
    await yamlHas('related:\n  - "1.000045"');
    expect(await page.locator('#related-list li[data-id="1.000045"] .related-title').textContent()).toBe(other.title);
    expect(await saveAndHistory()).toEqual(['+ related:', '+   - "1.000045"']);
    expect(t.services.knowledge.current().kb.entries.get(ID)?.related).toEqual(['1.000045']);
    await page.locator('#related-box').screenshot({ path: await shot('knowledge-related', DESKTOP) });

    await page.click('#related-list li[data-id="1.000045"] button');
    await page.waitForFunction(() => !(document.querySelector('#yaml') as HTMLTextAreaElement).value.includes('related:'));
    expect(await saveAndHistory()).toEqual(['- related:', '-   - "1.000045"']);
  }, 120_000);

  it('says in Vietnamese what the form does not change, and offers "checked with the sources" only to an admin', async () => {
    expect(await page.locator('#fixed-fields').textContent()).toContain('Không sửa được trên trang: mã thủ tục 1.002636');
    expect(await page.locator('#reviewed-button').count()).toBe(0);
    expect(await page.locator('#review-box').textContent()).toContain('Chỉ quản trị viên');
    expect(await page.locator('#field-domain').isDisabled()).toBe(true);
  }, 60_000);

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
