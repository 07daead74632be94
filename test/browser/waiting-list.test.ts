// A needs assessment, in a real Chromium (issue 4 §2): the housing coordinator assesses two households;
// a wrong personnummer is named; on the waiting list domestic violence goes before children.
import { describe, expect, test } from 'vitest';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { expectNoAxeViolations, unfold, useWorld, visible } from './support.ts';

const world = useWorld();

describe('the waiting list', () => {
  test('a needs assessment puts a household on it, by priority', async () => {
    const page = await world.pageAs('bostadssamordnare@demokommun.se');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Bostadskö' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Bostadskö' }));
    const table = page.getByRole('table', { name: 'Väntande hushåll' });
    await visible(table.getByRole('row').filter({ hasText: 'Familjen Demir' })); // the demo's three households

    await unfold(page, 'Ny kartläggning');
    const form = page.getByRole('form', { name: 'Ny kartläggning' });
    const assess = async (o: { pnr: string; name: string; adults: string; children: string; violence: boolean; situation: string }) => {
      await form.getByLabel('Personnummer').fill(o.pnr);
      await form.getByLabel('Namn').fill(o.name);
      await form.getByLabel('Vuxna i hushållet').fill(o.adults);
      await form.getByLabel('Barnens åldrar (skilj med komma)').fill(o.children);
      await form.getByLabel('Varför kan hushållet inte få en bostad på egen hand?').fill('Skulder hos Kronofogden; hyresvärdarna kräver inkomst av arbete.');
      await form.getByLabel('Försörjningsstöd (kr/mån)').fill('11 500');
      await form.getByLabel('Bostadsbidrag (kr/mån)').fill('2 400');
      await form.getByLabel('Skulder (kr)').fill('62 000');
      await form.getByLabel('Betalningsanmärkningar').check();
      if (o.violence) await form.getByLabel('Våld i nära relation').check();
      await form.getByLabel('Minst antal rum').fill('3');
      await form.getByLabel('Hemlöshetssituation').selectOption(o.situation);
      await form.getByRole('button', { name: 'Spara kartläggningen' }).click();
    };

    await assess({ pnr: '19500101-1234', name: 'Familjen Lind', adults: '2', children: '3, 7', violence: false, situation: '1' });
    await visible(form.getByRole('alert').filter({ hasText: /^Personnummer: / }));
    expect(await form.getByLabel('Personnummer').getAttribute('aria-invalid')).toBe('true');
    await visible(form.locator('#na-pnr-error'));
    await assess({ pnr: TEST_PERSONNUMMER[60]!, name: 'Familjen Lind', adults: '2', children: '3, 7', violence: false, situation: '1' });
    await visible(form.getByRole('status').filter({ hasText: 'Hushållet står i bostadskön.' }));
    await assess({ pnr: TEST_PERSONNUMMER[61]!, name: 'Nora Nilsson', adults: '1', children: '', violence: true, situation: '4' });
    await visible(form.getByRole('status').filter({ hasText: 'Hushållet står i bostadskön.' }));

    await expect.poll(() => table.getByRole('row').count()).toBe(6);
    const rows = await table.getByRole('row').allInnerTexts();
    expect(rows[1]).toMatch(/^10\s+Nora Nilsson/);
    expect(rows[1]).toContain('Våld i nära relation');
    expect(rows[2]).toMatch(/^7\s+Familjen Lind/);
    expect(rows[2]).toContain('2 vuxna, 2 barn');
    expect(rows[2]).toContain('1 – akut hemlös');
    expect(rows[3]).toMatch(/^6\s+Familjen Demir/); // children, leaving an institution: below the family acutely homeless
    await expectNoAxeViolations(page, 'the waiting list with its needs assessment');
  });
});
