// The joint review list in a real Chromium (issue 3 §3): the landlord's admin agrees to share its
// arrears list with social services from a routine step; the social worker then finds those homes in
// the joint review, and nothing was shared before.
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, useWorld, visible } from './support.ts';

const world = useWorld();

describe('the joint review', () => {
  test('shows social services the arrears a landlord agreed to share, from the agreed step', async () => {
    const worker = await world.pageAs('socialsekreterare@demokommun.se');
    await worker.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Genomgång' }).click();
    await visible(worker.getByRole('heading', { level: 1, name: 'Gemensam genomgång' }));
    await visible(worker.getByText('Inget samverkansavtal delar restlistan före underrättelsen.'));

    const admin = await world.pageAs('admin@demobostader.se');
    await admin.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Kravrutin' }).click();
    const form = admin.getByRole('form', { name: 'Samverkansavtal: dela restlistan med socialtjänsten' });
    await form.getByLabel('Kommun').selectOption({ label: 'Demokommun' });
    await form.getByLabel('Dela från steget').selectOption({ label: 'Inkassofil' });
    await form.getByRole('button', { name: 'Spara avtalet' }).click();
    await visible(form.getByRole('status').filter({ hasText: 'Sparat.' }));
    await expectNoAxeViolations(admin, 'the routine page with the sharing agreement');

    await worker.reload();
    await visible(worker.getByText('Demobostäder AB delar med Demokommun från steget "Inkassofil".'));
    const table = worker.getByRole('table', { name: 'Obetalda hyror att gå igenom' });
    await visible(table);
    expect(await table.getByRole('row').count()).toBeGreaterThan(1);
    expect(await table.innerText()).not.toContain('Privatvärden AB');
    await expectNoAxeViolations(worker, 'the joint review list');
  });
});
