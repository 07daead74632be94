// Rent guarantees of contracts and the landlords' claims under them: their SQL.
import type { Queryable } from '../platform/database.ts';

export interface GuaranteeRow {
  id: string;
  contract_id: string;
  months: number;
  monthly_rent: number;
  amount: number;
  valid_from: string;
  valid_until: string;
  /** Öre paid out on claims, and claimed but not yet decided. */
  paid: number;
  pending: number;
}

export interface ClaimRow {
  id: string;
  guarantee_id: string;
  contract_id: string;
  municipality_id: string;
  landlord_id: string;
  landlord_name: string;
  address: string;
  tenancy_id: string | null;
  applicant_name: string;
  due_dates: string[];
  amount: number;
  description: string | null;
  ledger_unpaid: number | null;
  payable: number;
  claimed_at: Date;
  status: 'claimed' | 'paid' | 'rejected';
  paid_amount: number | null;
  decision_reason: string | null;
  decided_at: Date | null;
  guarantee_amount: number;
  valid_from: string;
  valid_until: string;
}

const GUARANTEE_SELECT = `select g.id, g.contract_id, g.months, g.monthly_rent, g.amount, g.valid_from, g.valid_until,
    coalesce((select sum(k.paid_amount) from guarantee_claims k where k.guarantee_id = g.id and k.status = 'paid'), 0)::bigint as paid,
    coalesce((select sum(k.amount) from guarantee_claims k where k.guarantee_id = g.id and k.status = 'claimed'), 0)::bigint as pending
  from rent_guarantees g`;

const CLAIM_SELECT = `select k.id, k.guarantee_id, g.contract_id, c.municipality_id, k.landlord_id, l.name as landlord_name, h.address, h.tenancy_id,
    a.name as applicant_name, to_json(k.due_dates) as due_dates, k.amount, k.description, k.ledger_unpaid, k.payable, k.claimed_at, k.status, k.paid_amount,
    k.decision_reason, k.decided_at, g.amount as guarantee_amount, g.valid_from, g.valid_until
  from guarantee_claims k join rent_guarantees g on g.id = k.guarantee_id join housing_contracts c on c.id = g.contract_id
  join offered_homes h on h.id = c.home_id join organisations l on l.id = k.landlord_id join housing_applicants a on a.id = c.applicant_id`;

export const guaranteeStore = {
  /** The monthly rent of a contract's home (öre), which its guarantee counts months of. */
  async rentOfContract(q: Queryable, contractId: string): Promise<number> {
    const [home] = await q.query<{ rent: number }>('select h.rent from housing_contracts c join offered_homes h on h.id = c.home_id where c.id = $1', [contractId]);
    return home!.rent;
  },

  /** A contract's latest guarantee, with its home's tenancy and landlord. */
  async latestOfContract(q: Queryable, contractId: string): Promise<{ guarantee_id: string; tenancy_id: string | null; landlord_id: string } | undefined> {
    const [row] = await q.query<{ guarantee_id: string; tenancy_id: string | null; landlord_id: string }>(
      `select g.id as guarantee_id, h.tenancy_id, h.landlord_id from housing_contracts c join offered_homes h on h.id = c.home_id
         join rent_guarantees g on g.contract_id = c.id where c.id = $1 order by g.valid_from desc limit 1`,
      [contractId],
    );
    return row;
  },

  /** What the guarantee's other claims take of it (öre): paid as paid, undecided as claimed. */
  async claimedByOthers(q: Queryable, guaranteeId: string, claimId: string): Promise<number> {
    const [row] = await q.query<{ n: number }>(
      `select coalesce(sum(case when status = 'paid' then paid_amount else amount end), 0)::bigint as n
         from guarantee_claims where guarantee_id = $1 and status <> 'rejected' and id <> $2`,
      [guaranteeId, claimId],
    );
    return row!.n;
  },

  async insertGuarantee(q: Queryable, g: { contractId: string; stepId: string; months: number; monthlyRent: number; validFrom: string; validUntil: string }): Promise<void> {
    await q.query(
      `insert into rent_guarantees (contract_id, step_id, months, monthly_rent, amount, valid_from, valid_until) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (contract_id, valid_from) do nothing`,
      [g.contractId, g.stepId, g.months, g.monthlyRent, g.months * g.monthlyRent, g.validFrom, g.validUntil],
    );
  },

  /** The guarantees of the given contracts, the latest of each first. */
  async ofContracts(q: Queryable, contractIds: readonly string[]): Promise<GuaranteeRow[]> {
    if (contractIds.length === 0) return [];
    return q.query<GuaranteeRow>(`${GUARANTEE_SELECT} where g.contract_id = any($1::uuid[]) order by g.contract_id, g.valid_from desc`, [contractIds]);
  },

  /** The contract's guarantee covering `date`, locked for a claim or a decision. */
  async lockGuarantee(q: Queryable, id: string): Promise<GuaranteeRow | undefined> {
    await q.query('select id from rent_guarantees where id = $1 for update', [id]);
    const [row] = await q.query<GuaranteeRow>(`${GUARANTEE_SELECT} where g.id = $1`, [id]);
    return row;
  },

  /** Due dates already claimed (and not rejected) under the guarantee. */
  async claimedDueDates(q: Queryable, guaranteeId: string, exceptClaimId: string | null): Promise<string[]> {
    const rows = await q.query<{ d: string }>(
      "select distinct unnest(due_dates)::text as d from guarantee_claims where guarantee_id = $1 and status <> 'rejected' and id is distinct from $2 order by d",
      [guaranteeId, exceptClaimId],
    );
    return rows.map((r) => r.d);
  },

  async insertClaim(
    q: Queryable,
    k: { guaranteeId: string; landlordId: string; dueDates: string[]; amount: number; description: string | null; ledgerUnpaid: number | null; payable: number; at: Date },
    by: string | null,
  ): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into guarantee_claims (guarantee_id, landlord_id, due_dates, amount, description, ledger_unpaid, payable, claimed_by, claimed_at)
       values ($1, $2, $3::date[], $4, $5, $6, $7, $8, $9) returning id`,
      [k.guaranteeId, k.landlordId, k.dueDates, k.amount, k.description, k.ledgerUnpaid, k.payable, by, k.at],
    );
    return row!.id;
  },

  async claim(q: Queryable, id: string): Promise<ClaimRow | undefined> {
    const [row] = await q.query<ClaimRow>(`${CLAIM_SELECT} where k.id = $1`, [id]);
    return row;
  },

  async claimsOfLandlord(q: Queryable, landlordId: string): Promise<ClaimRow[]> {
    return q.query<ClaimRow>(`${CLAIM_SELECT} where k.landlord_id = $1 order by k.claimed_at desc, k.id`, [landlordId]);
  },

  async claimsOfMunicipality(q: Queryable, municipalityId: string): Promise<ClaimRow[]> {
    return q.query<ClaimRow>(`${CLAIM_SELECT} where c.municipality_id = $1 order by k.status <> 'claimed', k.claimed_at, k.id`, [municipalityId]);
  },

  async decide(q: Queryable, id: string, d: { status: 'paid' | 'rejected'; paidAmount: number | null; reason: string | null; at: Date }, by: string | null): Promise<boolean> {
    const rows = await q.query(
      "update guarantee_claims set status = $2, paid_amount = $3, decision_reason = $4, decided_by = $5, decided_at = $6 where id = $1 and status = 'claimed' returning id",
      [id, d.status, d.paidAmount, d.reason, by, d.at],
    );
    return rows.length > 0;
  },
};
