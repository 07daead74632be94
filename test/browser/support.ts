// The browser suite's harness: Bokvar with the demo seed on an in-memory PGlite and a fixed clock,
// listening on a free port, and Debian's Chromium driven by playwright-core. One server and one
// browser per test file (beforeAll/afterAll); each test opens its own context (cookies, storage).
// Every context's page clock is the server's (Playwright's clock API, installed before the first page
// loads), so the suite passes on any real day, also when the runner itself runs on a moved clock.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { fixedClock } from '../../src/platform/clock.ts';
import { loadConfig, WEB_DIST } from '../../src/platform/config.ts';
import { type Database, openPglite } from '../../src/platform/database.ts';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../src/platform/demo.ts';
import { type Bokvar, createBokvar } from '../../src/platform/server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The server's "now": a Monday. The demo ledger is built up to this day. */
export const SERVER_NOW = '2026-11-23T09:00:00+01:00';
/** The server's date in Stockholm: what the app's date fields start on. */
export const SERVER_DATE = '2026-11-23';

export { DEMO_PASSWORD };

/** Retrying assertion on what the page shows now (playwright-core has no `expect` of its own). */
export function eventually<T>(read: () => Promise<T>, timeout = 15_000) {
  return expect.poll(read, { timeout, interval: 100 });
}

/** Waits until the element is visible (fails after the context's default timeout). */
export async function visible(locator: Locator): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible' });
  return locator;
}

/** The visible text of every element the locator matches, without waiting for them. */
export const texts = (locator: Locator) => locator.allInnerTexts();

export interface BrowserWorld {
  bokvar: Bokvar;
  db: Database;
  baseUrl: string;
  browser: Browser;
  /**
   * A fresh context (own cookies and localStorage) with one page on the app's origin. Its clock is the
   * server's; `clock` moves it (a laptop whose clock is off) and sets another time zone.
   */
  newPage(clock?: BrowserClock): Promise<Page>;
  /**
   * A fresh context logged in as the user, at the start page. The first time for a user this logs in
   * through the form; later it reuses that session cookie (a login per test would be slow).
   */
  pageAs(email: string): Promise<Page>;
  /** Uncaught errors of the app in any page since the last `takePageErrors()`. */
  takePageErrors(): string[];
  close(): Promise<void>;
}

type SessionState = Awaited<ReturnType<BrowserContext['storageState']>>;

/** A browser whose own clock is off the server's by `offsetMs`, in `timezoneId` (default Stockholm). */
export interface BrowserClock {
  offsetMs?: number;
  timezoneId?: string;
}

/**
 * Chromium's environment: the runner's, without libfaketime. A runner on a moved clock
 * (`faketime … npm test`) would make Chromium about 35 times slower; the page's clock is set from the
 * server's through Playwright's clock API instead.
 */
export function chromiumEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && k !== 'LD_PRELOAD' && !k.startsWith('FAKETIME')) out[k] = v;
  return out;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts Bokvar (demo seed, fixed clock, no jobs) and Chromium. */
export async function startWorld(): Promise<BrowserWorld> {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(`${WEB_DIST}/index.html is missing: build the web app (npx vite build --config web/vite.config.ts) or run node scripts/test.mjs browser`);
  }
  const db = await openPglite(undefined);
  const clock = fixedClock(SERVER_NOW);
  const config = { ...loadConfig({}), databaseUrl: null, jobs: false, auditAnchor: { file: null, key: null }, strictAnswers: true };
  let bokvar: Bokvar | null = null;
  let browser: Browser | null = null;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  try {
    bokvar = await createBokvar(config, { db, clock });
    await seedDemoIfEmpty(bokvar.ctx);
    await bokvar.app.listen({ port: 0, host: '127.0.0.1' });
    const address = bokvar.app.server.address();
    if (!address || typeof address === 'string') throw new Error('server has no TCP address');
    const baseUrl = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({ executablePath: process.env.BOKVAR_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, env: chromiumEnv() });
    const b = browser;
    const contextOptions = { baseURL: baseUrl, locale: 'sv-SE', timezoneId: 'Europe/Stockholm', viewport: { width: 1280, height: 900 } };
    const sessions = new Map<string, SessionState>();
    const app = bokvar;
    /**
     * A fresh context (own cookies and storage), optionally with a saved session, and one page in it;
     * its clock installed at the server's now (moved by the clock's offset) before the page loads.
     */
    async function newPage(storageState?: SessionState, clock: BrowserClock = {}): Promise<Page> {
      const context = await b.newContext({
        ...contextOptions,
        ...(clock.timezoneId ? { timezoneId: clock.timezoneId } : {}),
        ...(storageState ? { storageState } : {}),
      });
      await context.clock.install({ time: app.ctx.clock.now().getTime() + (clock.offsetMs ?? 0) });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      const page = await context.newPage();
      // Uncaught exceptions of the app fail the test (see takePageErrors).
      page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
      return page;
    }
    return {
      bokvar: app,
      db,
      baseUrl,
      browser: b,
      newPage: (clock) => newPage(undefined, clock),
      async pageAs(email) {
        const saved = sessions.get(email);
        if (!saved) {
          const page = await newPage();
          await login(page, email);
          sessions.set(email, await page.context().storageState());
          return page;
        }
        const page = await newPage(saved);
        await page.goto('/');
        await visible(page.getByRole('navigation', { name: /^(Huvudmeny|Main menu)$/ }));
        return page;
      },
      takePageErrors() {
        return pageErrors.splice(0);
      },
      async close() {
        for (const c of contexts) await c.close().catch(() => undefined);
        await b.close().catch(() => undefined);
        await app.close();
        await db.close();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await bokvar?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw err;
  }
}

/** Opens the app and logs in through the login form; waits for the logged-in layout (the main menu). */
export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/');
  await page.getByLabel('E-postadress').fill(email);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await visible(page.getByRole('navigation', { name: 'Huvudmeny' }));
}

