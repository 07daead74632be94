// The facts the eviction figures are counted from (issue 14 §1), entered in a real Chromium: Kronofogden's
// liaison tells how a matter ended, each missing variable named beside its field; the landlord's officer
// records its own application on the tenancy and, later, that it was withdrawn.
import { describe, expect, test } from 'vitest';
import { eventually, expectNoAxeViolations, SERVER_DATE, useWorld, visible } from './support.ts';

const world = useWorld();

describe('what became of an eviction matter', () => {
  test("the liaison records an eviction carried out, with the children by how they lived with the parent", async () => {
    const liaison = await world.pageAs('samverkan@kronofogden.example');
    await visible(liaison.getByRole('heading', { level: 1, name: 'Meddela socialtjänsten' }));
    await liaison.getByLabel('Avhysningen är verkställd').check();
    await visible(liaison.getByText(/sparas utan personnummer och adress/));
    expect(await liaison.getByLabel('Hyresgästens personnummer').count()).toBe(0);
    await liaison.getByLabel('Målnummer').fill('12-5150-26');
    await liaison.getByLabel('Kommunkod (fyra siffror)').fill('9999');
    await liaison.getByLabel('Adress').fill('Torggatan 12');
    await liaison.getByLabel('Dag då avhysningen verkställdes').fill(SERVER_DATE);
    await liaison.getByLabel('Bodde växelvis').fill('2');
    await liaison.getByRole('button', { name: 'Spara utfallet' }).click();
    const household = liaison.getByLabel('Hushållet');
    await eventually(() => household.getAttribute('aria-invalid')).toBe('true');
    await visible(liaison.getByText('Välj hushållet').first());
    await expectNoAxeViolations(liaison, "the liaison's outcome form with a field to correct");

    await household.selectOption({ label: 'Ensamstående kvinna' });
    await liaison.getByLabel('Ja').check();
    await liaison.getByRole('button', { name: 'Spara utfallet' }).click();
    await visible(liaison.getByRole('status').filter({ hasText: 'Utfallet är sparat.' }));
    await liaison.context().close();
  });

  test('the officer records the application on the tenancy, then that it was withdrawn', async () => {
    const page = await world.pageAs('krav@demobostader.se');
    await page.goto('/hyresgaster');
    await page.getByLabel('Sök hyresgäst, adress eller kontrakt').fill('DB-1001');
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await page.getByRole('main').getByRole('listitem').filter({ hasText: 'DB-1001' }).getByRole('link').click();
    const section = page.getByRole('region', { name: 'Ansökan hos Kronofogden' });
    await visible(section.getByText('Ingen ansökan om avhysning är förd in för hyresavtalet.'));
    await section.getByLabel('Dag då ansökan skickades').fill(SERVER_DATE);
    await section.getByLabel('Kronofogdens målnummer (om det finns)').fill('12-7001-26');
    await section.getByRole('button', { name: 'Spara ansökan' }).click();
    await visible(section.getByText(`Ansökan ${SERVER_DATE} · mål 12-7001-26 · pågår`));
    await expectNoAxeViolations(page, 'the tenancy page with an application to Kronofogden');

    const end = section.getByRole('form', { name: `Hur ansökan från ${SERVER_DATE} slutade` });
    await end.getByLabel('Dag').fill(SERVER_DATE);
    await end.getByRole('button', { name: 'Spara' }).click();
    await visible(section.getByText(`återkallad ${SERVER_DATE}`));
    await page.context().close();
  });
});
