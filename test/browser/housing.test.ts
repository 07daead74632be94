// Offering a home under a cooperation agreement, in a real Chromium (issue 4 §1): the landlord's social
// coordinator sees its commitment against what it has given, offers a home (not in an area the agreement
// excludes), and the municipality's housing coordinator sees it beside the other landlords; leadership sees figures only.
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, unfold, useWorld, visible } from './support.ts';

const world = useWorld();

describe('homes for social contracts', () => {
  test('a landlord offers a home; the municipality sees it beside the other landlords', async () => {
    const page = await world.pageAs('boendesocial@demobostader.se');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Bostäder' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Bostäder till sociala kontrakt' }));
    const commitments = page.getByRole('table', { name: 'Åtagande och givna bostäder' });
    const row = commitments.getByRole('row').filter({ hasText: 'Sociala kontrakt' });
    await visible(row);
    expect((await row.getByRole('cell').allInnerTexts()).slice(2, 4)).toEqual(['12', '0']);

    await unfold(page, 'Erbjud en bostad');
    const form = page.getByRole('form', { name: 'Erbjud en bostad' });
    const fill = async (area: string) => {
      await form.getByLabel('Adress').fill('Björkvägen 12');
      await form.getByLabel('Område').fill(area);
      await form.getByLabel('Rum').fill('3');
      await form.getByLabel('Yta (m²)').fill('72,5');
      await form.getByLabel('Hyra per månad (kr)').fill('7 850');
      await form.getByLabel('Våning').fill('2');
      await form.getByLabel('hiss').check();
      await form.getByLabel('Ledig från').fill('2026-12-15');
      await form.getByRole('button', { name: 'Erbjud bostaden' }).click();
    };
    await fill('Södra staden');
    await visible(form.getByRole('alert').filter({ hasText: 'Området Södra staden är undantaget i avtalet' }));
    // The server's problem also stands beside its field (issue 13 §1).
    const area = form.getByLabel('Område');
    expect(await area.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#home-area-error').innerText()).toBe('Området Södra staden är undantaget i avtalet');
    await fill('Norra staden');
    await visible(form.getByRole('status').filter({ hasText: 'Bostaden är erbjuden.' }));
    expect(await area.getAttribute('aria-invalid')).toBeNull();
    const homes = page.getByRole('table', { name: 'Erbjudna bostäder' });
    const home = homes.getByRole('row').filter({ hasText: 'Björkvägen 12' });
    await visible(home);
    expect(await home.innerText()).toContain('Norra staden');
    expect(await home.innerText()).toMatch(/7\s850,00\skr/);
    await expect.poll(async () => (await row.getByRole('cell').allInnerTexts())[3]).toBe('1');
    await expectNoAxeViolations(page, "the landlord's homes for social contracts");

    const municipality = await world.pageAs('bostadssamordnare@demokommun.se');
    await visible(municipality.getByRole('heading', { level: 1, name: 'Bostäder till sociala kontrakt' }));
    const side = municipality.getByRole('table', { name: 'Åtagande och givna bostäder' });
    await visible(side.getByRole('row').filter({ hasText: 'Privatvärden AB' }));
    expect((await side.getByRole('row').filter({ hasText: 'Privatvärden AB' }).getByRole('cell').allInnerTexts())[2]).toContain('4');
    expect((await side.getByRole('row').filter({ hasText: 'Demobostäder AB' }).getByRole('cell').allInnerTexts())[3]).toBe('1');
    await visible(municipality.getByRole('table', { name: 'Erbjudna bostäder' }).getByRole('row').filter({ hasText: 'Björkvägen 12' }));
    const followUp = municipality.getByRole('table', { name: 'Per hyresvärd 2026' });
    const demo = followUp.getByRole('row').filter({ hasText: 'Demobostäder AB' });
    // The demo's two contracts, one past review, and the one home given: households, so "<5" (issue 14 §3).
    expect((await demo.getByRole('cell').allInnerTexts())).toEqual(['Demobostäder AB', '<5', '0', '<5', '<5 av 12']);
    await visible(municipality.getByText('<5: färre än fem.', { exact: false }));
    await expectNoAxeViolations(municipality, "the municipality's agreements side by side");
  });

  test('leadership reads the agreements and the follow-up in figures, never a home or a household', async () => {
    const page = await world.pageAs('ledning@demokommun.se');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Bostäder' }).click();
    await visible(page.getByRole('table', { name: 'Per hyresvärd 2026' }).getByRole('row').filter({ hasText: 'Demobostäder AB' }));
    await visible(page.getByText('<5: färre än fem.', { exact: false }));
    // The homes offered are where households will live: not for leadership (issue 14 §3).
    expect(await page.getByRole('table', { name: 'Erbjudna bostäder' }).count()).toBe(0);
    // The commitments, but not the homes given one agreement at a time.
    await visible(page.getByRole('table', { name: 'Åtagande och givna bostäder' }).getByRole('row').filter({ hasText: 'Privatvärden AB' }));
    expect(await page.getByRole('columnheader', { name: /Givna/ }).count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toContain('Björkvägen');
    await expectNoAxeViolations(page, "leadership's follow-up");
  });
});
