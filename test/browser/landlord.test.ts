// A collection officer's day at Demobostäder AB in a real Chromium: logging in, the worklist, the
// reminder SMS, and axe (WCAG 2.1 A/AA) on every page reached.
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import {
  eventually,
  expectNoAxeViolations,
  SERVER_DATE,
  showWorklistFor,
  useWorld,
  texts,
  visible,
  worklistRows,
} from './support.ts';

const world = useWorld();

const OFFICER = 'krav@demobostader.se';
const nav = (page: Page) => page.getByRole('navigation', { name: 'Huvudmeny' });

/** The menu offers at least these links, in this order (other pages may come in between). */
function expectInOrder(actual: string[], expected: string[]): void {
  expect(actual.filter((l) => expected.includes(l))).toEqual(expected);
}

describe('logging in', () => {
  test('a wrong password shows the Swedish error; the right one opens the worklist with the officer’s menu', async () => {
    const page = await world.newPage();
    await page.goto('/');
    await visible(page.getByRole('heading', { level: 2, name: 'Logga in' }));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
    await expectNoAxeViolations(page, 'the login page');

    await page.getByLabel('E-postadress').fill(OFFICER);
    await page.getByLabel('Lösenord').fill('fel-lösenord');
    await page.getByRole('button', { name: 'Logga in' }).click();
    const alert = page.getByRole('alert');
    await visible(alert);
    expect(await alert.innerText()).toBe('Fel e-postadress eller lösenord');
    await expect(page.getByRole('navigation', { name: 'Huvudmeny' }).count()).resolves.toBe(0);
    await expectNoAxeViolations(page, 'the login page with the error');

    await page.getByLabel('Lösenord').fill('bokvar-demo');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Att göra' }));
    expectInOrder(await texts(nav(page).getByRole('link')), ['Att göra idag', 'Hyresgäster', 'Läs in reskontra', 'Kravrutin', 'Sms']);
    expect(await nav(page).getByRole('link', { name: 'Att göra idag' }).getAttribute('aria-current')).toBe('page');
    await visible(page.getByText('Karin Kravhandläggare · Demobostäder AB'));
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await page.context().close();
  });

  test('the English switch changes the language of the login page and, stored on the user, of the app', async () => {
    const page = await world.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: 'In English' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Log in' }));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await visible(page.getByLabel('E-mail'));
    await visible(page.getByLabel('Password'));
    await visible(page.getByRole('button', { name: 'På svenska' }));
    await expectNoAxeViolations(page, 'the login page in English');

    // The language chosen before logging in is kept once logged in, and stored on the user.
    await page.getByLabel('E-mail').fill('admin@demobostader.se');
    await page.getByLabel('Password').fill('bokvar-demo');
    await page.getByRole('button', { name: 'Log in' }).click();
    await visible(page.getByRole('navigation', { name: 'Main menu' }));
    await visible(page.getByRole('heading', { level: 1, name: 'To do' }));
    expectInOrder(await texts(page.getByRole('navigation', { name: 'Main menu' }).getByRole('link')), [
      'To do today', 'Tenants', 'Import ledger', 'Collection routine', 'SMS',
    ]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await visible(page.getByRole('button', { name: 'Log out' }));
    await showWorklistFor(page, SERVER_DATE, 'en');
    await expectNoAxeViolations(page, 'the worklist in English');

    // Stored on the user: a new browser logging in as the same user gets English.
    const other = await world.newPage();
    await other.goto('/');
    await other.getByLabel('E-postadress').fill('admin@demobostader.se');
    await other.getByLabel('Lösenord').fill('bokvar-demo');
    await other.getByRole('button', { name: 'Logga in' }).click();
    await visible(other.getByRole('navigation', { name: 'Main menu' }));

    await page.getByRole('button', { name: 'På svenska' }).click();
    await visible(nav(page));
    await visible(page.getByRole('heading', { level: 1, name: 'Att göra' }));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
    await page.context().close();
    await other.context().close();
  });

  test('every page the officer reaches passes axe (WCAG 2.1 A/AA)', async () => {
    const page = await world.pageAs(OFFICER);
    await showWorklistFor(page);
    await expectNoAxeViolations(page, 'the worklist (Att göra)');

    await nav(page).getByRole('link', { name: 'Hyresgäster' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Hyresgäster' }));
    await page.getByLabel('Sök hyresgäst, adress eller kontrakt').fill('DB-1001');
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    const hit = page.getByRole('main').getByRole('listitem').filter({ hasText: 'DB-1001' });
    await visible(hit);
    expect(await page.getByRole('main').getByRole('listitem').count()).toBe(1);
    await expectNoAxeViolations(page, 'the tenant search with a result');

    await hit.getByRole('link').click();
    await visible(page.getByRole('heading', { level: 2, name: 'Reskontra' }));
    await visible(page.getByRole('main').getByText('DB-1001', { exact: true }));
    await eventually(() => page.getByRole('status').filter({ hasText: 'Laddar' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'the tenancy page of DB-1001');

    // Every other page of the menu (import, routine, SMS, and whatever else the officer is offered).
    const links = await texts(nav(page).getByRole('link'));
    expectInOrder(links, ['Läs in reskontra', 'Kravrutin', 'Sms']);
    for (const link of links.filter((l) => l !== 'Att göra idag' && l !== 'Hyresgäster')) {
      await nav(page).getByRole('link', { name: link, exact: true }).click();
      await eventually(() => nav(page).getByRole('link', { name: link, exact: true }).getAttribute('aria-current')).toBe('page');
      await visible(page.getByRole('main').getByRole('heading', { level: 1 }));
      await eventually(() => page.getByRole('status').filter({ hasText: 'Laddar' }).count()).toBe(0);
      if (link === 'Kravrutin') await visible(page.getByRole('table', { name: /^Datum för hyran i / }));
      if (link === 'Sms') await visible(page.getByText('Leverantör: sink'));
      await expectNoAxeViolations(page, `the page "${link}"`);
    }
    await page.context().close();
  });
});

describe('the worklist', () => {
  test('late payers of the day, families with children first; the area filter narrows the list', async () => {
    const page = await world.pageAs(OFFICER);
    await showWorklistFor(page);
    const rows = worklistRows(page);
    const all = await rows.count();
    expect(all).toBeGreaterThan(5);

    // Every row is a household behind with the rent: an amount owed and days late.
    const first = rows.first();
    expect(await first.innerText()).toMatch(/\d[\d\s]*,\d{2}\s*kr/);
    expect(await first.innerText()).toMatch(/\d+ dagar \(\d+ bankdagar\)/);
    // Children in the household rank first: the first row has the tag, and no row with it comes after one without.
    await visible(first.getByText('Barn i hushållet', { exact: true }));
    const withChildren = await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText.includes('Barn i hushållet')));
    const firstWithout = withChildren.indexOf(false);
    expect(firstWithout).toBeGreaterThan(0);
    expect(withChildren.slice(firstWithout)).not.toContain(true);

    const areaLoaded = page.waitForResponse((r) => r.url().includes('area=S%C3%B6dra+staden') && r.ok());
    await page.getByLabel('Område').selectOption('Södra staden');
    await areaLoaded;
    await eventually(async () => {
      const subs = await texts(rows.locator('.sub'));
      return subs.length > 0 && subs.every((s) => s.includes('· Södra staden ·'));
    }).toBe(true);
    const south = await rows.count();
    expect(south).toBeGreaterThan(0);
    expect(south).toBeLessThan(all);
    await expectNoAxeViolations(page, 'the worklist filtered on Södra staden');
    await page.context().close();
  });

  test('a reminder SMS to two selected households, then listed under Sms with the landlord’s number and no amount', async () => {
    const page = await world.pageAs(OFFICER);
    await showWorklistFor(page);
    const rows = worklistRows(page);
    const areaLoaded = page.waitForResponse((r) => r.url().includes('area=S%C3%B6dra+staden') && r.ok());
    await page.getByLabel('Område').selectOption('Södra staden');
    await areaLoaded;
    await eventually(async () => (await texts(rows.locator('.sub'))).every((s) => s.includes('Södra staden'))).toBe(true);

    const chosen: { name: string; address: string; owed: string }[] = [];
    for (const i of [0, 1]) {
      const row = rows.nth(i);
      const name = await row.getByRole('link').innerText();
      const address = (await row.locator('.sub').innerText()).split(' · ')[0]!;
      const owed = await row.locator('td.num').innerText();
      await row.getByRole('checkbox', { name: `Välj ${name}` }).check();
      chosen.push({ name, address, owed });
    }
    await visible(page.getByText('2 valda', { exact: true }));
    const send = page.getByRole('button', { name: 'Skicka påminnelse-sms' });
    await send.click();
    const result = page.getByRole('status').filter({ hasText: 'sms skickade' });
    await visible(result);
    const m = /^(\d+) sms skickade, (\d+) redan skickade, (\d+) utan telefonnummer\.$/.exec((await result.innerText()).trim());
    expect(m, await result.innerText()).not.toBeNull();
    const [queued, already, noPhone] = [Number(m![1]), Number(m![2]), Number(m![3])];
    expect(already).toBe(0);
    expect(queued + noPhone).toBe(2);
    expect(queued).toBeGreaterThan(0);
    await expectNoAxeViolations(page, 'the worklist after sending SMS');

    // Sending the same selection again sends nothing twice.
    await send.click();
    await eventually(async () => (await result.innerText()).trim()).toBe(`0 sms skickade, ${queued} redan skickade, ${noPhone} utan telefonnummer.`);

    await nav(page).getByRole('link', { name: 'Sms' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Sms' }));
    const table = page.getByRole('table', { name: 'Sms' });
    await visible(table);
    const messages = table.locator('tbody').getByRole('row');
    expect(await messages.count()).toBe(queued);
    for (const body of await texts(messages.locator('td:nth-child(2)'))) {
      expect(body).toContain('Ring oss på 021-39 01 00');
      expect(body).toContain('Vänliga hälsningar Demobostäder AB');
      expect(chosen.some((c) => body.includes(`hyran för ${c.address}.`)), body).toBe(true);
      // No amount, no currency, no name: an SMS can be read by others in the household.
      expect(body).not.toMatch(/\d,\d{2}|\bkr\b|SEK/);
      for (const c of chosen) {
        expect(body).not.toContain(c.owed);
        expect(body).not.toContain(c.name);
      }
    }
    for (const to of await texts(messages.locator('td:nth-child(1)'))) expect(to).toMatch(/^\+467\d{8}$/);
    expect(await texts(messages.locator('td:nth-child(3)'))).toEqual(Array(queued).fill('Skickat'));
    await expectNoAxeViolations(page, 'the SMS page with messages');
    await page.context().close();
  });

  // BUG (web/collection/WorklistPage.tsx): the selection survives a change of the area filter. The
  // toolbar still says "2 valda" and the SMS button stays enabled with no visible row checked; sending
  // then posts no items and shows the raw validation error "Ogiltiga uppgifter – body.itemIds: Too
  // small: expected array to have >=1 items" (or, with other rows checked, silently sends fewer).
  test('the collection file is downloaded by a POST; a second download of the day is empty', async () => {
    const page = await world.pageAs(OFFICER);
    await showWorklistFor(page);
    const first = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Hämta inkassofil' }).click();
    const file = await first;
    expect(file.suggestedFilename()).toBe(`inkassofil-${SERVER_DATE}.csv`);
    const lines = (await readFile((await file.path())!, 'utf8')).replace(/^\ufeff/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('kontraktsnummer;personnummer;namn;adress;belopp;forfallodatum');
    const second = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Hämta inkassofil' }).click();
    const again = (await readFile((await (await second).path())!, 'utf8')).replace(/^\ufeff/, '').trim().split(/\r?\n/);
    expect(again).toEqual([lines[0]]);
  });

  test('changing the area filter leaves no hidden households selected', async () => {
    const page = await world.pageAs(OFFICER);
    await showWorklistFor(page);
    const rows = worklistRows(page);
    const north = rows.filter({ hasText: '· Norra staden ·' });
    await north.nth(0).getByRole('checkbox').check();
    await north.nth(1).getByRole('checkbox').check();
    await visible(page.getByText('2 valda', { exact: true }));

    const areaLoaded = page.waitForResponse((r) => r.url().includes('area=S%C3%B6dra+staden') && r.ok());
    await page.getByLabel('Område').selectOption('Södra staden');
    await areaLoaded;
    await eventually(async () => (await texts(rows.locator('.sub'))).every((s) => s.includes('Södra staden'))).toBe(true);
    const checkedShown = await rows.getByRole('checkbox', { checked: true }).count();
    expect(checkedShown).toBe(0);
    const count = (await page.getByRole('group', { name: /valda$/ }).locator('[aria-live]').innerText()).trim();
    expect.soft(count, 'the toolbar counts households that are no longer shown').toBe(`${checkedShown} valda`);
    expect.soft(await page.getByRole('button', { name: 'Skicka påminnelse-sms' }).isDisabled(), 'SMS button enabled with nothing shown selected').toBe(true);
    await page.context().close();
  });
});
