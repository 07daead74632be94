// Contracts on the housing ladder, in a real Chromium (issue 4 §4): a review that steps a contract up
// (refused until every condition is met): off the municipality's lease that is the transfer of the lease,
// answered by the landlord; a household that already holds its lease steps onto its own.
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, unfold, useWorld, visible } from './support.ts';

const world = useWorld();

describe('contracts on the housing ladder', () => {
  test('a review steps a contract up once every condition is met', async () => {
    const page = await world.pageAs('socialsekreterare@demokommun.se');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Kontrakt' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Kontrakt i bostadstrappan' }));
    const karin = page.getByRole('list', { name: 'Kontrakt i bostadstrappan' }).getByRole('listitem').filter({ hasText: 'Karin Kvist' });
    await visible(karin.getByText('Omprövning försenad'));
    expect(await karin.innerText()).toContain('Träningslägenhet');

    await unfold(page, 'Ompröva: Karin Kvist');
    const form = page.getByRole('form', { name: 'Ompröva: Karin Kvist' });
    await form.getByLabel('Inga störningar').check();
    await form.getByLabel('Ingen sen hyra').check();
    await form.getByLabel('Skäl').fill('Ett år utan störningar och med hyran i tid');
    await form.getByRole('button', { name: 'Spara beslutet' }).click();
    const unmet = form.getByRole('alert').filter({ hasText: /^Villkor, hembesök har tagits emot: / });
    await visible(unmet);
    expect(await unmet.innerText()).not.toContain('visits_accepted');
    await form.getByLabel('Hembesök har tagits emot').check();
    await form.getByRole('button', { name: 'Spara beslutet' }).click();
    // A training apartment is the municipality's lease: stepping up asks the landlord for the transfer.
    await visible(karin.getByText('Överlåtelse föreslagen hyresvärden 2026-11-23'));
    await expect.poll(() => karin.getByText('Omprövning försenad').count()).toBe(0);

    // The three-party housing plan, and the home insurance the contract needs.
    await visible(karin.getByText('Hemförsäkring saknas'));
    await unfold(page, 'Ny version av boplanen: Karin Kvist');
    const plan = page.getByRole('form', { name: 'Ny version av boplanen: Karin Kvist' });
    await plan.getByLabel('Hyresgästen åtar sig').fill('Betalar hyran den 25:e');
    await plan.getByLabel('Hyresvärden åtar sig').fill('Ringer boendestödet vid första störningen');
    await plan.getByLabel('Kommunen åtar sig').fill('Boendestöd varje vecka');
    await plan.getByLabel('Överenskommen').fill('2026-11-23');
    await plan.getByRole('button', { name: 'Spara', exact: true }).click();
    await visible(karin.getByText('Boplan, version 1 (2026-11-23)'));
    await unfold(page, 'Hemförsäkring: Karin Kvist');
    const insurance = page.getByRole('form', { name: 'Hemförsäkring: Karin Kvist' });
    await insurance.getByLabel('Försäkringsbolag').fill('Folksam');
    await insurance.getByLabel('Försäkringsnummer').fill('H-4711');
    await insurance.getByLabel('Gäller från').fill('2026-11-01');
    await insurance.getByLabel('Gäller till och med').fill('2027-10-31');
    await insurance.getByRole('button', { name: 'Spara', exact: true }).click();
    await visible(insurance.getByRole('alert').filter({ hasText: /^Med ansvarsskydd: / }));
    const liability = insurance.getByLabel('Med ansvarsskydd');
    expect(await liability.getAttribute('aria-invalid')).toBe('true');
    expect(await insurance.locator(`[id="${await liability.getAttribute('aria-describedby')}"]`).innerText()).toBe('Hemförsäkringen ska ha ansvarsskydd');
    await insurance.getByLabel('Med ansvarsskydd').check();
    await insurance.getByRole('button', { name: 'Spara', exact: true }).click();
    await visible(karin.getByText('Hemförsäkring till 2027-10-31'));
    await expectNoAxeViolations(page, 'contracts on the ladder');
  });

  test('the landlord accepts the transfer of the lease; a household that holds its lease steps onto its own', async () => {
    const landlord = await world.pageAs('boendesocial@demobostader.se');
    await landlord.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Bostäder' }).click();
    const transfers = landlord.getByRole('list', { name: 'Överlåtelser till hyresgästen' });
    const bjorkvagen = transfers.getByRole('listitem').filter({ hasText: 'Björkvägen 21' });
    await visible(bjorkvagen.getByText('Väntar på ert svar'));
    expect(await bjorkvagen.innerText()).toContain('Enligt samarbetsavtalet behöver ett nej ett skäl.');
    expect(await bjorkvagen.innerText()).not.toContain('Karin');
    await bjorkvagen.getByRole('button', { name: 'Neka' }).click();
    await visible(landlord.getByRole('alert').filter({ hasText: /^Skäl: / }));
    await landlord.getByRole('button', { name: 'Godta överlåtelsen: Björkvägen 21' }).click();
    await visible(bjorkvagen.getByText('Godtagen'));
    await expectNoAxeViolations(landlord, "the landlord's transfers");

    const page = await world.pageAs('socialsekreterare@demokommun.se');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Kontrakt' }).click();
    const list = page.getByRole('list', { name: 'Kontrakt i bostadstrappan' });
    const karin = list.getByRole('listitem').filter({ hasText: 'Karin Kvist' });
    await visible(karin.getByText('omprövas 2027-11-23'));
    expect(await karin.innerText()).toContain('Boendestödsavtal');
    // The support agreement carries the municipality's guarantee of three months' rent, from today.
    await visible(karin.getByText(/Hyresgaranti: 3 månadshyror \(18\s300,00\skr\) för hyra som förfaller 2026-11-23–2027-11-22/));

    // Omar already holds his lease on the support agreement: stepping up ends the municipality's part.
    const omar = list.getByRole('listitem').filter({ hasText: 'Omar Olsson' });
    await unfold(page, 'Ompröva: Omar Olsson');
    const form = page.getByRole('form', { name: 'Ompröva: Omar Olsson' });
    await form.getByLabel('Inga störningar').check();
    await form.getByLabel('Ingen sen hyra').check();
    await form.getByLabel('Skäl').fill('Två år utan anmärkningar');
    await form.getByRole('button', { name: 'Spara beslutet' }).click();
    await visible(omar.getByText('Eget kontrakt', { exact: true }).first());
    expect(await omar.innerText()).not.toContain('Överlåtelse');
    await expectNoAxeViolations(page, 'contracts after the transfer');
  });

  test("a landlord's problem starts the response clock; social services answer it", async () => {
    const landlord = await world.pageAs('boendesocial@demobostader.se');
    await landlord.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Bostäder' }).click();
    await unfold(landlord, 'Rapportera ett problem: Björkvägen 21');
    const form = landlord.getByRole('form', { name: 'Rapportera ett problem: Björkvägen 21' });
    expect(await form.innerText()).toContain('Socialtjänsten svarar inom 48 timmar enligt samarbetsavtalet.');
    await form.getByLabel('Vad har hänt?').fill('Grannarna klagar på hög musik nattetid');
    await form.getByRole('button', { name: 'Skicka' }).click();
    const reported = landlord.getByRole('list', { name: 'Problem från hyresvärdar' }).getByRole('listitem').filter({ hasText: 'hög musik' });
    await visible(reported.getByText('Väntar på svar'));
    expect(await reported.innerText()).toContain('svar senast 2026-11-25');

    const page = await world.pageAs('socialsekreterare@demokommun.se');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Kontrakt' }).click();
    const answer = page.getByRole('form', { name: 'Svar till hyresvärden: Björkvägen 21' });
    await answer.getByLabel('Svar till hyresvärden').fill('Hembesök i morgon förmiddag');
    await answer.getByRole('button', { name: 'Skicka' }).click();
    await visible(page.getByRole('list', { name: 'Problem från hyresvärdar' }).getByText('Besvarat'));
    await expectNoAxeViolations(page, 'contracts with a problem answered');

    await landlord.reload();
    await visible(landlord.getByRole('list', { name: 'Problem från hyresvärdar' }).getByText('Hembesök i morgon förmiddag'));
    await expectNoAxeViolations(landlord, "the landlord's contracts and problems");
  });
});
