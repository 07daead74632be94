// The eviction day and the rent-debt consultation, in a real Chromium (issue 3 §2): a date set by
// Kronofogden becomes a case with the day's tasks; the social worker offers to be there and books a time
// the same day. A family with children gets a consultation with the landlord, recorded with what was
// agreed.
import { describe, expect, test } from 'vitest';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { expectNoAxeViolations, SERVER_DATE, unfold, useWorld, visible } from './support.ts';

const world = useWorld();

describe('the eviction day', () => {
  test('is on the case with its tasks; presence offered and a time booked the same day', async () => {
    const liaison = await world.pageAs('samverkan@kronofogden.example');
    await liaison.getByLabel('Datum för avhysning är bestämt').check();
    await liaison.getByLabel('Målnummer').fill('12-5150-26');
    await liaison.getByLabel('Kommunkod (fyra siffror)').fill('9999');
    await liaison.getByLabel('Hyresgästens personnummer').fill(TEST_PERSONNUMMER[21]!);
    await liaison.getByLabel('Adress').fill('Smedjegatan 4');
    await liaison.getByLabel('Dag och klockslag för avhysningen').fill('2026-12-10T09:30');
    // A municipality code that is not four digits is refused, beside the field it is about.
    const code = liaison.getByLabel('Kommunkod (fyra siffror)');
    await code.fill('99');
    await liaison.getByRole('button', { name: 'Skicka till socialtjänsten' }).click();
    await visible(liaison.getByRole('alert').filter({ hasText: 'Kommunkod: Kommunkod: fyra siffror, t.ex. 1980' }));
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    expect(await liaison.locator(`[id="${await code.getAttribute('aria-describedby')}"]`).innerText()).toBe('Kommunkod: fyra siffror, t.ex. 1980');
    expect(await liaison.getByLabel('Målnummer').getAttribute('aria-invalid')).toBeNull();
    await expectNoAxeViolations(liaison, "Kronofogden's notice with an error");
    await code.fill('9999');
    await liaison.getByRole('button', { name: 'Skicka till socialtjänsten' }).click();
    await visible(liaison.getByRole('status').filter({ hasText: 'Meddelandet är skickat till socialtjänsten.' }));

    const page = await world.pageAs('socialsekreterare@demokommun.se');
    await page.getByRole('button', { name: 'Öppna ärende: Smedjegatan 4' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Ärende: Smedjegatan 4' }));
    const tasks = page.getByRole('list', { name: 'Uppgifter' });
    await visible(tasks.getByText('Avhysning kl. 09:30: var där, fråga om hjälp behövs, boka en tid samma dag'));
    await visible(tasks.getByText('Ring upp efter avhysningen'));
    expect(await tasks.innerText()).toContain('senast 2026-12-12');

    const day = page.getByRole('form', { name: /^Avhysningen / });
    await day.getByLabel('Vi har erbjudit att vara med').check();
    await day.getByLabel('Socialtjänsten är på plats').check();
    await day.getByLabel('Bokad tid samma dag (klockslag)').fill('13:15');
    await day.getByRole('button', { name: 'Spara' }).click();
    await visible(day.getByText(/^Bokad tid samma dag: .*13:15/));
    await page.reload();
    await visible(page.getByRole('form', { name: /^Avhysningen / }).getByText(/^Bokad tid samma dag: .*13:15/));
    expect(await page.getByRole('form', { name: /^Avhysningen / }).getByLabel('Vi har erbjudit att vara med').isChecked()).toBe(true);
    await expectNoAxeViolations(page, 'a case with an eviction day');
  });
});

describe('the rent-debt consultation', () => {
  test('with a family with children is recorded with its participants and what was agreed', async () => {
    const page = await world.pageAs('socialsekreterare@demokommun.se');
    await page.getByRole('button', { name: 'Öppna ärende: Ekvägen 3' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Ärende: Ekvägen 3' }));
    const list = page.getByRole('list', { name: 'Hyresskuldsamråd' });
    await visible(page.getByText('Inget samråd ännu.'));

    await unfold(page, 'Anteckna ett samråd');
    const form = page.getByRole('form', { name: 'Anteckna ett samråd' });
    await form.getByLabel('Samrådets datum').fill(SERVER_DATE);
    await form.getByLabel('Deltagare').fill('Hyresgästen, kravhandläggaren, socialsekreteraren');
    await form.getByLabel('Hyresvärden deltog').check();
    await form.getByLabel('Överenskommelser').fill('Skulden betalas med 1 500 kr i månaden från januari; hyresvärden väntar med ansökan.');
    await form.getByRole('button', { name: 'Spara samrådet' }).click();
    await visible(list.getByText('Skulden betalas med 1 500 kr i månaden från januari; hyresvärden väntar med ansökan.'));
    expect(await list.innerText()).toContain(SERVER_DATE);
    expect(await list.innerText()).toContain('Hyresvärden deltog');
    await expect.poll(() => page.getByText('Inget samråd ännu.').count()).toBe(0);
    await expectNoAxeViolations(page, 'a case with a consultation');
  });
});
