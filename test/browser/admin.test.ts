// Administration in a real Chromium: the landlord's admin creates an API token (shown once) and a
// user; the auditor lands on the access log and verifies its chain.
import { describe, expect, test } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/access/model.ts';
import { createUser } from '../../src/access/service.ts';
import { DEMO_PASSWORD } from '../../src/platform/demo.ts';
import { cullExpired } from '../../src/privacy/retention.ts';
import { eventually, expectNoAxeViolations, login, plain, useWorld, visible } from './support.ts';

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

  test("the municipality's admin downloads a person's own report as PDF", async () => {
    const [person] = await world.db.query<{ personnummer: string }>(
      "select p.personnummer from tenants p join tenancies t on t.id = p.tenancy_id join organisations o on o.id = t.landlord_id where o.name = 'Privatvärden AB' and t.id in (select tenancy_id from notices) limit 1",
    );
    const page = await world.pageAs('admin@demokommun.se');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' }).click();
    const form = page.getByRole('form', { name: 'Registerutdrag (GDPR artikel 15)' });
    await form.getByLabel('Personnummer').fill('1912121212');
    await form.getByRole('button', { name: 'Hämta som PDF' }).click();
    await visible(form.getByRole('alert'));
    await form.getByLabel('Personnummer').fill(person!.personnummer);
    const download = page.waitForEvent('download');
    await form.getByRole('button', { name: 'Hämta som PDF' }).click();
    expect((await download).suggestedFilename()).toBe('registerutdrag.pdf');
    await expectNoAxeViolations(page, 'the administration page of a municipality');
  });

  test("the municipality's admin sets the idle time; a user sees their own logins and ends one", async () => {
    const admin = await world.pageAs('admin@demokommun.se');
    await admin.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' }).click();
    const idle = admin.getByRole('form', { name: 'Utloggning när inloggningen inte används' });
    expect(await idle.getByLabel('Minuter utan användning (5–1440)').inputValue()).toBe('30');
    await idle.getByLabel('Minuter utan användning (5–1440)').fill('20');
    await idle.getByRole('button', { name: 'Spara' }).click();
    await visible(idle.getByRole('status').filter({ hasText: 'Inloggningar avslutas efter 20 minuter utan användning.' }));
    await expectNoAxeViolations(admin, 'the administration page with the idle time');

    // Two logins of the same social worker: one ends the other from the list.
    const laptop = await world.newPage();
    await login(laptop, 'socialsekreterare@demokommun.se');
    const phone = await world.newPage();
    await login(phone, 'socialsekreterare@demokommun.se');
    await laptop.getByRole('link', { name: 'Mina inloggningar' }).click();
    const rows = laptop.getByRole('table', { name: 'Inloggningar som gäller' }).locator('tbody').getByRole('row');
    await eventually(() => rows.count()).toBe(2);
    await expectNoAxeViolations(laptop, 'my logins');
    const other = rows.filter({ hasNotText: 'Den här' }).first();
    await other.getByRole('button').click();
    await visible(laptop.getByRole('status').filter({ hasText: 'Inloggningen är avslutad.' }));
    await phone.reload();
    await visible(phone.getByRole('button', { name: 'Logga in' }));
  });

  test('someone with an account in two organisations, same password, chooses which to log in to', async () => {
    const orgs = await world.db.query<{ id: string; name: string }>("select id, name from organisations where name in ('Demobostäder AB', 'Privatvärden AB') order by name");
    expect(orgs).toHaveLength(2);
    for (const [i, org] of orgs.entries())
      await createUser(world.db, SYSTEM_ACTOR, { orgId: org.id, email: 'konsult@example.se', password: DEMO_PASSWORD, role: i === 0 ? 'caretaker' : 'collection_officer', demoPassword: true });
    const page = await world.newPage();
    await page.goto('/');
    await page.getByLabel('E-postadress').fill('konsult@example.se');
    await page.getByLabel('Lösenord').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'Du har konton i flera organisationer. Välj vilken du loggar in i.' }));
    const choice = page.getByRole('group', { name: 'Organisation att logga in i' });
    await expectNoAxeViolations(page, 'the login with a choice of organisation');
    // Another address typed: the choice, which was for the first, goes; the same one brings it back.
    await page.getByLabel('E-postadress').fill('konsult@example.com');
    expect(await choice.count()).toBe(0);
    await page.getByLabel('E-postadress').fill('konsult@example.se');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await choice.getByLabel('Privatvärden AB').check();
    await page.getByRole('button', { name: 'Logga in' }).click();
    await visible(page.getByRole('navigation', { name: 'Huvudmeny' }));
    await visible(page.getByText('Privatvärden AB').first());
  });

  test("the municipality's admin sets how long concerns are kept, and reads what the night's culling removed", async () => {
    // A concern set aside two years before the server's today: culled by the night's job.
    const twoYearsAgo = new Date(world.bokvar.ctx.clock.now().getTime() - 2 * 366 * 86_400_000);
    await world.db.query(
      `insert into concerns (reference, municipality_id, address, what, source, status, dismissed_reason, dismissed_at, received_at)
       select 'GALLRA-1', id, 'Gamla gatan 1', 'Oro', 'public', 'handled', 'Ingen oro', $1, $1 from organisations where name = 'Demokommun'`,
      [twoYearsAgo],
    );
    const page = await world.pageAs('admin@demokommun.se');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' }).click();
    const form = page.getByRole('form', { name: 'Gallring' });
    await visible(form.getByText('Gäller nu: 5 år (standard 5 år, lagens minsta tid). Lämna tomt för standard.'));
    await visible(page.getByRole('cell', { name: 'Inget har gallrats än.' }));
    await form.getByLabel('Orosanmälningar som inte ledde till ärende, månader efter beslutet').fill('500');
    await form.getByRole('button', { name: 'Spara gallringsregler' }).click();
    await visible(form.getByRole('alert').filter({ hasText: 'Orosanmälningar utan ärende, månader: Ett heltal 1–120' }));
    // And beside the field itself, which says it is wrong.
    const months = form.getByLabel('Orosanmälningar som inte ledde till ärende, månader efter beslutet');
    expect(await months.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await months.getAttribute('id')}-error`).innerText()).toBe('Ett heltal 1–120');
    await form.getByLabel('Orosanmälningar som inte ledde till ärende, månader efter beslutet').fill('18');
    await form.getByRole('button', { name: 'Spara gallringsregler' }).click();
    await visible(form.getByRole('status').filter({ hasText: 'Gallringsreglerna är sparade.' }));
    await visible(form.getByText('Gäller nu: 18 månader (standard 12 månader). Lämna tomt för standard.'));
    expect(await months.getAttribute('aria-invalid')).toBeNull();
    expect(await cullExpired(world.bokvar.ctx)).toMatchObject({ concerns: 1 });
    await page.reload();
    const row = page.getByRole('table', { name: 'Gallrat' }).getByRole('row').filter({ hasText: 'Orosanmälningar' });
    await visible(row);
    expect(await row.getByRole('cell').nth(2).innerText()).toBe('1');
    await expectNoAxeViolations(page, 'the administration page with culling');
  });

  test("the municipality's admin sets its population by hand and from SCB's table; the landlord's admin its homes", async () => {
    const page = await world.pageAs('admin@demokommun.se');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' }).click();
    const enter = page.getByRole('form', { name: 'Ange folkmängd för ett år' });
    await enter.getByLabel('År', { exact: true }).fill('2025');
    await enter.getByLabel('Invånare').fill('12 000');
    await enter.getByLabel('Varav 0–17 år').fill('13 000');
    await enter.getByRole('button', { name: 'Spara' }).click();
    const children = enter.getByLabel('Varav 0–17 år');
    await visible(enter.getByRole('alert').filter({ hasText: 'Varav 0–17 år: Barnen kan inte vara fler än alla invånare' }));
    expect(await children.getAttribute('aria-invalid')).toBe('true');
    await children.fill('2 600');
    await enter.getByRole('button', { name: 'Spara' }).click();
    const years = page.getByRole('table', { name: 'Invånare per år' });
    const yearRow = (year: string) => years.getByRole('row').filter({ has: page.getByRole('cell', { name: year, exact: true }) });
    await visible(yearRow('2025'));
    expect((await yearRow('2025').getByRole('cell').allInnerTexts()).slice(0, 3).map(plain)).toEqual(['2025', '12 000', '2 600']);

    // SCB's table for the demo municipality's kommunkod: every age, one year.
    const code = (await world.db.query<{ code: string }>("select municipality_code as code from organisations where name = 'Demokommun'"))[0]!.code;
    const lines = ['"region","ålder","2026"', ...Array.from({ length: 101 }, (_, age) => `"${code} Demokommun","${age === 100 ? '100+' : age} år",${age <= 17 ? 30 : 100}`)];
    const read = page.getByRole('form', { name: 'Läs in SCB:s tabell' });
    await read.getByLabel('SCB:s tabell (CSV)').setInputFiles({ name: 'folkmangd.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n'), 'latin1') });
    await read.getByRole('button', { name: 'Läs in' }).click();
    const scbRow = yearRow('2026');
    await visible(scbRow);
    expect((await scbRow.getByRole('cell').allInnerTexts()).slice(0, 3).map(plain)).toEqual(['2026', '8 840', '540']);
    expect(await scbRow.innerText()).toContain('Från SCB');
    await expectNoAxeViolations(page, 'the administration page with the population');

    const landlord = await world.pageAs('admin@demobostader.se');
    await landlord.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' }).click();
    const homes = landlord.getByRole('form', { name: 'Ange antal bostäder för ett år' });
    await homes.getByLabel('År', { exact: true }).fill('2026');
    await homes.getByLabel('Bostäder').fill('4 800');
    await homes.getByRole('button', { name: 'Spara' }).click();
    await visible(landlord.getByText(/^2026: 4\s800 bostäder$/));
    await expectNoAxeViolations(landlord, "the landlord's administration page with its homes");
  });

  test('the auditor reads the access log and verifies its chain', async () => {
    const page = await world.pageAs('revisor@demobostader.se');
    await visible(page.getByRole('heading', { level: 2, name: 'Åtkomstlogg' }));
    await expect(page.getByRole('heading', { name: 'Användare' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Kontrollera loggens kedja' }).click();
    await visible(page.getByText(/^Loggen är hel \(\d+ rader\)\.$/));
    // What was done, in words: the auditor's own login, never its code.
    const log = page.getByRole('table', { name: 'Senaste händelserna i organisationen' });
    await visible(log.getByRole('cell', { name: 'Loggade in', exact: true }).first());
    expect(await log.innerText()).not.toMatch(/session\.create|[a-z_]+\.[a-z_]+/);
    await expectNoAxeViolations(page, 'the access log');
  });
});
