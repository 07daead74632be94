// The case in a real Chromium: the social worker opens the case of a family from the inbox, writes a
// journal entry and corrects it; the first entry stays as it was, marked corrected (SOSFS 2014:5).
import { describe, expect, test } from 'vitest';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { expectNoAxeViolations, SERVER_DATE, unfold, useWorld, visible } from './support.ts';

const world = useWorld();

describe('the case', () => {
  test('opened from the inbox; a journal entry is signed, then corrected; a home visit is booked with its letter', async () => {
    const page = await world.pageAs('socialsekreterare@demokommun.se');
    await visible(page.getByRole('heading', { level: 1, name: 'Inkorg' }));
    await page.getByRole('button', { name: 'Öppna ärende: Ekvägen 3' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Ärende: Ekvägen 3' }));
    await visible(page.getByText(/Barnen har sagt att de kanske måste flytta/));

    await page.getByLabel('Händelsedatum').fill(SERVER_DATE);
    await page.getByLabel('Anteckning', { exact: true }).fill('Ringde familjen. Ingen svarade.');
    await page.getByRole('button', { name: 'Signera och spara' }).click();
    const journal = page.getByRole('list', { name: 'Journal' });
    await visible(journal.getByText('Ringde familjen. Ingen svarade.'));
    // The case's one timeline has the concern that brought it in and the entry.
    const timeline = page.getByRole('list', { name: 'Tidslinje' });
    await visible(timeline.getByText(/Journal #1 \(Sara Socialsekreterare\): Ringde familjen/));
    await visible(timeline.getByText(/Oro anmäld/));
    await expectNoAxeViolations(page, 'the case page');

    await journal.getByRole('button', { name: 'Rätta #1' }).click();
    await visible(page.getByRole('heading', { name: 'Rättelse av #1' }));
    await page.getByLabel('Anteckning', { exact: true }).fill('Rättelse: samtalet gick fram, pappan bad om ett hembesök.');
    await page.getByRole('button', { name: 'Signera och spara' }).click();
    await visible(journal.getByText('Rättelse: samtalet gick fram, pappan bad om ett hembesök.'));
    const items = journal.getByRole('listitem');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.nth(0).innerText()).toContain('Ringde familjen. Ingen svarade.');
    expect(await items.nth(0).innerText()).toContain('Rättad i #2');
    expect(await items.nth(1).innerText()).toContain('Rättar #1');

    // A home visit, booked for a time, with its letter and contact card.
    await unfold(page, 'Boka hembesök');
    await page.getByLabel('Dag och klockslag').fill('2026-11-30T10:00');
    await page.getByLabel('Tillsammans med hyresvärden').check();
    await page.getByRole('button', { name: 'Boka besöket' }).click();
    const contacts = page.getByRole('list', { name: 'Kontakter' });
    await visible(contacts.getByText('bokat 2026-11-30 10:00'));
    expect(await contacts.innerText()).toContain('Gemensamt med hyresvärden');
    for (const name of ['Brev om hembesöket (PDF)', 'Kontaktkort (PDF)']) {
      const href = await contacts.getByRole('link', { name }).getAttribute('href');
      const pdf = await page.request.get(new URL(href!, world.baseUrl).toString());
      expect(pdf.headers()['content-type']).toBe('application/pdf');
    }
    await expectNoAxeViolations(page, 'the case page with a booked visit');

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Inkorg' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Inkorg' }));
    await expect.poll(() => page.getByRole('button', { name: 'Öppna ärende: Ekvägen 3' }).count()).toBe(0);
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Ärenden' }).click();
    await visible(page.getByRole('link', { name: 'Ekvägen 3' }));
    await expectNoAxeViolations(page, 'the case list');
  });

  test("Kronofogden's liaison sends an eviction date; the social worker sees it in the inbox", async () => {
    const liaison = await world.pageAs('samverkan@kronofogden.example');
    await visible(liaison.getByRole('heading', { level: 1, name: 'Meddela socialtjänsten' }));
    await liaison.getByLabel('Datum för avhysning är bestämt').check();
    await liaison.getByLabel('Målnummer').fill('12-4711-26');
    await liaison.getByLabel('Kommunkod (fyra siffror)').fill('9999');
    await liaison.getByLabel('Hyresgästens personnummer').fill(TEST_PERSONNUMMER[20]!);
    await liaison.getByLabel('Adress').fill('Torggatan 12');
    await liaison.getByLabel('Dag och klockslag för avhysningen').fill('2026-12-10T09:30');
    await liaison.getByRole('button', { name: 'Skicka till socialtjänsten' }).click();
    await visible(liaison.getByRole('status').filter({ hasText: 'Meddelandet är skickat till socialtjänsten.' }));
    await expectNoAxeViolations(liaison, "the liaison's form");

    const worker = await world.pageAs('socialsekreterare@demokommun.se');
    const row = worker.getByRole('row').filter({ hasText: 'Målnummer 12-4711-26' });
    await visible(row);
    expect(await row.innerText()).toContain('Avhysning 2026-12-10 09:30');
    expect(await row.innerText()).toContain('Torggatan 12');
  });
});
