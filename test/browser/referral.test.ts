// An early referral in a real Chromium (issue 3 §1): the landlord's officer records the tenant's consent
// and sends the referral from the tenancy page; the social worker finds it in the inbox.
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, SERVER_DATE, useWorld, visible } from './support.ts';

const world = useWorld();

describe('an early referral', () => {
  test('sent with the tenant’s consent reaches the social worker’s inbox', async () => {
    const page = await world.pageAs('boendesocial@demobostader.se');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Hyresgäster' }).click();
    await page.getByLabel('Sök hyresgäst, adress eller kontrakt').fill('DB-1002');
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await page.getByRole('main').getByRole('listitem').filter({ hasText: 'DB-1002' }).getByRole('link').click();
    await visible(page.getByRole('heading', { level: 2, name: 'Reskontra' }));

    await page.getByText('Tidig signal till socialtjänsten').click();
    const form = page.getByRole('form', { name: 'Tidig signal till socialtjänsten' });
    await form.getByLabel('Samtycket lämnades').fill(SERVER_DATE);
    await form.getByLabel('Varför hör ni av er?').fill('Hyresgästen ringde och bad om hjälp med budgeten');
    await form.getByRole('button', { name: 'Skicka till socialtjänsten' }).click();
    await visible(form.getByRole('alert').filter({ hasText: 'Bekräfta att hyresgästen har samtyckt.' }));
    await form.getByLabel('Hyresgästen har samtyckt till att vi kontaktar socialtjänsten').check();
    // A consent given in the future is refused by the server, beside the date it is about.
    const givenOn = form.getByLabel('Samtycket lämnades');
    await givenOn.fill('2099-01-01');
    await form.getByRole('button', { name: 'Skicka till socialtjänsten' }).click();
    await visible(form.getByRole('alert').filter({ hasText: 'Samtycket lämnades: Samtycket kan inte vara lämnat i framtiden' }));
    expect(await givenOn.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`[id="${await givenOn.getAttribute('aria-describedby')}"]`).innerText()).toBe('Samtycket kan inte vara lämnat i framtiden');
    expect(await form.getByLabel('Varför hör ni av er?').getAttribute('aria-invalid')).toBeNull();
    await expectNoAxeViolations(page, 'the referral form with an error');
    await givenOn.fill(SERVER_DATE);
    await form.getByRole('button', { name: 'Skicka till socialtjänsten' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Signalen är skickad till socialtjänsten.' }));
    await expectNoAxeViolations(page, 'the tenancy page after a referral');

    const worker = await world.pageAs('socialsekreterare@demokommun.se');
    const row = worker.getByRole('row').filter({ hasText: 'Tidig signal från hyresvärden' });
    await visible(row.getByText('Hyresgästen ringde och bad om hjälp med budgeten'));
    await expectNoAxeViolations(worker, 'the inbox with a referral');
  });
});
