// A matching round approved and declined, in a real Chromium (issue 4 §3): the housing coordinator asks
// for proposals on the demo's waiting list and homes, reads why, approves them; the landlord accepts one
// and declines the other with a reason; the coordinator sees both answers.
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, useWorld, visible } from './support.ts';

const world = useWorld();

describe('a matching round', () => {
  test('is proposed with its reasons, approved, then accepted and declined by the landlord', async () => {
    const page = await world.pageAs('bostadssamordnare@demokommun.se');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Matchning' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Matchning' }));
    await visible(page.getByText('Ingen matchning gjord ännu.'));
    await page.getByRole('button', { name: 'Föreslå matchning' }).click();

    const proposals = page.getByRole('list', { name: 'Förslag' });
    const family = proposals.getByRole('listitem').filter({ hasText: 'Familjen Demir → Lärkgatan 5' }).first();
    const amir = proposals.getByRole('listitem').filter({ hasText: 'Amir Aziz → Granvägen 9' }).first();
    await visible(family);
    await visible(amir);
    expect(await family.innerText()).toContain('3 rum; hushållet behöver minst 3');
    expect(await family.innerText()).toMatch(/Hyran 7\s200,00\skr är 37,9 % av de inkomster hyresvärden räknar/);
    const left = page.getByRole('list', { name: 'Hushåll utan förslag' });
    await visible(left.getByText('Lisa Lund'));
    expect(await left.innerText()).toContain('Hyran är för hög för de inkomster hyresvärdarna räknar med');
    await expectNoAxeViolations(page, 'a matching round');

    await page.getByRole('button', { name: 'Godkänn: Familjen Demir' }).click();
    await visible(family.getByText('Godkänt, hos hyresvärden'));
    await page.getByRole('button', { name: 'Godkänn: Amir Aziz' }).click();
    await visible(amir.getByText('Godkänt, hos hyresvärden'));

    const landlord = await world.pageAs('admin@privatvarden.se');
    await landlord.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Bostäder' }).click();
    const offered = landlord.getByRole('list', { name: 'Förslag från kommunen' });
    await visible(offered.getByText('Lärkgatan 5'));
    const text = await offered.innerText();
    expect(text).toContain('2 vuxna, 2 barn');
    expect(text).not.toContain('Demir'); // the landlord is told the household's size, not who they are
    await landlord.getByRole('button', { name: 'Acceptera: Lärkgatan 5' }).click();
    await visible(offered.getByRole('listitem').filter({ hasText: 'Lärkgatan 5' }).getByText('Accepterat av hyresvärden'));

    const decline = landlord.getByRole('form', { name: 'Tacka nej: Granvägen 9' });
    await decline.getByRole('button', { name: 'Tacka nej' }).click();
    await visible(decline.getByRole('alert').filter({ hasText: /^Skäl: / }));
    // And beside the field itself, tied to it for a screen reader.
    const reason = decline.getByLabel('Skäl att tacka nej');
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await landlord.locator(`[id="${await reason.getAttribute('aria-describedby')}"]`).innerText()).toBe(
      'Skriv varför ni tackar nej (hyresvärdens rätt att välja hyresgäst, med skäl)',
    );
    await expectNoAxeViolations(landlord, 'a decline without a reason');
    await decline.getByLabel('Skäl att tacka nej').fill('Lägenheten behövs för en evakuering efter vattenskada');
    await decline.getByRole('button', { name: 'Tacka nej' }).click();
    await visible(offered.getByText('Hyresvärden tackade nej: Lägenheten behövs för en evakuering efter vattenskada'));
    await expectNoAxeViolations(landlord, "the landlord's proposals");

    await page.reload();
    await visible(page.getByRole('list', { name: 'Förslag' }).getByRole('listitem').filter({ hasText: 'Familjen Demir' }).first().getByText('Accepterat av hyresvärden'));
    await visible(page.getByText('Hyresvärden tackade nej: Lägenheten behövs för en evakuering efter vattenskada'));
  });
});
