// Closing a case with children, in a real Chromium (issue 3 §2): the case cannot close before the
// child's-best-interest assessment; once it is written the case closes with its outcome, and the
// follow-ups 6 and 12 months later are on the social worker's tasks.
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, SERVER_DATE, unfold, useWorld, visible } from './support.ts';

const world = useWorld();

describe('closing a case', () => {
  test('with children needs the child’s-best-interest assessment first', async () => {
    const page = await world.pageAs('socialsekreterare@demokommun.se');
    await page.getByRole('button', { name: 'Öppna ärende: Ekvägen 3' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Ärende: Ekvägen 3' }));
    await visible(page.getByText('Hushållet har barn: en bedömning av barnets bästa behövs innan handlingsplan och avslut.'));

    await unfold(page, 'Avsluta ärendet');
    const close = page.getByRole('form', { name: 'Avsluta ärendet' });
    await close.getByLabel('Hur slutade det?').selectOption({ label: 'Ekonomiskt bistånd' });
    await close.getByRole('button', { name: 'Avsluta ärendet' }).click();
    await visible(close.getByRole('alert').filter({ hasText: 'Hushållet har barn: skriv en bedömning av barnets bästa innan ärendet avslutas.' }));

    const assessment = page.getByRole('form', { name: 'Bedömning av barnets bästa' });
    await assessment.getByLabel('Bedömningens datum').fill(SERVER_DATE);
    await assessment.getByLabel('Bedömning', { exact: true }).fill('Barnen vill bo kvar nära skolan. Hyran kan klaras med bistånd under två månader.');
    await assessment.getByLabel('Barnen har fått komma till tals').check();
    await assessment.getByRole('button', { name: 'Signera bedömningen' }).click();
    await visible(page.getByText('Barnen har fått komma till tals.'));
    await expectNoAxeViolations(page, 'the case page with a child assessment');

    await close.getByLabel('Hur slutade det?').selectOption({ label: 'Ekonomiskt bistånd' });
    await close.getByLabel('Kommentar (syns inte för hyresvärden)').fill('Bistånd till december och januari.');
    await close.getByRole('button', { name: 'Avsluta ärendet' }).click();
    await visible(page.getByText(`Avslutat ${SERVER_DATE}: Ekonomiskt bistånd`));
    const tasks = page.getByRole('list', { name: 'Uppgifter' });
    await visible(tasks.getByText('Uppföljning efter 6 månader: bor hushållet kvar?'));
    expect(await tasks.innerText()).toContain('senast 2027-05-23');
    expect(await tasks.innerText()).toContain('senast 2027-11-23');
    await expectNoAxeViolations(page, 'a closed case');

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Ärenden' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Öppna ärenden' }));
    await expect.poll(() => page.getByRole('link', { name: 'Ekvägen 3' }).count()).toBe(0);
  });
});
