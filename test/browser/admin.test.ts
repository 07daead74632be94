// Administration in a real Chromium: the landlord's admin creates an API token (shown once) and a
// user; the auditor lands on the access log and verifies its chain.
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, useWorld, visible } from './support.ts';

const world = useWorld();

describe('administration', () => {
  test('the admin creates an API token and a user', async () => {
    const page = await world.pageAs('admin@demobostader.se');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Administration' }));
    await expectNoAxeViolations(page, 'the administration page');

    await page.getByLabel('Namn på nyckeln').fill('Hyressystemet');
    await page.getByRole('button', { name: 'Skapa nyckel' }).click();
    const shown = page.getByText('Kopiera nyckeln nu');
    await visible(shown);
    expect(await shown.locator('code').innerText()).toMatch(/^bkv_/);

    const form = page.getByRole('form', { name: 'Ny användare' });
    await form.getByLabel('Namn').fill('Nina Ny');
    await form.getByLabel('E-postadress').fill('nina@demobostader.se');
    await form.getByLabel('Lösenord (minst 10 tecken)').fill('ett-långt-lösenord');
    await form.getByLabel('Roll').selectOption('caretaker');
    await form.getByRole('button', { name: 'Skapa användaren' }).click();
    await visible(page.getByRole('cell', { name: 'nina@demobostader.se' }));
  });

  test('the auditor reads the access log and verifies its chain', async () => {
    const page = await world.pageAs('revisor@demobostader.se');
    await visible(page.getByRole('heading', { level: 2, name: 'Åtkomstlogg' }));
    await expect(page.getByRole('heading', { name: 'Användare' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Kontrollera loggens kedja' }).click();
    await visible(page.getByText(/^Loggen är hel \(\d+ rader\)\.$/));
    await expectNoAxeViolations(page, 'the access log');
  });
});
