// The server's today, not the laptop's: a browser whose clock is days off and in another time zone
// still starts every date field on the date the server works in, and the server takes it.
import { describe, expect, test } from 'vitest';
import { login, SERVER_DATE, showWorklistFor, useWorld, visible, worklistRows } from './support.ts';

const world = useWorld();
const DAY = 86_400_000;

describe("the browser's clock is off", () => {
  test('four days ahead on the other side of the world: the worklist is the server’s today', async () => {
    // Kiritimati is UTC+14: there it is already the next day for most of Stockholm's.
    const page = await world.newPage({ offsetMs: 4 * DAY, timezoneId: 'Pacific/Kiritimati' });
    await login(page, 'krav@demobostader.se');
    const field = page.getByLabel('Datum', { exact: true });
    await visible(field);
    expect(await field.inputValue()).toBe(SERVER_DATE);
    await showWorklistFor(page, SERVER_DATE);
    expect(await worklistRows(page).count()).toBeGreaterThan(0);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  test('two days behind: a journal entry signed on the date the form starts on is the server’s today', async () => {
    const page = await world.newPage({ offsetMs: -2 * DAY, timezoneId: 'America/Los_Angeles' });
    await login(page, 'socialsekreterare@demokommun.se');
    await page.getByRole('button', { name: 'Öppna ärende: Ekvägen 3' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Ärende: Ekvägen 3' }));
    expect(await page.getByLabel('Händelsedatum').inputValue()).toBe(SERVER_DATE);
    await page.getByLabel('Anteckning', { exact: true }).fill('Ringde familjen från en dator med fel klocka.');
    await page.getByRole('button', { name: 'Signera och spara' }).click();
    const entry = page.getByRole('list', { name: 'Journal' }).getByRole('listitem').first();
    await visible(entry.getByText('Ringde familjen från en dator med fel klocka.'));
    expect(await entry.innerText()).toContain(SERVER_DATE);
  });
});
