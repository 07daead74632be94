// The one way in, in a real Chromium: a neighbour reports a concern without logging in and gets a
// reference number; the social worker finds it in the inbox with the notices, families with children first.
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, unfold, useWorld, visible } from './support.ts';

const world = useWorld();

describe('en väg in', () => {
  test('what the server refuses is named by the label on the form, never by its code', async () => {
    const page = await world.newPage();
    await page.goto('/en-vag-in');
    await visible(page.getByRole('heading', { level: 1, name: 'Anmäl oro för ett hushåll' }));
    // Spaces pass the browser's own check of a required field; the server refuses an empty address.
    await page.getByLabel('Adress (gata, nummer, gärna lägenhetsnummer)').fill('   ');
    await page.getByLabel('Vad har du sett eller hört?').fill('Posten ligger kvar.');
    await page.getByRole('button', { name: 'Skicka' }).click();
    const alert = page.getByRole('alert');
    await visible(alert);
    expect(await alert.innerText()).toBe('Adress: Skriv adressen (gata och nummer, gärna lägenhetsnummer)');
    // And beside the field itself, tied to it for a screen reader; the field that was right is not marked.
    const address = page.getByLabel('Adress (gata, nummer, gärna lägenhetsnummer)');
    expect(await address.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await address.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toBe('Skriv adressen (gata och nummer, gärna lägenhetsnummer)');
    expect(await page.getByLabel('Vad har du sett eller hört?').getAttribute('aria-invalid')).toBeNull();
    await expectNoAxeViolations(page, 'the one-way-in form with an error');
  });

  test('a neighbour reports a concern without logging in, and the social worker finds it in the inbox', async () => {
    const page = await world.newPage();
    await page.goto('/en-vag-in');
    await visible(page.getByRole('heading', { level: 1, name: 'Anmäl oro för ett hushåll' }));
    await expectNoAxeViolations(page, 'the one-way-in form');
    await page.getByLabel('Stadsdel (om du vet)').selectOption({ label: 'Norra staden' });
    await page.getByLabel('Adress (gata, nummer, gärna lägenhetsnummer)').fill('Björkvägen 7');
    await page.getByLabel('Vad har du sett eller hört?').fill('Grannen har inte varit ute på två veckor <b>och</b> posten ligger kvar.');
    await page.getByLabel('Jag är orolig för någons psykiska hälsa').check();
    await page.getByRole('button', { name: 'Skicka' }).click();
    const receipt = page.getByRole('status');
    await visible(receipt);
    const reference = /EVI-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(await receipt.innerText())?.[0];
    expect(reference).toBeDefined();
    await expectNoAxeViolations(page, 'the receipt');
    await page.context().close();

    const worker = await world.pageAs('socialsekreterare@demokommun.se');
    await visible(worker.getByRole('heading', { level: 1, name: 'Inkorg' }));
    const rows = worker.getByRole('table', { name: 'Nytt till socialtjänsten, barnfamiljer först' }).getByRole('row');
    const mine = rows.filter({ hasText: reference! });
    await visible(mine);
    // The text is shown as written, tags and all, never run as HTML.
    expect(await mine.innerText()).toContain('<b>och</b>');
    expect(await mine.innerText()).toContain('Norra staden');
    expect(await mine.innerText()).toContain('Sara Socialsekreterare');
    expect(await mine.innerText()).toContain('Psykisk ohälsa');
    // Families with children first: the demo's concern about children comes before this one.
    const texts = await rows.allInnerTexts();
    const childrenRow = texts.findIndex((t) => t.includes('Barn i hushållet'));
    expect(childrenRow).toBeGreaterThan(0);
    expect(childrenRow).toBeLessThan(texts.findIndex((t) => t.includes(reference!)));
    await expectNoAxeViolations(worker, 'the inbox');

    await worker.getByLabel('Stadsdel').selectOption({ label: 'Södra staden (Tove Teamledare)' });
    await expect.poll(() => rows.filter({ hasText: reference! }).count()).toBe(0);

    // It needs no case: taken out of the inbox, with the reason.
    await worker.getByLabel('Stadsdel').selectOption({ label: 'Alla' });
    await visible(mine);
    await mine.getByText('Inget ärende', { exact: true }).click();
    await mine.getByLabel('Varför inget ärende?').fill('Grannen har flyttat; posten var den förra hyresgästens');
    await expectNoAxeViolations(worker, 'the inbox with the reason form open');
    await mine.getByRole('button', { name: 'Ta bort ur inkorgen' }).click();
    await expect.poll(() => rows.filter({ hasText: reference! }).count()).toBe(0);
  });
});

describe('a flood of the public form', () => {
  test('the team lead sets aside the unflagged anonymous concerns of an hour; the one about children stays', async () => {
    const page = await world.pageAs('teamledare@demokommun.se');
    await visible(page.getByRole('heading', { level: 1, name: 'Inkorg' }));
    await unfold(page, 'Lägg undan en våg av anonyma anmälningar');
    const form = page.getByRole('form', { name: 'Lägg undan en våg av anonyma anmälningar' });
    await form.getByLabel('Från').fill('2026-11-23T00:00');
    await form.getByLabel('Till').fill('2026-11-23T23:59');
    await form.getByLabel('Skäl').fill('Massutskick');
    await form.getByRole('button', { name: 'Lägg undan' }).click();
    await visible(form.getByRole('status').filter({ hasText: '0 anmälningar lades undan.' }));
    await visible(page.getByRole('button', { name: 'Öppna ärende: Ekvägen 3' }));
    await expectNoAxeViolations(page, 'the inbox with the flood form');
  });
});
