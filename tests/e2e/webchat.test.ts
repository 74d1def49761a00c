import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumAvailable } from '../helpers/require.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeRepliesKnowledge } from '../helpers/replies-fixture.js';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const WAIT = { timeout: 20_000 };

describe.runIf(chromiumAvailable())('web chat page in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  const errors: string[] = [];

  beforeAll(async () => {
    // PUBLIC_BASE_URL points elsewhere on purpose: the page loads the bot's own media from its origin.
    t = await startTestApp({ KNOWLEDGE_DIR: makeRepliesKnowledge(), PUBLIC_BASE_URL: 'https://bot.example.vn' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    page = await browser.newPage({ viewport: { width: 400, height: 800 } });
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${base}/chat`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const lastBot = () => page.locator('.msg.bot').last();

  it('answers a typed question with text, the card image and tappable buttons', async () => {
    await page.fill('#input', 'lam giay khai sinh cho con o dau');
    await page.press('#input', 'Enter');
    await page.locator('.msg.bot', { hasText: 'Đăng ký khai sinh' }).first().waitFor(WAIT);
    const img = page.locator('.msg.bot img').first();
    await img.waitFor(WAIT);
    expect(await img.getAttribute('src')).toMatch(/^\/media\/cards\/1\.001193\.vi\.png\?s=[\w-]{16}$/);
    await page.waitForFunction(() => (document.querySelector('.msg.bot img') as HTMLImageElement | null)?.naturalWidth === 720, undefined, WAIT);
    await expect.poll(() => page.locator('button.btn[data-payload="more:1.001193"]').count()).toBe(1);
    // the portal link is one tap away (issue 12: the first answer stays short)
    await page.click('button.btn[data-payload="field:1.001193:online"]');
    await page.locator('.msg.bot a').first().waitFor(WAIT);
    expect(await page.locator('.msg.bot a').first().getAttribute('href')).toMatch(/^https:\/\/dichvucong\.gov\.vn\//);
  });

  it('taps a button and shows the reply', async () => {
    await page.click('button.btn[data-payload="more:1.001193"]');
    await page.locator('.msg.bot', { hasText: 'Chi tiết: Đăng ký khai sinh' }).waitFor(WAIT);
    expect(await page.locator('.msg.bot', { hasText: '7. ▶️ Kiểm tra lại thông tin trên giấy' }).count()).toBe(1);
  });

  it('changes the language with the 🌐 picker; the user id survives a reload', async () => {
    await page.click('#lang');
    await page.locator('button.btn[data-payload="lang:en"]').last().waitFor(WAIT);
    await page.locator('button.btn[data-payload="lang:en"]').last().click();
    await page.locator('.msg.bot', { hasText: 'Language: English' }).waitFor(WAIT);
    const user = await page.evaluate(() => localStorage.getItem('qnbot.user'));
    expect(user).toMatch(/^web-/);
    await page.reload();
    await page.fill('#input', 'mất bao lâu');
    await page.press('#input', 'Enter');
    await page.locator('.msg.bot', { hasText: 'Time: Trong ngày' }).waitFor(WAIT);
    expect(await page.evaluate(() => localStorage.getItem('qnbot.user'))).toBe(user);
  });

  it('plays the answer read aloud in an audio player', async () => {
    await page.click('button.btn[data-payload="audio:1.001193"] >> nth=-1');
    const audio = page.locator('.msg.bot audio').last();
    await audio.waitFor(WAIT);
    expect(await audio.getAttribute('src')).toMatch(/^\/media\/audio\/[a-f0-9]{24}\.mp3\?s=[\w-]{16}$/);
  });

  it('shows a helper\'s message that arrives outside a turn (inbox polling)', async () => {
    const user = (await page.evaluate(() => localStorage.getItem('qnbot.user')))!;
    await t.services.outbound.send('api', user, [{ type: 'text', text: '👤 Demo: Bạn mang căn cước nhé.' }]);
    await page.locator('.msg.bot', { hasText: 'Bạn mang căn cước nhé.' }).waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
  }, 20_000);
});
