// Protected identity and a social assistance decision in a real Chromium (issue 3 §2–3): the social
// worker marks the case protected; a colleague not named no longer finds it; the list shows no address.
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, SERVER_DATE, unfold, useWorld, visible } from './support.ts';

const world = useWorld();

describe('a protected case', () => {
  test('is seen only by the social workers named on it, and its address is in no list', async () => {
    const worker = await world.pageAs('socialsekreterare@demokommun.se');
    await worker.getByRole('button', { name: 'Öppna ärende: Ekvägen 3' }).click();
    await visible(worker.getByRole('heading', { level: 1, name: 'Ärende: Ekvägen 3' }));
    const caseUrl = worker.url();

    // A decision on social assistance towards the rent, on the timeline.
    await unfold(worker, 'Registrera beslut');
    const decision = worker.getByRole('form', { name: 'Registrera beslut' });
    await decision.getByLabel('Beslutsdatum').fill(SERVER_DATE);
    await decision.getByLabel('Belopp till hyran (kr)').fill('8 500');
    await decision.getByLabel('Från').fill('2026-12-01');
    await decision.getByLabel('Till och med').fill('2026-12-31');
    await decision.getByRole('button', { name: 'Spara beslutet' }).click();
    await visible(worker.getByRole('list', { name: 'Tidslinje' }).getByText(/Ekonomiskt bistånd till hyran beviljat/));

    await unfold(worker, 'Skyddade personuppgifter');
    const form = worker.getByRole('form', { name: 'Skyddade personuppgifter' });
    await form.getByLabel('Personen har skyddade personuppgifter').check();
    await form.getByRole('button', { name: 'Spara' }).click();
    await visible(worker.getByText('Skyddade personuppgifter – bara Sara Socialsekreterare ser ärendet'));
    await expectNoAxeViolations(worker, 'a protected case');

    await worker.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Ärenden' }).click();
    await visible(worker.getByRole('link', { name: 'Skyddad adress' }));
    expect(await worker.getByRole('main').innerText()).not.toContain('Ekvägen 3');

    const colleague = await world.pageAs('teamledare@demokommun.se');
    await colleague.goto(caseUrl);
    await visible(colleague.getByRole('alert'));
    expect(await colleague.getByRole('main').innerText()).not.toContain('Ekvägen 3');
  });
});
