/**
 * Web client bench: builds client/, reports the gzipped size of what the consumer entry page loads (the entry script,
 * its static imports and the CSS; lazy staff/agent chunks excluded), then measures first render on localhost with
 * Debian's chromium: each run is a fresh browser context (cold cache) loading the page until its <h1> is on screen.
 *
 *   npx tsx bench/client.ts [--runs 15]
 *
 * No database is needed: the built files are served by the same handler the API uses (server/http/client-app.ts),
 * and /api answers 401/404 (the home page renders without data).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import express from 'express';
import { chromium } from 'playwright-core';
import { clientApp } from '../server/http';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'client/dist');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 15) || 15;
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function build(): number {
  const started = Date.now();
  execFileSync(
    path.join(ROOT, 'node_modules/.bin/vite'),
    ['build', '--config', 'client/vite.config.mts', '--logLevel', 'error'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  return Date.now() - started;
}

/** The files index.html loads up front: its module script, modulepreloads and stylesheets. */
function entryFiles(): string[] {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
}

const H1_OBSERVER = `new MutationObserver((_m, o) => { if (document.querySelector('h1')) { window.__h1 = performance.now(); o.disconnect(); } })
  .observe(document, { childList: true, subtree: true });`;
const TIMINGS = `new Promise((resolve) => new PerformanceObserver((list, o) => {
  const fcp = list.getEntriesByName('first-contentful-paint')[0];
  if (!fcp) return;
  o.disconnect();
  resolve({ h1: window.__h1, fcp: fcp.startTime, dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd });
}).observe({ type: 'paint', buffered: true }))`;

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main() {
  const buildMs = build();
  const entry = entryFiles();
  let raw = 0;
  let gz = 0;
  for (const f of entry) {
    const bytes = fs.readFileSync(path.join(DIST, f));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  const lazy = fs
    .readdirSync(path.join(DIST, 'assets'))
    .filter((f) => f.endsWith('.js') && !entry.includes(`/assets/${f}`));
  const lazyGz = lazy.reduce(
    (sum, f) => sum + gzipSync(fs.readFileSync(path.join(DIST, 'assets', f)), { level: 9 }).length,
    0,
  );

  const app = express();
  app.use(
    '/api',
    (_req, res) =>
      void res.status(401).type('application/problem+json').send('{"code":"unauthenticated","status":401}'),
  );
  app.use(clientApp(DIST)!);
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ARGS,
  });
  const results: Record<string, { fcp: number[]; h1: number[]; dcl: number[] }> = {};
  for (const route of ['/', '/file']) {
    const r: { fcp: number[]; h1: number[]; dcl: number[] } = { fcp: [], h1: [], dcl: [] };
    results[route] = r;
    for (let i = 0; i < runs + 1; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      // the moment React puts the page's <h1> in the document, recorded in the page itself
      // (scripts as text: this file is type-checked without the DOM library)
      await page.addInitScript({ content: H1_OBSERVER });
      await page.goto(`${base}${route}`);
      await page.locator('h1').first().waitFor();
      const t = (await page.evaluate(TIMINGS)) as { h1: number; fcp: number; dcl: number };
      await context.close();
      if (i === 0) continue; // the first run warms chromium itself, not the page
      r.fcp.push(t.fcp);
      r.h1.push(t.h1);
      r.dcl.push(t.dcl);
    }
  }
  await browser.close();
  server.close();

  console.log(`client build: ${buildMs} ms`);
  console.log(`consumer entry (${entry.join(', ')}): ${kb(raw)} raw, ${kb(gz)} gzipped (budget 300 KB gzipped)`);
  console.log(`lazy chunks (staff, agent, sign-in): ${lazy.length} files, ${kb(lazyGz)} gzipped`);
  for (const [route, r] of Object.entries(results)) {
    console.log(
      `first render ${route} (${runs} cold loads, chromium, loopback): first contentful paint p50 ${percentile(r.fcp, 50).toFixed(0)} ms, p95 ${percentile(r.fcp, 95).toFixed(0)} ms; ` +
        `<h1> rendered p50 ${percentile(r.h1, 50).toFixed(0)} ms, p95 ${percentile(r.h1, 95).toFixed(0)} ms; DOMContentLoaded p50 ${percentile(r.dcl, 50).toFixed(0)} ms`,
    );
  }
  if (gz > 300 * 1024) process.exitCode = 1;
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
