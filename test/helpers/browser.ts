/**
 * Debian's Chromium driven by playwright-core for the e2e tests: launched headless with the
 * project's flags, pages that record console errors, and screenshots saved in docs/screenshots/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
  type PageScreenshotOptions,
} from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = join(import.meta.dirname, '../../docs/screenshots');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Launches Chromium (saying how to install it when it is missing) and makes SHOTS. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with "apt-get install -y chromium"`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  mkdirSync(SHOTS, { recursive: true });
  return browser;
}

export interface OpenPage {
  context: BrowserContext;
  page: Page;
  /** console errors and uncaught page errors (and failed requests, when asked) */
  errors: string[];
  close(): Promise<void>;
}

/** A page in a new context that records its errors. */
export async function openPage(
  browser: Browser,
  options: BrowserContextOptions,
  { failedRequests = false } = {},
): Promise<OpenPage> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  if (failedRequests) page.on('requestfailed', (r) => errors.push(`failed: ${r.url()}`));
  return { context, page, errors, close: () => context.close() };
}

/** Saves a screenshot of `page` as docs/screenshots/`name`. */
export function screenshot(page: Page, name: string, options: PageScreenshotOptions = {}) {
  return page.screenshot({ ...options, path: join(SHOTS, name) });
}

/** Waits until the network is idle and the web fonts have loaded. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate('document.fonts.ready.then(() => true)');
}
