// The statutory notice in a real Chromium: the collection officer terminates for unpaid rent, the
// amount is checked against the ledger, service on the tenant starts the three weeks, and the social
// worker of the municipality finds the notice in the inbox.
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, showWorklistFor, useWorld, visible, worklistRows } from './support.ts';

const world = useWorld();

describe('notice to the social welfare board', () => {
  test('a wrong amount is refused; the right one is delivered, served, and reaches the social worker', async () => {
    const page = await world.pageAs('krav@demobostader.se');
    await showWorklistFor(page);
    const first = worklistRows(page).first();
    const tenant = await first.getByRole('link').first().innerText();
    await first.getByRole('link').first().click();
    const section = page.getByRole('region', { name: 'Underrättelse till socialnämnden' });
    await visible(section);
    await section.getByLabel('Uppsagt den').fill('2026-11-20');
    const amount = section.getByLabel('Hyresskuld enligt uppsägningen (kr)');
    const ledgerAmount = await amount.inputValue();
    expect(ledgerAmount).toMatch(/^\d+,\d{2}$/);

    await amount.fill('1,00');
    await section.getByRole('button', { name: 'Skicka underrättelsen' }).click();
    const alert = section.getByRole('alert');
    await visible(alert);
    expect(await alert.innerText()).toContain('stämmer inte med reskontran');

    await amount.fill(ledgerAmount);
    await section.getByRole('button', { name: 'Skicka underrättelsen' }).click();
    await visible(section.getByText('Underrättelsen är lämnad till socialnämnden 2026-11-23.'));
    await visible(section.getByText(/^Uppsagt 2026-11-20/));
    await expectNoAxeViolations(page, 'the tenancy page with a notice');

    await section.getByLabel('Delgiven hyresgästen den').first().fill('2026-11-23');
    await section.getByRole('button', { name: 'Spara delgivningen' }).click();
    // Three weeks from the later of service and delivery (both 2026-11-23): Monday 2026-12-14.
    await visible(section.getByText(/betala senast 2026-12-14/));

    const worker = await world.pageAs('socialsekreterare@demokommun.se');
    await worker.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Underrättelser' }).click();
    await visible(worker.getByRole('heading', { level: 1, name: 'Inkomna underrättelser' }));
    const row = worker.getByRole('row').filter({ hasText: tenant });
    await visible(row);
    expect(await row.innerText()).toContain('2026-12-14');
    expect(await row.innerText()).toContain('Demobostäder AB');
    await expectNoAxeViolations(worker, 'the social services inbox');
    const pdf = await worker.request.get(await row.getByRole('link').getAttribute('href').then((h) => new URL(h!, world.baseUrl).toString()));
    expect(pdf.headers()['content-type']).toBe('application/pdf');
  });
});