const WORKLIST = {
  sv: { date: 'Datum', caption: 'Hyresgäster att kontakta, viktigast först', loading: 'Laddar' },
  en: { date: 'Date', caption: 'Tenants to contact, most important first', loading: 'Loading' },
};

/** The worklist's rows (one per household), in the order shown. */
export function worklistRows(page: Page, lang: 'sv' | 'en' = 'sv'): Locator {
  return page.getByRole('table', { name: WORKLIST[lang].caption }).locator('tbody').getByRole('row');
}

/** Waits for the worklist of the date (the server's today unless given), setting the date field to it. */
export async function showWorklistFor(page: Page, date = SERVER_DATE, lang: 'sv' | 'en' = 'sv'): Promise<void> {
  const words = WORKLIST[lang];
  const field = page.getByLabel(words.date, { exact: true });
  await field.waitFor();
  if ((await field.inputValue()) !== date) {
    const loaded = page.waitForResponse((r) => r.url().includes(`/api/v1/worklist?date=${date}`) && r.ok());
    await field.fill(date);
    await loaded;
  }
  await eventually(() => field.inputValue()).toBe(date);
  await visible(page.getByRole('table', { name: words.caption }));
  await eventually(() => page.getByRole('status').filter({ hasText: words.loading }).count()).toBe(0);
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

const AXE_PATH = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
let axeSource: string | null = null;

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA) on the page as it is now and fails with one line per
 * violation: rule id, impact, help text and the selectors of the offending elements.
 */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  if (!(await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined'))) {
    try {
      await page.addScriptTag({ path: AXE_PATH });
    } catch {
      /* refused, e.g. by the page's Content-Security-Policy: evaluated directly below */
    }
    if (!(await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined'))) {
      // The app's CSP (script-src 'self') blocks inline script tags; evaluating the same source through
      // the DevTools protocol is not subject to it, so the page keeps its real CSP during the test.
      axeSource ??= await readFile(AXE_PATH, 'utf8');
      await page.evaluate(axeSource);
    }
  }
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  if (violations.length === 0) return;
  const lines = violations.map(
    (v) =>
      `  - ${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n` +
      v.nodes
        .slice(0, 10)
        .map((n) => `      ${n.target.map(String).join(' ')}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, '\n        ')}` : ''}`)
        .join('\n') +
      (v.nodes.length > 10 ? `\n      … and ${v.nodes.length - 10} more` : '') +
      `\n      ${v.helpUrl}`,
  );
  throw new Error(`axe: ${violations.length} WCAG 2.1 A/AA violation(s) on ${label}:\n${lines.join('\n')}`);
}

/** A CSV file for the import page's file input. */
export function csvFile(name: string, lines: string[]): { name: string; mimeType: string; buffer: Buffer } {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n', 'utf8') };
}

/** Text with every kind of space (Intl's no-break spaces in amounts) as one plain space. */
export const plain = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * One Bokvar and one Chromium for a test file: started before its tests, closed after them, and each
 * test fails if the app threw an uncaught error in any page.
 */
export function useWorld(): BrowserWorld {
  let current: BrowserWorld | null = null;
  beforeAll(async () => {
    current = await startWorld();
  });
  afterEach(() => {
    expect(current?.takePageErrors() ?? [], 'uncaught errors in the page').toEqual([]);
  });
  afterAll(async () => {
    await current?.close();
  });
  return new Proxy({} as BrowserWorld, {
    get: (_target, property) => {
      if (!current) throw new Error('the browser world is used outside a test');
      return Reflect.get(current, property) as unknown;
    },
  });
}

/** Opens a folded section of a page (a <details>) by the text of its summary, unless it is open already. */
export async function unfold(page: Page, summary: string): Promise<void> {
  const details = page.locator('details').filter({ has: page.locator('summary', { hasText: summary }) }).first();
  await details.waitFor({ state: 'attached' });
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').first().click();
}
