// The web application on a slow connection: Chromium emulating DevTools' "Slow 3G" (2 s round trip, 400 kbit/s
// each way) opens the catalog cold (no cache) until the courses are listed. The baseline is the smallest page
// the API serves over the same link (the server-rendered /verify page): what the link alone costs. The API renders
// the catalog's courses into the page, so the notes also give when its scripts have run (the filters work).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApi } from '../apps/api/src/api.js';
import { WEB_ROOT } from '../apps/api/src/web-app.js';
import { type Benchmark, benchConfig, positiveNumber, type Result, urlOf } from './support.js';

const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 };
const GOAL_MS = 5000;
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Milliseconds from navigation until `ready`, then until the page's load event (its scripts have run). */
async function coldLoad(browser: Browser, url: string, ready: (page: Page) => Promise<unknown>): Promise<[number, number]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
    const started = performance.now();
    await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
    await ready(page);
    const readyAt = performance.now() - started;
    await page.waitForLoadState('load', { timeout: 60_000 });
    return [readyAt, performance.now() - started];
  } finally {
    await context.close();
  }
}


function summary(times: number[]): Result {
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return { requestsPerSecond: 1000 / mean, p99Ms: Math.max(...times), meanLatencyMs: mean, requests: times.length, failures: 0 };
}

export const webBenchmark: Benchmark = {
  name: 'web',
  sides: { app: 'catalog page', baseline: '/verify page' },
  description: `the catalog opened cold in Chromium on Slow 3G, until its courses are listed (goal < ${GOAL_MS / 1000} s)`,
  goal: 'report',
  async run() {
    // `npm run bench` builds the web app first (npm run build:web): what is measured is the sources' page.
    if (!existsSync(`${WEB_ROOT}/index.html`)) throw new Error('the web app is not built: run `npm run build:web` first');
    const loads = Math.round(positiveNumber('BENCH_PAGE_LOADS', 3, 1));
    const app = await createApi(benchConfig());
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: FLAGS });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = urlOf(app.getHttpServer());
      const catalog: number[] = [];
      const interactive: number[] = [];
      const plain: number[] = [];
      for (let i = 0; i < loads; i += 1) {
        const [listed, loaded] = await coldLoad(browser, `${base}/`, (page) => page.getByRole('status').filter({ hasText: /course/ }).waitFor({ timeout: 60_000 }));
        catalog.push(listed);
        interactive.push(loaded);
        plain.push((await coldLoad(browser, `${base}/verify/AMH-00000-00000-00000-00000-00000`, (page) => page.waitForLoadState('load')))[0]);
      }
      const worst = Math.max(...catalog);
      const meanInteractive = interactive.reduce((a, b) => a + b, 0) / loads;
      return {
        app: summary(catalog),
        baseline: summary(plain),
        notes: [
          `${loads} cold loads each; "mean ms" is the time until the catalog lists its courses, "p99 ms" the slowest load`,
          `the catalog's scripts have run (load event) after ${(meanInteractive / 1000).toFixed(1)} s on average`,
        ],
        goals: [[`catalog listed in < ${GOAL_MS / 1000} s on Slow 3G (slowest ${(worst / 1000).toFixed(1)} s)`, worst < GOAL_MS]],
      };
    } finally {
      await browser.close();
      await app.close();
    }
  },
};
