// The key figures in a real Chromium (issue 14 §2, §6): leadership lands on them, sees the funnel as a
// chart with its table beside it and every figure with its definition against the year before, small
// counts hidden as "<5"; a landlord's management sees its own, without social services' stages.
import { describe, expect, test } from 'vitest';
import { eventually, expectNoAxeViolations, useWorld, visible } from './support.ts';

const world = useWorld();

describe('the key figures', () => {
  test("leadership lands on the funnel's chart and table, and the evictions against last year", async () => {
    const page = await world.pageAs('ledning@demokommun.se');
    await visible(page.getByRole('heading', { level: 1, name: 'Nyckeltal' }));
    const chart = page.getByRole('img', { name: /^Stapeldiagram: hushåll i varje steg 2026-01 – 2026-11/ });
    await visible(chart);
    await eventually(() => chart.locator('svg').count()).toBe(1);
    const funnel = page.getByRole('table', { name: 'Hushåll i varje steg 2026-01 – 2026-11' });
    await visible(funnel.getByRole('row', { name: /Löpande hyresavtal/ }));
    expect(await funnel.getByRole('row', { name: /Avhysning verkställd/ }).innerText()).toMatch(/Avhysning verkställd\s+6\s/);

    const figures = page.getByRole('table', { name: 'Nyckeltal 2026-01 – 2026-11' });
    const evictions = figures.getByRole('row', { name: /^Verkställda avhysningar Avhysningar som Kronofogden/ });
    expect((await evictions.innerText()).replace(/\s+/g, ' ')).toContain('6 9');
    await visible(figures.getByRole('row', { name: /Verkställda avhysningar per 10 000 invånare/ }).getByText('0,4 per 10 000 inv.'));
    // Two children this year: fewer than five, so not shown.
    expect((await figures.getByRole('row', { name: /^Barn som berördes av en avhysning/ }).innerText()).replace(/\s+/g, ' ')).toContain('<5');
    // A share over too few is "..", never "<5" (which would read as a small share).
    const present = (await figures.getByRole('row', { name: /^Avhysningar där socialtjänsten var på plats/ }).innerText()).replace(/\s+/g, ' ');
    expect(present).toMatch(/platsen?\. \.\. \.\.$|\.\. \.\.$/);
    expect(present).not.toContain('<5');
    await visible(page.getByText('<5: färre än fem.', { exact: false }));
    await expectNoAxeViolations(page, 'the key figures with the funnel chart and its table');
    // The spreadsheet is the page's tables, downloaded as a file.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Excel (alla tabeller)' }).click()]);
    expect(download.suggestedFilename()).toBe('nyckeltal-2026-01-2026-11.xlsx');
    expect(await page.getByRole('link', { name: 'Rapport till styrelsen (PDF)' }).getAttribute('href')).toBe('/api/v1/statistics/report?from=2026-01&to=2026-11');

    // Split by children: two of the six had children — both parts "<5", the six still shown.
    await page.getByLabel('Dela upp efter').selectOption({ label: 'Barn eller inte' });
    const split = figures.getByRole('row', { name: /^Verkställda avhysningar Avhysningar som Kronofogden/ });
    await visible(split.getByText('Med barn: <5'));
    await visible(split.getByText('Utan barn: <5'));
    await page.getByLabel('Dela upp efter').selectOption({ label: 'Ingen uppdelning' });

    await page.getByLabel('Period', { exact: true }).selectOption({ label: 'Förra året' });
    await visible(page.getByRole('table', { name: 'Nyckeltal 2025-01 – 2025-12' }));
    await page.getByLabel('Period', { exact: true }).selectOption({ label: 'Välj månader' });
    await page.getByLabel('Från månad').fill('2026-05');
    await page.getByLabel('Till och med månad').fill('2026-04');
    await page.getByRole('button', { name: 'Visa' }).click();
    await visible(page.getByText('Sista månaden kan inte vara före den första'));
    await page.context().close();
  });

  test("the municipality's administrator publishes a year; leadership compares it with the other municipalities", async () => {
    const admin = await world.pageAs('admin@demokommun.se');
    const publishing = admin.getByRole('region', { name: 'Publicera nyckeltalen för andra kommuner' });
    await publishing.getByLabel('Nyckeltalen för 2025').check();
    await visible(publishing.getByRole('status').filter({ hasText: 'Nyckeltalen för 2025 är publicerade.' }));
    await expectNoAxeViolations(admin, 'the administration page with publishing');
    await admin.context().close();

    const page = await world.pageAs('ledning@demokommun.se');
    const comparison = page.getByRole('region', { name: 'Jämför med andra kommuner' });
    await visible(comparison.getByText('Ingen annan kommun har publicerat sina nyckeltal för året än.'));
    const table = comparison.getByRole('table', { name: 'Nyckeltal 2025 per kommun' });
    await visible(table.getByRole('columnheader', { name: 'Demokommun (er kommun)' }));
    expect((await table.getByRole('row', { name: /^Verkställda avhysningar / }).first().innerText()).replace(/\s+/g, ' ')).toBe('Verkställda avhysningar 9');
    await page.context().close();
  });

  test("a landlord's management sees its own figures, without social services' stages, on a phone", async () => {
    const page = await world.pageAs('ledning@demobostader.se');
    await page.setViewportSize({ width: 390, height: 844 });
    await visible(page.getByRole('heading', { level: 1, name: 'Nyckeltal' }));
    const funnel = page.getByRole('table', { name: /^Hushåll i varje steg/ });
    await visible(funnel.getByRole('row', { name: /Obetald hyra efter förfallodagen/ }));
    expect(await funnel.getByRole('row', { name: /Ärende öppnat/ }).count()).toBe(0);
    await visible(page.getByRole('row', { name: /Uppsägningar per 1 000 bostäder/ }));
    await expectNoAxeViolations(page, "the landlord's key figures at 390 px");
    await page.context().close();
  });
});
