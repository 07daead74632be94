// The domain world of an integration test, built one call per thing through the API the users call
// (so every access rule, check and audit entry of the real path applies): a logged-in role, a landlord's
// tenancies and ledger, a notice opened as a case, a consent on paper, an agreement, a home, a household
// on the waiting list, accepted proposals and their contracts. Each builder sends what a valid form
// sends, with defaults a test overrides where its point lies, and fails the test with the server's
// answer when the server refuses.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { z } from 'zod';
import type { consentBody } from '../../src/cases/api.ts';
import type { agreementBody, assessmentBody, homeBody, Round } from '../../src/housing/api.ts';
import { buildUser, type Client, login, type TestBokvar } from './app.ts';

/** The answer's JSON, after checking the status the builder expects (the body says why when not). */
function answered<T>(res: LightMyRequestResponse, status: number): T {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

/** A new user of the organisation in the role, logged in. */
export async function loginAs(b: TestBokvar, orgId: string, role: string): Promise<Client> {
  return login(b, (await buildUser(b.db, orgId, role)).email);
}

// ── The landlord's ledger and the notice to the social welfare board ──

export interface TenancyRow {
  contractNumber: string;
  address: string;
  personnummer: string;
  name: string;
  children?: number;
  /** Kronor as the landlord's file writes them, e.g. '8500,00'. */
  monthlyRent?: string;
  startedOn?: string;
}

const csv = (rows: string[]) => `${rows.join('\n')}\n`;
const CSV = { 'content-type': 'text/csv' };

/** The landlord's tenancies file, imported. */
export async function importTenancies(officer: Client, tenancies: TenancyRow[]): Promise<void> {
  const rows = tenancies.map((t) => [t.contractNumber, t.address, t.personnummer, t.name, t.children ?? 0, t.monthlyRent ?? '8500,00', t.startedOn ?? '2020-01-01'].join(';'));
  answered(await officer.post('/api/v1/imports?kind=tenancies', csv(['kontraktsnummer;adress;personnummer;namn;barn;manadshyra;startdatum', ...rows]), CSV), 200);
}

/** Ledger rows as the landlord's transactions file writes them: `contract;typ;datum;forfallodatum;belopp;referens`. */
export async function importTransactions(officer: Client, rows: string[]): Promise<void> {
  answered(await officer.post('/api/v1/imports?kind=transactions', csv(['kontraktsnummer;typ;datum;forfallodatum;belopp;referens', ...rows]), CSV), 200);
}

/** The id of the landlord's tenancy with this contract number. */
export async function tenancyIdOf(officer: Client, contractNumber: string): Promise<string> {
  const { tenancies } = answered<{ tenancies: { id: string; contract_number: string }[] }>(await officer.get(`/api/v1/tenancies?q=${encodeURIComponent(contractNumber)}`), 200);
  const tenancy = tenancies.find((t) => t.contract_number === contractNumber);
  expect(tenancy, `tenancy ${contractNumber}`).toBeDefined();
  return tenancy!.id;
}

/**
 * The landlord's notice about the tenancy (JB 12 kap. 44 §), delivered to the social welfare board and
 * opened there as a case from the inbox. The ledger must show what the notice claims.
 */
export async function openNoticeCase(officer: Client, socialWorker: Client, contractNumber: string, notice: { terminationDate: string; amountOwed: number }): Promise<string> {
  const tenancyId = await tenancyIdOf(officer, contractNumber);
  const sent = answered<{ notice: { id: string } }>(await officer.post('/api/v1/notices', { tenancyId, reason: 'arrears', ...notice }), 201);
  return answered<{ caseId: string }>(await socialWorker.post(`/api/v1/inbox/notice/${sent.notice.id}/case`), 201).caseId;
}

type ConsentBody = z.input<typeof consentBody>;

/** A consent given on the signed paper form, so it is in force from its first day. */
export async function buildConsent(socialWorker: Client, caseId: string, consent: Pick<ConsentBody, 'personId' | 'recipientOrgIds'> & Partial<ConsentBody>): Promise<string> {
  const { id } = answered<{ id: string }>(
    await socialWorker.post(`/api/v1/cases/${caseId}/consents`, { categories: ['case_open', 'contacts'], purpose: 'Samordning', validFrom: '2027-01-15', validUntil: '2027-12-31', ...consent }),
    201,
  );
  answered(await socialWorker.post(`/api/v1/cases/${caseId}/consents/${id}/document`, { paper: true }), 200);
  return id;
}

// ── Cooperation agreements, homes and the waiting list ──

/** A cooperation agreement of five homes a year for households on social assistance, from 2027-01-01. */
export async function buildAgreement(coordinator: Client, landlordId: string, over: Partial<z.input<typeof agreementBody>> = {}): Promise<string> {
  const body = { landlordId, name: 'Avtal', commitmentKind: 'homes_per_year', commitmentHomes: 5, acceptedIncomeTypes: ['social_assistance'], maxRentShare: 0.5, responseHours: 48, validFrom: '2027-01-01', ...over };
  return answered<{ id: string }>(await coordinator.post('/api/v1/housing/agreements', body), 201).id;
}

/** A one-room home of 50 m² at 5 000 kr a month offered under the agreement, free from 2027-03-01. */
export async function buildHome(landlord: Client, agreementId: string, over: Partial<z.input<typeof homeBody>> = {}): Promise<string> {
  const body = { agreementId, address: 'Provgatan 1', area: 'Norr', rooms: 1, sizeM2: 50, rent: 500_000, floor: 1, lift: true, accessible: false, availableFrom: '2027-03-01', ...over };
  return answered<{ id: string }>(await landlord.post('/api/v1/housing/homes', body), 201).id;
}

/** A needs assessment that puts a one-adult household on social assistance on the waiting list. */
export async function buildHousehold(socialWorker: Client, personnummer: string, over: Partial<z.input<typeof assessmentBody>> = {}): Promise<string> {
  const body = { personnummer, name: 'Hushållet Test', adults: 1, reason: 'Skulder', minRooms: 1, homelessnessSituation: 1, incomes: [{ type: 'social_assistance', monthly: 1_500_000 }], ...over };
  return answered<{ id: string }>(await socialWorker.post('/api/v1/housing/applicants', body), 201).id;
}

/** A matching round whose every proposal the coordinator approves and the landlord accepts: the proposal ids by household name. */
export async function acceptedProposals(coordinator: Client, landlord: Client): Promise<Record<string, string>> {
  const round = answered<Round>(await coordinator.post('/api/v1/housing/rounds'), 201);
  const proposals: Record<string, string> = {};
  for (const p of round.proposals) {
    answered(await coordinator.post(`/api/v1/housing/proposals/${p.id}/decision`, { approve: true }), 200);
    answered(await landlord.post(`/api/v1/housing/proposals/${p.id}/answer`, { accept: true }), 200);
    proposals[p.household.name] = p.id;
  }
  return proposals;
}

/** The contract on the ladder that an accepted proposal becomes. */
export async function buildContract(coordinator: Client, proposalId: string, startedOn: string): Promise<string> {
  return answered<{ id: string }>(await coordinator.post('/api/v1/housing/contracts', { proposalId, startedOn }), 201).id;
}
