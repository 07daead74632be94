// Consent as the landlord sees it, in a real Chromium (issue 3 §3): after its own statutory notice the
// landlord sees only that social services have a case; once the tenant's signed consent is in, the
// social worker and the contacts the tenant agreed to share; the moment it is withdrawn, nothing more.
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, SERVER_DATE, unfold, useWorld, visible } from './support.ts';

const world = useWorld();

describe('consent', () => {
  test('given and withdrawn, as seen from the landlord’s login', async () => {
    const worker = await world.pageAs('socialsekreterare@demokommun.se');
    const row = worker.getByRole('row').filter({ hasText: 'Privatvärden AB' });
    await visible(row);
    await row.getByRole('button', { name: /^Öppna ärende/ }).click();
    await visible(worker.getByRole('heading', { level: 1, name: /^Ärende: / }));
    // The household starts with the tenant on the lease.
    const household = worker.getByRole('list', { name: 'Hushållet' });
    await visible(household.getByText('Hyresgäst'));

    const landlord = await world.pageAs('krav@privatvarden.se');
    await landlord.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Socialtjänstens ärenden' }).click();
    await visible(landlord.getByRole('heading', { level: 1, name: 'Socialtjänstens ärenden' }));
    await visible(landlord.getByText('Hyresgästen har inte samtyckt till att ni får veta mer.'));
    expect(await landlord.locator('main').innerText()).not.toContain('Handläggare');
    await expectNoAxeViolations(landlord, "the landlord's view of social services' cases");

    // A call that did not get through, then the tenant's consent to share that contact is being sought.
    await unfold(worker, 'Logga en kontakt');
    await worker.getByLabel('Sätt').selectOption('call');
    await worker.getByLabel('Datum', { exact: true }).fill(SERVER_DATE);
    await worker.getByLabel('Tid på dagen').selectOption('morning');
    await worker.getByRole('button', { name: 'Spara kontakten' }).click();
    await visible(worker.getByRole('list', { name: 'Kontakter' }).getByText(/Samtal/));

    await unfold(worker, 'Registrera samtycke');
    const form = worker.getByRole('form', { name: 'Registrera samtycke' });
    await form.getByLabel('Att ärendet finns och vem som är handläggare').check();
    await form.getByLabel('Kontakter och försök till kontakt').check();
    await form.getByLabel('Privatvärden AB').check();
    await form.getByLabel('Syfte').fill('Att hyresvärden vet att vi försöker nå hushållet');
    await form.getByLabel('Gäller från').fill(SERVER_DATE);
    await form.getByLabel('Gäller till och med').fill('2027-05-31');
    await form.getByRole('button', { name: 'Spara – skriv sedan ut blanketten' }).click();
    const consents = worker.getByRole('list', { name: 'Samtycken' });
    await visible(consents.getByText('Väntar på underskrift'));
    const href = await consents.getByRole('link', { name: 'Blankett att skriva under (PDF)' }).getAttribute('href');
    const pdf = await worker.request.get(new URL(href!, world.baseUrl).toString());
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await expectNoAxeViolations(worker, 'the case page with a consent awaiting signature');

    // Not signed yet: the landlord still sees nothing more.
    await landlord.reload();
    await visible(landlord.getByText('Hyresgästen har inte samtyckt till att ni får veta mer.'));

    await consents.getByRole('button', { name: 'Underskriven blankett finns på papper' }).click();
    await visible(consents.getByText('Gäller', { exact: true }));

    await landlord.reload();
    await visible(landlord.getByText('Handläggare: Sara Socialsekreterare, telefon 021-39 00 00'));
    await visible(landlord.getByText(`Samtal · ${SERVER_DATE} förmiddag · Inte nådd`));
    expect(await landlord.locator('main').innerText()).not.toContain('inte samtyckt');

    // Withdrawn: at once the landlord is back to knowing only that the case exists.
    await consents.getByLabel('Anteckning om återkallelsen').fill('Hyresgästen ringde och återkallade');
    await consents.getByRole('button', { name: 'Återkalla samtycket' }).click();
    await visible(consents.getByText('Återkallat', { exact: true }));
    await landlord.reload();
    await visible(landlord.getByText('Hyresgästen har inte samtyckt till att ni får veta mer.'));
    const main = await landlord.locator('main').innerText();
    expect(main).not.toContain('Handläggare');
    expect(main).not.toContain('Samtal');
  });
});
