import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Store } from '../../src/store/types.js';
import { changedLines, PASSWORD } from './admin-session.js';
import { CHROMIUM } from './require.js';

/** Waits on what the page shows (never a fixed sleep). */
export const POLL = { timeout: 20_000, interval: 100 };
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/**
 * Where the page screenshots go: docs/screenshots (the README's pictures) only when
 * UPDATE_SCREENSHOTS=1, so that a test run does not rewrite tracked files; .tmp/screenshots otherwise.
 */
export const SHOTS = path.resolve(process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : '.tmp/screenshots');
export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

/** Debian's Chromium, headless. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** Puts the app on a loopback port and returns its base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** A new page signed in to /admin as `user`, once `ready` (a selector) shows. */
export async function signIn(browser: Browser, base: string, user: string, opts: { ready: string; viewport?: { width: number; height: number } }): Promise<Page> {
  const page = await browser.newPage({ viewport: opts.viewport ?? DESKTOP });
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await page.goto(`${base}/admin`);
  await page.fill('#login-user', user);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector(opts.ready);
  return page;
}

/** Screenshots of the page as it is, at 1366×768 and at 390×844 (<SHOTS>/<name>-<w>x<h>.png). */
export async function shootBothSizes(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const before = page.viewportSize();
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, `${name}-${size.width}x${size.height}.png`) });
  }
  if (before) await page.setViewportSize(before);
}

/**
 * Clicks "Lưu" in the entry editor, waits until the history holds one more change of `entryId`
 * and the page says "Đã lưu", and returns that change's diff lines (`+`/`-`).
 */
export async function saveEntry(page: Page, store: Pick<Store, 'listKnowledgeChanges'>, entryId: string): Promise<string[]> {
  const saves = (await store.listKnowledgeChanges({ entryId, limit: 100 })).length;
  await page.click('#save-button');
  await expect.poll(async () => (await store.listKnowledgeChanges({ entryId, limit: 100 })).length, POLL).toBe(saves + 1);
  await expect.poll(() => page.locator('#save-status').textContent(), POLL).toContain('Đã lưu');
  const [change] = await store.listKnowledgeChanges({ entryId, limit: 1 });
  return changedLines(change?.diff ?? '');
}

/** The lines of `after` that differ from `before` at the same line number (an edit made in place). */
export function linesChangedInPlace(before: string, after: string): string[] {
  const a = before.split('\n');
  return after.split('\n').filter((line, i) => line !== a[i]);
}
