// A payment plan that breaks, in a real Chromium (issue 3 §2): the social worker records the plan
// agreed with the landlord; the daily check finds the instalment unpaid after its grace week; the plan
// shows as broken, the social worker has a task, and the landlord — with the tenant's consent to share
// the plan — sees it broken on its own login.
import { describe, expect, test } from 'vitest';
import { checkPaymentPlans } from '../../src/cases/plans.ts';
import { expectNoAxeViolations, unfold, useWorld, visible } from './support.ts';

const world = useWorld();

describe('a payment plan', () => {
  test('that breaks alerts the social worker and the landlord', async () => {
    const worker = await world.pageAs('socialsekreterare@demokommun.se');
    const row = worker.getByRole('row').filter({ hasText: 'Privatvärden AB' });
    await visible(row);
    await row.getByRole('button', { name: /^Öppna ärende/ }).click();
    await visible(worker.getByRole('heading', { level: 1, name: /^Ärende: / }));

    // The tenant lets social services share the plan with the landlord (signed on paper).
    await unfold(worker, 'Registrera samtycke');
    const consent = worker.getByRole('form', { name: 'Registrera samtycke' });
    await consent.getByLabel('Avbetalningsplan').check();
    await consent.getByLabel('Privatvärden AB').check();
    await consent.getByLabel('Syfte').fill('Att hyresvärden kan följa avbetalningsplanen');
    await consent.getByLabel('Gäller från').fill('2026-11-23');
    await consent.getByLabel('Gäller till och med').fill('2027-06-30');
    await consent.getByRole('button', { name: 'Spara – skriv sedan ut blanketten' }).click();
    await worker.getByRole('button', { name: 'Underskriven blankett finns på papper' }).click();
    await visible(worker.getByRole('list', { name: 'Samtycken' }).getByText('Gäller', { exact: true }));

    await unfold(worker, 'Ny avbetalningsplan');
    const form = worker.getByRole('form', { name: 'Ny avbetalningsplan' });
    await form.getByLabel('Skuld enligt överenskommelsen (kr)').fill('100 000');
    await form.getByLabel('Överenskommen').fill('2026-11-16');
    await form.getByLabel('Med (hos hyresvärden)').fill('Klara Kravsson');
    await form.getByLabel('Datum 1').fill('2026-11-16');
    await form.getByLabel('Belopp 1 (kr)').fill('99 000');
    await form.getByRole('button', { name: 'Spara planen' }).click();
    const plans = worker.getByRole('list', { name: 'Avbetalningsplan' });
    await visible(plans.getByText('Pågår'));
    await visible(plans.getByText('Kommande'));
    await expectNoAxeViolations(worker, 'the case page with a payment plan');

    // The daily check, the day after the grace week: the instalment was never paid.
    const result = await checkPaymentPlans(world.bokvar.ctx, '2026-11-24');
    expect(result).toMatchObject({ broken: 1, plansBroken: 1 });

    await worker.reload();
    await visible(plans.getByText('Bruten', { exact: true }).first());
    await visible(worker.getByText('Planen bröts 2026-11-24.'));
    const tasks = worker.getByRole('list', { name: 'Uppgifter' });
    await visible(tasks.getByText('Avbetalningsplanen har brutits: kontakta hushållet och hyresvärden'));

    await worker.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Uppgifter' }).click();
    await visible(worker.getByRole('heading', { level: 1, name: 'Uppgifter' }));
    const coming = worker.getByRole('table', { name: 'Uppgifter de närmaste 7 dagarna' });
    await visible(coming.getByText('Avbetalningsplanen har brutits: kontakta hushållet och hyresvärden'));
    await expectNoAxeViolations(worker, 'the tasks page');

    const landlord = await world.pageAs('krav@privatvarden.se');
    await landlord.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Socialtjänstens ärenden' }).click();
    await visible(landlord.getByText('Avbetalningsplanen bröts 2026-11-24'));
    expect((await landlord.locator('main').innerText()).replace(/\u00a0/g, ' ')).toContain('2026-11-16 · 99 000,00 kr · Bruten');
    await expectNoAxeViolations(landlord, "the landlord's view of a broken plan");

    // Marked done, the task leaves the social worker's list.
    await worker.getByRole('button', { name: 'Klar: Avbetalningsplanen har brutits: kontakta hushållet och hyresvärden' }).click();
    await expect.poll(() => worker.getByText('Avbetalningsplanen har brutits: kontakta hushållet och hyresvärden').count()).toBe(0);
  });
});
