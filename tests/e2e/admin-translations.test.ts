import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { fromXlsx, toXlsx } from '../../src/admin/translations/sheet.js';
import { chromiumAvailable } from '../helpers/require.js';
import { startTranslationApp, type TranslationTestApp } from '../helpers/translation-app.js';
import { DESKTOP, launchBrowser, listen, POLL, SHOTS, signIn as signInAs } from '../helpers/admin-browser.js';

const KEY = 'label.steps';
const TAY = 'TEST-TÀY các bước (e2e)';
const ASK = 'cac buoc dang ky khai sinh';

describe.runIf(chromiumAvailable())('translation tab in Chromium', () => {
  let t: TranslationTestApp;
  let browser: Browser;
  let base: string;

  /** A villager on the real HTTP API who picks Tày, then asks. */
  async function villagerInTay(user: string): Promise<string> {
    const post = (body: object) => fetch(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, ...body }) }).then((r) => r.json());
    await post({ text: '', payload: 'lang:tay' });
    return JSON.stringify((await post({ text: ASK })).messages);
  }

  const signIn = (user: string, viewport = DESKTOP): Promise<Page> => signInAs(browser, base, user, { ready: `#tr-queue [data-key="${KEY}"]`, viewport });

  beforeAll(async () => {
    t = await startTranslationApp();
    base = await listen(t.app);
    browser = await launchBrowser();
    for (let i = 0; i < 2; i++) await villagerInTay(`seed-${i}`);
    mkdirSync(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 60_000);

  it('one Tày translator drafts, a second reviews, and a villager choosing Tày then sees it', async () => {
    const first = await signIn('tay1');
    expect(await first.locator('#tabs button[data-view="translations"]').getAttribute('class')).toContain('active');
    const row = first.locator(`#tr-queue [data-key="${KEY}"]`);
    expect(await row.innerText()).toContain('Các bước');
    await row.locator('.tr-text').fill(TAY);
    await row.locator('.tr-save').click();
    await expect.poll(() => first.locator(`#tr-queue [data-key="${KEY}"] .tr-note`).innerText(), POLL).toContain('Đã lưu nháp');
    expect(await first.locator(`#tr-queue [data-key="${KEY}"] .tr-review`).isDisabled()).toBe(true);
    expect(await villagerInTay('before-review')).not.toContain(TAY);
    await first.close();

    const second = await signIn('tay2');
    const draft = second.locator(`#tr-queue [data-key="${KEY}"]`);
    expect(await draft.innerText()).toContain('Người dịch: tay1');
    await second.selectOption('#tr-filter', 'draft');
    await second.screenshot({ path: path.join(SHOTS, 'translations-1366x768.png') });
    await draft.locator('.tr-review').click();
    await expect.poll(() => second.locator(`#tr-queue [data-key="${KEY}"] .badge`).innerText(), POLL).toContain('Đã duyệt');
    const file = YAML.parse(readFileSync(path.join(t.localesDir, 'tay.yaml'), 'utf8'));
    expect(file.reviewers[KEY]).toBe('tay2');
    expect(await villagerInTay('after-review')).toContain(TAY);
    await second.close();

    const phone = await signIn('tay2', { width: 390, height: 844 });
    await phone.selectOption('#tr-filter', 'draft');
    await phone.screenshot({ path: path.join(SHOTS, 'translations-390x844.png') });
    await phone.close();
  }, 120_000);

  it('exports the queue from the page, edits the file, imports it back: the good row is saved, the bad one reported by row', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-xlsx-'));
    try {
      const page = await signIn('tay1');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#tr-export-xlsx')]);
      const exported = path.join(dir, 'export.xlsx');
      await download.saveAs(exported);
      const rows = fromXlsx(readFileSync(exported));
      const row = (key: string) => rows.find((r) => r[0] === key) ?? [];
      row('label.fee')[3] = 'TEST-TÀY lệ phí (e2e)';
      const bad = rows.findIndex((r) => r[0] === 'label.duration');
      const badRow = row('label.duration');
      badRow[0] = 'no.such.key';
      badRow[3] = 'TEST';
      const edited = path.join(dir, 'edited.xlsx');
      writeFileSync(edited, toXlsx(rows, 'tay'));
      await page.setInputFiles('#tr-file', edited);
      await page.click('#tr-import');
      await expect.poll(() => page.locator('#tr-import-report').textContent(), POLL).toContain('Đã nhận 1 dòng');
      expect(await page.locator('#tr-rejected').textContent()).toContain('no.such.key');
      expect(await page.locator('#tr-rejected').textContent()).toContain(String(bad + 1));
      const file = YAML.parse(readFileSync(path.join(t.localesDir, 'tay.yaml'), 'utf8'));
      expect(file.strings['label.fee']).toBe('TEST-TÀY lệ phí (e2e)');
      expect(file.review['label.fee']).toBe('draft');
      expect(file.strings['no.such.key']).toBeUndefined();
      await page.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
