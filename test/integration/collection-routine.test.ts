// The landlord's collection routine itself (issue 2 §4): its steps and their dates in bank days as
// Mimer's routine gives them, saved and previewed through the API and the `bokvar` command. The world
// is in test/support/collection-world.ts.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemOf, type World, world, worklist } from '../support/collection-world.ts';

describe('the routine', () => {
  let w: World;
  let tmp: string;
  beforeAll(async () => {
    w = await world('2027-01-12T09:00:00+01:00');
    tmp = mkdtempSync(path.join(os.tmpdir(), 'bokvar-cli-'));
  });
  afterAll(async () => {
    await w?.b.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const MIMER_DATES = [
    { key: 'collection_file', date: '2027-01-11' },
    { key: 'collection_demand', date: '2027-01-12' },
    { key: 'outreach_calls', from: '2027-01-07', to: '2027-01-15' },
    { key: 'notice_to_social_services', date: '2027-01-19' },
  ];

  it('is the Mimer routine by default, with the other templates offered', async () => {
    const res = await w.officerA.get('/api/v1/routine');
    expect(res.statusCode).toBe(200);
    const { routine, templates } = res.json();
    expect(routine).toMatchObject({ isDefault: true, templateKey: 'mimer', name: expect.stringMatching(/Mimer/) });
    expect(routine.steps.map((s: { key: string; timing: unknown }) => [s.key, s.timing])).toEqual([
      ['collection_file', { kind: 'bank_day', day: 5 }],
      ['collection_demand', { kind: 'bank_day', day: 6 }],
      ['outreach_calls', { kind: 'window', from: 7, to: 17 }],
      ['notice_to_social_services', { kind: 'calendar_day', day: 20 }],
    ]);
    expect(templates.map((t: { key: string }) => t.key)).toEqual(expect.arrayContaining(['telge', 'nynashamn', 'sodertalje']));
  });

  it('previews the dates of each step for the rent of January 2027', async () => {
    const { routine } = (await w.officerA.get('/api/v1/routine')).json();
    const res = await w.officerA.post('/api/v1/routine/preview', { dueMonth: '2027-01', routine });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().dueDate).toBe('2026-12-30');
    expect(res.json().steps).toMatchObject(MIMER_DATES);
    const bad = await w.officerA.post('/api/v1/routine/preview', { dueMonth: '2027-13', routine });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^dueMonth:/);
  });

  it('prints the same preview from the command line', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, BOKVAR_DATA_DIR: tmp };
    delete env.DATABASE_URL;
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/bokvar.mjs', 'routine', 'preview', '--due-month', '2027-01', '--json'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env,
      timeout: 30_000,
    });
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toEqual({ dueDate: '2026-12-30', steps: MIMER_DATES });
  });

  it('refuses a collection officer who tries to change the routine', async () => {
    const telge = (await w.officerA.get('/api/v1/routine/templates/telge')).json().routine;
    const res = await w.officerA.put('/api/v1/routine', telge);
    expect(res.statusCode).toBe(403);
    expect((await w.officerA.get('/api/v1/routine')).json().routine.isDefault).toBe(true);
  });

  it('refuses an invalid routine naming the field', async () => {
    const { routine } = (await w.adminA.get('/api/v1/routine')).json();
    routine.steps[0] = { ...routine.steps[0], timing: { kind: 'window', from: 10, to: 5 } };
    const res = await w.adminA.put('/api/v1/routine', routine);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/^steps\.0\.timing\.to:/);
    expect(res.json().error.details.fields[0].field).toBe('steps.0.timing.to');
    expect((await w.adminA.get('/api/v1/routine')).json().routine.isDefault).toBe(true);
  });

  it("saves an adopted template, and the next day's run follows it", async () => {
    // Day 1 on the default routine: collection demands go out for the young K-3 and the middle-aged K-2.
    const day1 = await worklist(w.officerA, 'date=2027-01-12');
    expect(day1.some((i) => i.step_key === 'young_tenant_contact')).toBe(false);
    const demands = ['K-2', 'K-3'].map((c) => itemOf(day1, c, 'collection_demand')!.id);
    expect((await w.officerA.post('/api/v1/worklist/done', { itemIds: demands })).json().done).toBe(2);

    // The admin adopts Telge's routine: contact every tenant of 25 or younger who has had a demand.
    const telge = (await w.adminA.get('/api/v1/routine/templates/telge')).json().routine;
    const put = await w.adminA.put('/api/v1/routine', telge);
    expect(put.statusCode, put.body).toBe(200);
    const saved = (await w.officerA.get('/api/v1/routine')).json().routine;
    expect(saved).toMatchObject({ isDefault: false, templateKey: 'telge' });
    expect(saved.steps.map((s: { key: string }) => s.key)).toContain('young_tenant_contact');

    const day2 = await worklist(w.officerA, 'date=2027-01-13');
    expect(day2.filter((i) => i.step_key === 'young_tenant_contact').map((i) => i.contract_number)).toEqual(['K-3']);
    // Landlord B keeps the default routine.
    expect((await worklist(w.officerB, 'date=2027-01-13')).some((i) => i.step_key === 'young_tenant_contact')).toBe(false);
  });
});
