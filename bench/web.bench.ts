// The web application on a slow connection: Chromium emulating DevTools' "Slow 3G" (2 s round trip, 400 kbit/s
// each way) opens the catalog cold (no cache) until the courses are listed. The baseline is the smallest page
// the API serves over the same link (the server-rendered /verify page): what the link alone costs. The web app is
// built first (`npm run build:web`'s steps after dist/).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApi } from '../apps/api/src/api.js';
import { WEB_ROOT } from '../apps/api/src/web-app.js';
import { type Benchmark, benchConfig, positiveNumber, type Result, urlOf } from './support.js';

const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 };
const GOAL_MS = 5000;
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function coldLoad(browser: Browser, url: string, ready: (page: Page) => Promise<unknown>): Promise<number> {
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
    return performance.now() - started;
  } finally {
    await context.close();
  }
}

/**
 * `npm run build:web` less its first step (`npm run bench` has just built dist/): the typed client, then Vite. Run
 * every time, so that the page measured is the one of the sources, never an old build.
 */
async function buildWebApp(): Promise<void> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const steps: string[][] = [[process.execPath, 'scripts/web-client.mjs'], [process.execPath, 'node_modules/vite/bin/vite.js', 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn']];
  for (const [command, ...args] of steps) {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((done) => {
      let output = '';
      const child = spawn(command!, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('close', (exit) => done({ code: exit, output }));
    });
    if (code !== 0) throw new Error(`building the web app (${args.join(' ')}) failed with ${code}:\n${output.slice(-4000)}`);
  }
  if (!existsSync(`${WEB_ROOT}/index.html`)) throw new Error(`the web build wrote no ${WEB_ROOT}/index.html`);
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
    await buildWebApp();
    const loads = Math.round(positiveNumber('BENCH_PAGE_LOADS', 3, 1));
    const app = await createApi(benchConfig());
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: FLAGS });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = urlOf(app.getHttpServer());
      const catalog: number[] = [];
      const plain: number[] = [];
      for (let i = 0; i < loads; i += 1) {
        catalog.push(await coldLoad(browser, `${base}/`, (page) => page.getByRole('status').filter({ hasText: /course/ }).waitFor({ timeout: 60_000 })));
        plain.push(await coldLoad(browser, `${base}/verify/AMH-00000-00000-00000-00000-00000`, (page) => page.waitForLoadState('load')));
      }
      const worst = Math.max(...catalog);
      return {
        app: summary(catalog),
        baseline: summary(plain),
        notes: [`web: ${loads} cold loads each; "mean ms" is the time until the catalog lists its courses, "p99 ms" the slowest load`],
        goals: [[`catalog listed in < ${GOAL_MS / 1000} s on Slow 3G (slowest ${(worst / 1000).toFixed(1)} s)`, worst < GOAL_MS]],
      };
    } finally {
      await browser.close();
      await app.close();
    }
  },
};
