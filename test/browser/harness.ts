import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Knex } from 'knex';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { createApp, type AppDeps } from '../../server/app';
import type { Config } from '../../server/config';
import { createDb } from '../../server/db';
import { createProducerConnection } from '../../server/queue';
import type { RequestRoutesDeps } from '../../server/requests';
import { systemClock } from '../../server/shared/clock';
import { silentLogger, testConfig } from '../setup/context';
import type { TestSink } from '../setup/smtp-sink';
import { startWorkerWithSink } from '../setup/worker';

const ROOT = path.resolve(__dirname, '../..');
const CLIENT = path.join(ROOT, 'client');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the client when client/dist is missing or older than its sources (the server serves whatever is built). */
function ensureClientBuilt(): void {
  const index = path.join(CLIENT, 'dist/index.html');
  const sources = Math.max(
    newestMtime(path.join(CLIENT, 'src')),
    fs.statSync(path.join(CLIENT, 'index.html')).mtimeMs,
    fs.statSync(path.join(CLIENT, 'vite.config.mts')).mtimeMs,
  );
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  execFileSync(
    path.join(ROOT, 'node_modules/.bin/vite'),
    ['build', '--config', 'client/vite.config.mts', '--logLevel', 'error'],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * The portal and a chromium for one test file, started before its tests and closed after them. `newContext` opens a
 * fresh browser context on the portal (cookies and storage of its own).
 */
export function useBrowserPortal(configOverrides: Record<string, string> = {}): {
  readonly portal: Portal;
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
} {
  let portal: Portal | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    portal = await startPortal(configOverrides);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });
  return {
    get portal() {
      if (!portal) throw new Error('the portal starts in beforeAll');
      return portal;
    },
    newContext: (options?: BrowserContextOptions) => newContext(browser!, portal!.url, options),
  };
}

/** POSTs JSON to the portal's API as a consumer would, failing the test on anything but 2xx. */
export async function postJson(portal: Portal, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${portal.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

export { waitUntil } from '../setup/wait';

export interface Portal {
  url: string;
  config: Config;
  db: Knex;
  sink: TestSink;
  close(): Promise<void>;
}

/**
 * The real thing on an ephemeral port: the API serving the built client, the worker (outbox relay, jobs) and an SMTP
 * sink. PUBLIC_URL is this server, so the links in captured mail open here. Intake rate limits are off (every request
 * comes from 127.0.0.1).
 */
async function startPortal(configOverrides: Record<string, string>): Promise<Portal> {
  ensureClientBuilt();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = testConfig({ ...configOverrides, PUBLIC_URL: url });
  const db = createDb(config.databaseUrl, 5, silentLogger, { queuePrefix: config.queuePrefix });
  const redis = createProducerConnection(config.redisUrl);
  redis.on('error', () => undefined);
  const deps: AppDeps & RequestRoutesDeps = {
    config,
    db,
    redis,
    logger: silentLogger,
    clock: systemClock,
    intake: { rateLimits: false },
  };
  const { app, close: closeApp } = createApp(deps);
  server.on('request', app);
  const worker = await startWorkerWithSink(config, db);
  return {
    url,
    config,
    db,
    sink: worker.sink,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await worker.stop();
      await closeApp();
      await Promise.allSettled([db.destroy(), redis.quit()]);
    },
  };
}

/** Serious and critical axe violations on the page as it is now (WCAG 2.1 A and AA rules). */
export async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .options({ resultTypes: ['violations'] })
    .setLegacyMode()
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

/** A journey's recorder: each visited page is checked with axe and screenshotted into test-artifacts/<journey>/. */
export function journey(name: string) {
  const dir = path.join(ARTIFACTS, name);
  fs.mkdirSync(dir, { recursive: true });
  let n = 0;
  const problems: Record<string, string[]> = {};
  return {
    problems,
    /** API answers of 500 and above are bugs whatever the page shows: record them with the page's problems */
    watch(page: Page): void {
      page.on('response', (res) => {
        if (res.status() >= 500)
          (problems['server errors'] ??= []).push(`${res.status()} ${res.request().method()} ${res.url()}`);
      });
    },
    async screenshot(page: Page, label: string): Promise<void> {
      await page.screenshot({ path: path.join(dir, `${label}.png`), fullPage: true }).catch(() => undefined);
    },
    async check(page: Page, label: string): Promise<void> {
      await page.waitForLoadState('networkidle').catch(() => undefined);
      n += 1;
      const file = `${String(n).padStart(2, '0')}-${label}.png`;
      await page.screenshot({ path: path.join(dir, file), fullPage: true });
      const found = await axeProblems(page);
      if (found.length) problems[`${label} (${page.url()})`] = found;
    },
  };
}

async function newContext(
  browser: Browser,
  baseURL: string,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  // axe needs a context made with browser.newContext()
  return browser.newContext({ baseURL, viewport: { width: 1200, height: 900 }, acceptDownloads: true, ...options });
}

/** Signs in through the login page (the same form people use) and waits for the role's home page. */
export async function signInPage(
  page: Page,
  email: string,
  password: string,
  home: RegExp = /\/(staff|agent)/,
): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(home);
}

/**
 * Tabs through the page from the top and, for each element that takes keyboard focus (up to `limit`), compares its
 * outline and box-shadow with how it looked before focus: a focus indicator must appear (an outline at least 2px wide,
 * or a box-shadow), and the focused element must be visible on screen. Answers one line per problem.
 */
export async function focusProblems(page: Page, limit = 120): Promise<string[]> {
  // (browser-side code as strings: the server's tsconfig has no DOM types)
  // snapshot every focusable element's unfocused look; focus starts from a mark at the top of the page, so Tab
  // begins at the start whatever was clicked last
  await page.evaluate(`(() => {
    document.activeElement?.blur?.();
    const mark = document.createElement('span');
    mark.id = '__focus-start';
    mark.tabIndex = -1;
    document.body.prepend(mark);
    mark.focus();
    window.__unfocused = new Map();
    const sel = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
    for (const el of document.querySelectorAll(sel)) {
      const s = getComputedStyle(el);
      window.__unfocused.set(el, s.outlineStyle + '|' + s.outlineWidth + '|' + s.outlineColor + '|' + s.boxShadow);
    }
  })()`);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const r = (await page.evaluate(`(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const before = window.__unfocused.get(el);
      const now = s.outlineStyle + '|' + s.outlineWidth + '|' + s.outlineColor + '|' + s.boxShadow;
      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
      const shadow = s.boxShadow !== 'none';
      const rect = el.getBoundingClientRect();
      const label = el.getAttribute('aria-label');
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (label ? '[aria-label="' + label + '"]' : '') + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
      return {
        name,
        key: name + '@' + Math.round(rect.x + window.scrollX) + ',' + Math.round(rect.y + window.scrollY),
        indicator: (outline || shadow) && before !== now,
        visible: rect.width > 0 && rect.height > 0 && s.visibility !== 'hidden' && rect.right > 0 && rect.bottom > 0,
        style: now,
      };
    })()`)) as { name: string; key: string; indicator: boolean; visible: boolean; style: string } | null;
    if (!r) break; // tabbed past the end of the page
    if (seen.has(r.key)) break; // wrapped around
    seen.add(r.key);
    if (!r.indicator) problems.push(`no visible focus indicator on ${r.name} (focused style ${r.style})`);
    if (!r.visible) problems.push(`focused element is not visible: ${r.name}`);
  }
  await page.evaluate(`document.getElementById('__focus-start')?.remove()`);
  if (!seen.size) problems.push('Tab reached no element on the page');
  return problems;
}
