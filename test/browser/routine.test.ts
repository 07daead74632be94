// The collection routine in a real Chromium: the administrator edits a step and sees the preview of
// its dates follow; the collection officer sees the saved routine read-only.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, expectNoAxeViolations, useWorld, texts, visible } from './support.ts';

const world = useWorld();

async function openRoutine(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Kravrutin' }).click();
  await visible(page.getByRole('heading', { level: 1, name: 'Kravrutin' }));
  await visible(page.getByRole('group', { name: 'Inkassofil' }));
}

/** Sets the preview month and returns the date shown for a step, once the preview is of that month. */
async function previewMonth(page: Page, month: string): Promise<void> {
  await page.getByLabel('Förhandsvisa för hyran i månad').fill(month);
  await eventually(() => page.getByRole('table', { name: new RegExp(`^Datum för hyran i ${month} `) }).count()).toBe(1);
}
const previewDate = (page: Page, step: string) => page.locator(`table.preview tr[data-step=${step}] td`).nth(1).innerText();

describe('the collection routine', () => {
  test('the administrator changes a step, the preview follows, the routine is saved; the officer sees it read-only', async () => {
    const admin = await world.pageAs('admin@demobostader.se');
    await openRoutine(admin);
    await visible(admin.getByText('Ni använder standardrutinen (Mimer).'));
    await expect(admin.getByText('Endast administratören kan ändra rutinen.').count()).resolves.toBe(0);

    await previewMonth(admin, '2027-01');
    const caption = await admin.getByRole('table', { name: /^Datum för hyran i 2027-01/ }).locator('caption').innerText();
    expect(caption).toBe('Datum för hyran i 2027-01 (förfaller 2026-12-30)');
    // Bank day 5 after the due date, past New Year's Day and Epiphany.
    await eventually(() => previewDate(admin, 'collection_file')).toBe('2027-01-11');
    expect(await texts(admin.locator('table.preview tbody tr td:first-child'))).toEqual([
      'Inkassofil', 'Inkassokrav', 'Ring och sms:a hyresgästen', 'Underrättelse till socialnämnden',
    ]);
    await expectNoAxeViolations(admin, 'the routine editor');

    const first = admin.getByRole('group', { name: 'Inkassofil' });
    const day = first.getByLabel('Dag', { exact: true });
    expect(await day.inputValue()).toBe('5');
    await day.fill('7');
    await eventually(() => previewDate(admin, 'collection_file')).toBe('2027-01-13');
    // The other steps keep their dates.
    expect(await previewDate(admin, 'collection_demand')).toBe('2027-01-12');

    await admin.getByRole('button', { name: 'Spara rutinen' }).click();
    await eventually(async () => (await admin.getByRole('status').filter({ hasText: 'Rutinen' }).innerText()).trim()).toBe('Rutinen är sparad.');
    await expect(admin.getByRole('alert').count()).resolves.toBe(0);
    await expectNoAxeViolations(admin, 'the routine editor after saving');

    const officer = await world.pageAs('krav@demobostader.se');
    await openRoutine(officer);
    await visible(officer.getByText('Endast administratören kan ändra rutinen.'));
    await expect(officer.getByText('Ni använder standardrutinen (Mimer).').count()).resolves.toBe(0);
    const officerDay = officer.getByRole('group', { name: 'Inkassofil' }).getByLabel('Dag', { exact: true });
    expect(await officerDay.inputValue()).toBe('7');
    expect(await officerDay.isDisabled()).toBe(true);
    expect(await officer.getByLabel('Namn', { exact: true }).isDisabled()).toBe(true);
    await expect(officer.getByRole('button', { name: 'Spara rutinen' }).count()).resolves.toBe(0);
    await expect(officer.getByRole('button', { name: 'Lägg till steg' }).count()).resolves.toBe(0);
    await previewMonth(officer, '2027-01');
    await eventually(() => previewDate(officer, 'collection_file')).toBe('2027-01-13');
    await expectNoAxeViolations(officer, 'the routine, read-only');
    await admin.context().close();
    await officer.context().close();
  });

  // BUG (web/collection/RoutinePage.tsx): saving does not refresh the ['routine'] query, and the form is
  // initialised once from whatever is in the cache. After "Rutinen är sparad." the note "Ni använder
  // standardrutinen" stays, and leaving Kravrutin and coming back (without a reload) shows the routine
  // as it was before saving; saving again from there would silently undo the change.
  test('after saving, the page shows the saved routine, also after leaving and coming back', async () => {
    const page = await world.pageAs('admin@privatvarden.se'); // another landlord, still on the standard routine
    await openRoutine(page);
    await visible(page.getByText('Ni använder standardrutinen (Mimer).'));
    const day = page.getByRole('group', { name: 'Inkassokrav' }).getByLabel('Dag', { exact: true });
    expect(await day.inputValue()).toBe('6');
    await day.fill('8');
    await page.getByRole('button', { name: 'Spara rutinen' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Rutinen är sparad.' }));
    expect.soft(await page.getByText('Ni använder standardrutinen (Mimer).').count(), 'the standard-routine note after saving').toBe(0);

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Att göra idag' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Att göra' }));
    // Coming back, the page fetches the routine again; read the form once that answer is in.
    const refetched = page.waitForResponse((r) => r.url().endsWith('/api/v1/routine') && r.request().method() === 'GET');
    await openRoutine(page);
    await refetched;
    await eventually(() => page.getByText('Ni använder standardrutinen (Mimer).').count()).toBe(0);
    expect(await day.inputValue(), 'Inkassokrav day shown after leaving and coming back to Kravrutin').toBe('8');

    await page.reload();
    await visible(page.getByRole('group', { name: 'Inkassokrav' }));
    expect(await day.inputValue()).toBe('8');
    await page.context().close();
  });
});
