// The rent ledger in a real Chromium: importing a transactions file (rejected with a report, then
// accepted) and logging an outreach with a promise to pay on a tenancy opened from the worklist.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import {
  csvFile,
  eventually,
  expectNoAxeViolations,
  plain,
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
const HEADER = 'kontraktsnummer;typ;datum;forfallodatum;belopp;referens';

/** Chooses the file through the visually hidden input inside the label "välj en fil" and waits for the answer. */
async function importFile(page: Page, file: ReturnType<typeof csvFile>): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().includes('/api/v1/imports?kind=transactions'));
  await page.getByLabel('välj en fil').setInputFiles(file);
  await answered;
}

describe('importing transactions', () => {
  test('a file with errors is rejected with a report of line, column and reason; a corrected file is imported', async () => {
    const page = await world.pageAs(OFFICER);
    await nav(page).getByRole('link', { name: 'Läs in reskontra' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Läs in reskontra' }));
    expect(await page.getByRole('radio', { name: 'Transaktioner (avier och betalningar)' }).isChecked()).toBe(true);

    await importFile(
      page,
      csvFile('reskontra-fel.csv', [
        HEADER,
        'XX-9999;betalning;2026-11-20;;500,00;TEST-ERR-1', // no such contract
        'DB-1001;betalning;2026-11-20;;6 250 kr;TEST-ERR-2', // currency in the amount
      ]),
    );
    const report = page.getByRole('alert').filter({ has: page.getByRole('table', { name: 'Fel i filen' }) });
    await visible(report);
    expect(await report.getByRole('heading', { level: 2 }).innerText()).toBe('Filen lästes inte in: 2');
    const table = report.getByRole('table', { name: 'Fel i filen' });
    expect(await texts(table.locator('thead th'))).toEqual(['Rad', 'Kolumn', 'Värde', 'Fel']);
    const problems = (await texts(table.locator('tbody tr'))).map((r) => r.split('\t').map((c) => c.trim()));
    expect(problems).toHaveLength(2);
    expect(problems).toContainEqual(['2', 'kontraktsnummer', 'XX-9999', 'Okänt kontraktsnummer – läs in hyresavtalen först']);
    const amountProblem = problems.find((p) => p[1] === 'belopp');
    expect(amountProblem?.slice(0, 3)).toEqual(['3', 'belopp', '6 250 kr']);
    expect(amountProblem?.[3]).toContain('Beloppet får inte innehålla "kr"');
    await expect(page.getByText('Filen är inläst.').count()).resolves.toBe(0);
    await expectNoAxeViolations(page, 'the import page with an error report');

    const valid = csvFile('reskontra.csv', [HEADER, 'DB-1001;betalning;2026-11-20;;100,00;TEST-1', 'DB-1001;kreditering;2026-11-20;;50,00;TEST-2']);
    await importFile(page, valid);
    const success = page.getByRole('status').filter({ hasText: 'Filen är inläst.' });
    await visible(success);
    await expect(report.count()).resolves.toBe(0);
    // Rows read, rows written, rows already imported (the labels are checked in their own test below).
    const counts = () => texts(success.locator('dl dd'));
    expect(await counts()).toEqual(['2', '2', '0']);
    await expectNoAxeViolations(page, 'the import page after a successful import');

    // The same file again: recognised by its references, nothing counted twice.
    await importFile(page, valid);
    await eventually(counts).toEqual(['2', '0', '2']);

    // The rows rejected in the first file were not written; the accepted ones are on the tenancy.
    await nav(page).getByRole('link', { name: 'Hyresgäster' }).click();
    await page.getByLabel('Sök hyresgäst, adress eller kontrakt').fill('DB-1001');
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await page.getByRole('main').getByRole('listitem').filter({ hasText: 'DB-1001' }).getByRole('link').click();
    const ledger = page.getByRole('table', { name: 'Reskontra' });
    await visible(ledger);
    const refs = await texts(ledger.locator('tbody td:nth-child(5)'));
    expect(refs).toContain('TEST-1');
    expect(refs).toContain('TEST-2');
    expect(refs).not.toContain('TEST-ERR-2');
    expect(await ledger.locator('tbody tr', { hasText: 'TEST-1' }).innerText()).toMatch(/2026-11-20\tBetalning\t–\t−100,00\s*kr\tTEST-1/);
    await page.context().close();
  });

  // BUG (web/ledger/ImportPage.tsx): the result lists the API's keys as they are: "rows", "inserted",
  // "alreadyImported" in the middle of the Swedish page (sv.ts has only import.counts = "Resultat").
  test('the import result names its counts in Swedish', async () => {
    const page = await world.pageAs(OFFICER);
    await nav(page).getByRole('link', { name: 'Läs in reskontra' }).click();
    await importFile(page, csvFile('reskontra-2.csv', [HEADER, 'DB-1002;betalning;2026-11-20;;10,00;TEST-3']));
    const success = page.getByRole('status').filter({ hasText: 'Filen är inläst.' });
    await visible(success);
    const labels = await texts(success.locator('dl dt'));
    expect(labels).toHaveLength(3);
    expect(labels.filter((l) => ['rows', 'inserted', 'alreadyImported'].includes(l)), `count labels shown: ${labels.join(', ')}`).toEqual([]);
    await page.context().close();
  });
});

describe('the tenancy page', () => {
  // BUG (web/ledger/TenancyPage.tsx): "Upplåtelse" shows the stored code ("hyresratt", without å) and
  // the household reads "1 vuxna" (the sv string '{{n}} vuxna' has no singular).
  test('shows the household and the form of letting in Swedish words', async () => {
    const page = await world.pageAs(OFFICER);
    await nav(page).getByRole('link', { name: 'Hyresgäster' }).click();
    await page.getByLabel('Sök hyresgäst, adress eller kontrakt').fill('DB-1001');
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await page.getByRole('main').getByRole('listitem').filter({ hasText: 'DB-1001' }).getByRole('link').click();
    await visible(page.getByRole('heading', { level: 2, name: 'Reskontra' }));
    const fact = (term: string) => page.locator('dl.facts > div', { has: page.getByText(term, { exact: true }) }).locator('dd').innerText();
    expect.soft(await fact('Upplåtelse'), 'Upplåtelse').toMatch(/^hyresrätt$/i);
    expect.soft(await fact('Hushåll'), 'Hushåll (DB-1001 has one adult, no children)').toBe('1 vuxen, 0 barn');
    await page.context().close();
  });
});

describe('logging an outreach', () => {
  test('a call reached with a promise to pay pauses the reminders; a promise without an amount names the field', async () => {
    const page = await world.pageAs(OFFICER);
    await showWorklistFor(page);
    const first = worklistRows(page).first();
    const name = await first.getByRole('link').innerText();
    const pausedBefore = await page.getByText(/hyresgäster har lovat att betala och väntar/).count();
    await first.getByRole('link', { name }).click();
    await visible(page.getByRole('heading', { level: 1, name }));

    const form = page.getByRole('form', { name: 'Logga kontakt' });
    await visible(form);
    // A promise without an amount: the browser stops it at the empty required field …
    await form.getByLabel('Kontaktsätt').selectOption({ label: 'Samtal' });
    expect(await form.getByLabel('Nådde hyresgästen').isChecked()).toBe(true);
    await form.getByLabel('Utfall').selectOption({ label: 'Lovar att betala' });
    const amount = form.getByLabel('Utlovat belopp (kr)');
    await form.getByLabel('Betalas senast').fill('2026-11-30');
    await form.getByRole('button', { name: 'Spara kontakten' }).click();
    expect(await amount.evaluate((el: HTMLInputElement) => el.validity.valueMissing)).toBe(true);
    expect(await amount.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect(form.getByText('Kontakten är sparad.').count()).resolves.toBe(0);
    // … and an amount that is not a number is refused with an error naming the field.
    await amount.fill('ungefär hälften');
    await form.getByRole('button', { name: 'Spara kontakten' }).click();
    const error = form.getByRole('alert');
    await visible(error);
    expect(await error.innerText()).toContain('Utlovat belopp');
    await expect(form.getByText('Kontakten är sparad.').count()).resolves.toBe(0);
    expect(await texts(page.getByRole('main').getByRole('listitem').filter({ hasText: 'Lovar att betala' }))).toEqual([]);
    await expectNoAxeViolations(page, 'the tenancy page with an outreach error');

    await amount.fill('2 500');
    await form.getByLabel('Tid på dagen').selectOption({ label: 'Förmiddag' });
    await form.getByLabel('Anteckning').fill('Lön kommer den 25:e.');
    // Why the rent was not paid, from the list both the landlord and social services use (issue 14 §1).
    await form.getByLabel('Varför blev hyran inte betald?').selectOption({ label: 'Lön eller ersättning kom sent' });
    await form.getByLabel('Med hushållets egna ord').fill('Lönen kom sent');
    await form.getByRole('button', { name: 'Spara kontakten' }).click();
    const saved = form.getByRole('status');
    await eventually(async () => (await saved.innerText()).trim()).toMatch(/^Kontakten är sparad\. Påminnelser pausas till \d{4}-\d{2}-\d{2}\.$/);
    const until = /pausas till (\d{4}-\d{2}-\d{2})/.exec(await saved.innerText())![1]!;
    expect(until > '2026-11-30').toBe(true);
    await expect(form.getByRole('alert').count()).resolves.toBe(0);

    const contact = page.getByRole('main').getByRole('listitem').filter({ hasText: 'Lovar att betala' });
    await visible(contact);
    expect(plain(await contact.innerText())).toBe(
      `${SERVER_DATE} · Samtal · Ja · Förmiddag · Lovar att betala · 2 500,00 kr 2026-11-30 (Löfte väntar) · Lön eller ersättning kom sent (Lönen kom sent) · Lön kommer den 25:e. · Karin Kravhandläggare`,
    );
    await expectNoAxeViolations(page, 'the tenancy page after logging a promise');

    // While the promise stands, the household is off the worklist.
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Att göra idag' }).click();
    await showWorklistFor(page);
    await eventually(() => page.getByText(/\d+ hyresgäster har lovat att betala och väntar\./).count()).toBe(1);
    expect(pausedBefore).toBe(0);
    expect(await texts(worklistRows(page).getByRole('link'))).not.toContain(name);
    await page.context().close();
  });

  // BUG (web/ledger/TenancyPage.tsx + the outreach route's schema): a promise of 0 kr (or a negative
  // amount) passes the form and is refused by the route's zod schema, whose message reaches the user
  // as it is: "Ogiltiga uppgifter – body.promiseAmount: Too small: expected number to be >0".
  test('a promise of 0 kr is refused with a Swedish error naming the amount', async () => {
    const page = await world.pageAs(OFFICER);
    await nav(page).getByRole('link', { name: 'Hyresgäster' }).click();
    await page.getByLabel('Sök hyresgäst, adress eller kontrakt').fill('DB-1003');
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await page.getByRole('main').getByRole('listitem').filter({ hasText: 'DB-1003' }).getByRole('link').click();
    const form = page.getByRole('form', { name: 'Logga kontakt' });
    await visible(form);
    await form.getByLabel('Utfall').selectOption({ label: 'Lovar att betala' });
    await form.getByLabel('Utlovat belopp (kr)').fill('0');
    await form.getByLabel('Betalas senast').fill('2026-11-30');
    await form.getByRole('button', { name: 'Spara kontakten' }).click();
    const error = form.getByRole('alert');
    await visible(error);
    const message = await error.innerText();
    await expect(form.getByText('Kontakten är sparad.').count()).resolves.toBe(0);
    expect.soft(message, 'the error should name the amount in Swedish').toMatch(/belopp/i);
    expect.soft(message, 'no English or API paths in the Swedish error').not.toMatch(/Too small|expected|body\./);
    // And beside the amount itself, tied to it for a screen reader.
    const amount = form.getByLabel('Utlovat belopp (kr)');
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`[id="${await amount.getAttribute('aria-describedby')}"]`).innerText()).toMatch(/belopp/i);
    await page.context().close();
  });
});
