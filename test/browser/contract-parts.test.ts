// What the parties to a social contract do together, in a real Chromium (issue 4 §4): the landlord books
// the move-in inspection and social services write its protocol; the landlord claims under the rent
// guarantee and the housing coordinator pays what the check allows. And the reviews due in the social
// worker's task list, and a household taken off the waiting list (§2).
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, unfold, useWorld, visible } from './support.ts';

const world = useWorld();

describe('the parties to a social contract', () => {
  test('the landlord books the move-in inspection; social services record it, present', async () => {
    const landlord = await world.pageAs('boendesocial@demobostader.se');
    await landlord.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Bostäder' }).click();
    const skolgatan = landlord.getByRole('list', { name: 'Sociala kontrakt i era bostäder' }).getByRole('listitem').filter({ hasText: 'Skolgatan 8' });
    await visible(skolgatan.getByText('Inflyttningsbesiktning saknas'));
    await unfold(landlord, 'Boka besiktning: Skolgatan 8');
    const book = landlord.getByRole('form', { name: 'Boka besiktning: Skolgatan 8' });
    await book.getByLabel('Besiktning').selectOption('move_in');
    await book.getByLabel('Datum').fill('2026-11-23');
    await book.getByRole('button', { name: 'Spara' }).click();
    await visible(skolgatan.getByText('Inflyttningsbesiktning bokad 2026-11-23'));
    await expectNoAxeViolations(landlord, "the landlord's contracts with an inspection booked");

    const page = await world.pageAs('socialsekreterare@demokommun.se');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Kontrakt' }).click();
    const omar = page.getByRole('list', { name: 'Kontrakt i bostadstrappan' }).getByRole('listitem').filter({ hasText: 'Omar Olsson' });
    await unfold(page, 'Protokoll, Inflyttningsbesiktning: Omar Olsson');
    const protocol = page.getByRole('form', { name: 'Protokoll, Inflyttningsbesiktning: Omar Olsson' });
    await protocol.getByLabel('Anmärkningar').fill('Fuktfläck i badrummet noterad');
    await protocol.getByRole('button', { name: 'Spara' }).click();
    await visible(omar.getByText('Inflyttningsbesiktning hållen 2026-11-23, socialtjänsten var med'));
    await expect.poll(() => omar.getByText('Inflyttningsbesiktning saknas').count()).toBe(0);
    expect(await omar.innerText()).toContain('Anmärkningar: Fuktfläck i badrummet noterad');
    await expectNoAxeViolations(page, 'contracts with an inspection recorded');
  });

  test('the landlord claims under the rent guarantee; the coordinator pays what the check allows', async () => {
    const landlord = await world.pageAs('boendesocial@demobostader.se');
    await landlord.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Bostäder' }).click();
    await unfold(landlord, 'Krav mot hyresgarantin: Skolgatan 8');
    const claim = landlord.getByRole('form', { name: 'Krav mot hyresgarantin: Skolgatan 8' });
    await claim.getByLabel('Förfallodagar').fill('2026-10-01, 2027-01-01');
    await claim.getByLabel('Belopp (kr)').fill('12200');
    await claim.getByRole('button', { name: 'Skicka' }).click();
    // January's rent is not yet due: the second date is named as the form shows it, never by its code.
    const claimError = claim.getByRole('alert').filter({ hasText: /^Förfallodag 2: / });
    await visible(claimError);
    expect(await claimError.innerText()).not.toContain('dueDates');
    // …and beside the field it is about, tied to it for a screen reader.
    const dates = claim.getByLabel('Förfallodagar');
    expect(await dates.getAttribute('aria-invalid')).toBe('true');
    expect(await claim.locator(`[id="${await dates.getAttribute('aria-describedby')}"]`).innerText()).toBe('Hyran för 2027-01-01 har inte förfallit än');
    await claim.getByLabel('Förfallodagar').fill('2026-10-01, 2026-11-01');
    await claim.getByRole('button', { name: 'Skicka' }).click();
    const mine = landlord.getByRole('list', { name: 'Krav mot hyresgarantier' }).getByRole('listitem').first();
    await visible(mine.getByText('Väntar på beslut'));
    expect(await mine.innerText()).toContain('kan inte kontrolleras mot hyresvärdens reskontra');

    const coordinator = await world.pageAs('bostadssamordnare@demokommun.se');
    await coordinator.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Kontrakt' }).click();
    const claims = coordinator.getByRole('list', { name: 'Krav mot hyresgarantier' });
    await visible(claims.getByText('Omar Olsson', { exact: false }));
    await unfold(coordinator, 'Betala: Skolgatan 8');
    const pay = coordinator.getByRole('form', { name: 'Betala: Skolgatan 8' });
    await pay.getByLabel('Belopp att betala (kr)').fill('20000');
    await pay.getByRole('button', { name: 'Spara' }).click();
    await visible(pay.getByRole('alert').filter({ hasText: /^Belopp: / }));
    await pay.getByLabel('Belopp att betala (kr)').fill('12200');
    await pay.getByRole('button', { name: 'Spara' }).click();
    await visible(claims.getByText('Betalt'));
    await visible(coordinator.getByText(/utbetalt 12\s200,00\skr, kvar 6\s100,00\skr/));
    await expectNoAxeViolations(coordinator, 'claims under rent guarantees');
  });

  test("the reviews due are in the social worker's task list; a household leaves the waiting list", async () => {
    const page = await world.pageAs('socialsekreterare@demokommun.se');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Uppgifter' }).click();
    const reviews = page.getByRole('table', { name: 'Kontrakt i bostadstrappan att ompröva' });
    await visible(reviews.getByRole('row').filter({ hasText: 'Karin Kvist' }).getByText('Omprövning försenad'));
    await reviews.getByRole('link', { name: 'Karin Kvist' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Kontrakt i bostadstrappan' }));
    await expectNoAxeViolations(page, 'contracts opened from the task list');

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Bostadskö' }).click();
    await unfold(page, 'Ta bort ur kön: Lisa Lund');
    const form = page.getByRole('form', { name: 'Ta bort ur kön: Lisa Lund' });
    await form.getByLabel('Varför lämnar hushållet kön?').fill('Har fått ett förstahandskontrakt via bostadsförmedlingen');
    await form.getByRole('button', { name: 'Ta bort ur kön' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Väntande hushåll' }).getByText('Lisa Lund').count()).toBe(0);
    await expectNoAxeViolations(page, 'the waiting list after a withdrawal');
  });

  test("the housing coordinator changes the municipality's ladder; a form's rules are kept", async () => {
    const page = await world.pageAs('bostadssamordnare@demokommun.se');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Kontrakt' }).click();
    await unfold(page, 'Ändra trappan');
    const editor = page.getByRole('form', { name: 'Ändra trappan' });
    const first = editor.getByRole('group', { name: 'Steg 1' });
    await first.getByLabel('Kontraktsform').selectOption('housing_first');
    await first.getByLabel('Namn').fill('Bostad först');
    await first.getByLabel('Drogfrihet').check();
    await editor.getByRole('button', { name: 'Spara trappan' }).click();
    // Housing First gives a home without a demand of sobriety.
    await visible(editor.getByRole('alert').filter({ hasText: /^Steg 1, villkor: / }));
    await visible(first.locator('#step-conditions-0-error'));
    await first.getByLabel('Drogfrihet').uncheck();
    await editor.getByRole('button', { name: 'Spara trappan' }).click();
    await visible(editor.getByRole('status').filter({ hasText: 'Trappan är sparad.' }));
    await visible(page.getByText('Trappan: Bostad först (12 mån) → Boendestödsavtal (12 mån) (hyresgaranti 3 mån) → Eget kontrakt'));
    await expectNoAxeViolations(page, 'the ladder editor');
  });
});
