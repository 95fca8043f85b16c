// Debian's Chromium driven by playwright-core, with a fresh profile per journey; every page a journey visits is
// checked by axe-core (no serious or critical WCAG 2.2 AA violation) and kept as a screenshot in test-results/.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const RESULTS_DIR = join(process.cwd(), 'test-results');
const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Runs axe on the page as it is now and saves a screenshot named after the step. */
  check: (step: string) => Promise<void>;
  close: () => Promise<void>;
}

/** A journey in its own browser: a screenshot of where it stopped if it fails, and the browser closed after. */
export async function journey(baseUrl: string, name: string, viewport: { width: number; height: number }, steps: (session: Session) => Promise<void>): Promise<void> {
  const session = await openBrowser(baseUrl, name, viewport);
  try {
    await steps(session);
  } catch (error) {
    await session.page.screenshot({ path: join(RESULTS_DIR, `${name}-failed.png`), fullPage: true }).catch(() => undefined);
    throw error;
  } finally {
    await session.close();
  }
}

export async function openBrowser(baseUrl: string, journey: string, viewport = { width: 1280, height: 900 }): Promise<Session> {
  const profile = await mkdtemp(join(tmpdir(), 'amahoro-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, baseURL: baseUrl, viewport, acceptDownloads: true, locale: 'en-GB' });
  const page = context.pages()[0] ?? (await context.newPage());
  // The strict Content-Security-Policy stays: any violation (an inline script, a foreign host) fails the journey.
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
  await mkdir(RESULTS_DIR, { recursive: true });
  let step = 0;
  const check = async (name: string) => {
    await page.waitForLoadState('networkidle');
    await page.evaluate(await axeSource);
    // Evaluated in the page (a string: this program has no DOM types).
    const found: Array<{ id: string; impact: string; help: string; targets: string[] }> = await page.evaluate(`
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }).then((result) =>
        result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))
    `);
    step += 1;
    await page.screenshot({ path: join(RESULTS_DIR, `${journey}-${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
    const serious = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(serious, [], `axe on ${name} (${page.url()})`);
    assert.deepEqual(violations, [], `CSP or script errors on ${name}`);
    // Usable on a phone: nothing makes the page scroll sideways (wide tables scroll in their own region).
    const width: [number, number] = await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]');
    assert.ok(width[0] <= width[1], `${name} is ${width[0]} px wide in a ${width[1]} px window`);
  };
  return {
    context,
    page,
    check,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
