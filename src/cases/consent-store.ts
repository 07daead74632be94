// Consent: recorded, documented, withdrawn; and which cases an organisation outside social services
// may be shown under it.
import type { Queryable } from '../platform/database.ts';
import type { ConsentCategory } from './model.ts';

export interface ConsentRow {
  id: string;
  case_id: string;
  person_id: string;
  categories: ConsentCategory[];
  recipient_org_ids: string[];
  to_debt_advice: boolean;
  purpose: string;
  valid_from: string;
  valid_until: string;
  recorded_by_name: string;
  recorded_at: Date;
  documented_as: 'scan' | 'paper' | null;
  documented_at: Date | null;
  withdrawn_at: Date | null;
  withdrawn_by_name: string | null;
  withdrawn_note: string | null;
}

const CONSENT_COLUMNS = `k.id, k.case_id, k.person_id, k.categories, k.recipient_org_ids, k.to_debt_advice, k.purpose, k.valid_from, k.valid_until,
  r.name as recorded_by_name, k.recorded_at, k.documented_as, k.documented_at, k.withdrawn_at, w.name as withdrawn_by_name, k.withdrawn_note`;
const CONSENT_FROM = 'consents k join users r on r.id = k.recorded_by left join users w on w.id = k.withdrawn_by';

export const consentStore = {
  async insertConsent(
    q: Queryable,
    c: { caseId: string; personId: string; categories: string[]; recipientOrgIds: string[]; toDebtAdvice: boolean; purpose: string; validFrom: string; validUntil: string; recordedBy: string },
  ): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into consents (case_id, person_id, categories, recipient_org_ids, to_debt_advice, purpose, valid_from, valid_until, recorded_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
      [c.caseId, c.personId, c.categories, c.recipientOrgIds, c.toDebtAdvice, c.purpose, c.validFrom, c.validUntil, c.recordedBy],
    );
    return row!.id;
  },

  async consents(q: Queryable, caseIds: string[]): Promise<ConsentRow[]> {
    if (caseIds.length === 0) return [];
    return q.query<ConsentRow>(`select ${CONSENT_COLUMNS} from ${CONSENT_FROM} where k.case_id = any ($1::uuid[]) order by k.recorded_at`, [caseIds]);
  },

  /** Documents a consent (the signed form scanned, or filed on paper); false when it is not awaiting that. */
  async documentConsent(q: Queryable, caseId: string, id: string, d: { as: 'scan' | 'paper'; scan: Buffer | null; scanType: string | null; by: string }): Promise<boolean> {
    const rows = await q.query(
      `update consents set documented_as = $3, scan = $4, scan_type = $5, documented_by = $6, documented_at = now()
        where case_id = $1 and id = $2 and documented_at is null and withdrawn_at is null returning id`,
      [caseId, id, d.as, d.scan, d.scanType, d.by],
    );
    return rows.length > 0;
  },

  async consentScan(q: Queryable, caseId: string, id: string): Promise<{ scan: Uint8Array; scan_type: string } | undefined> {
    const [row] = await q.query<{ scan: Uint8Array; scan_type: string }>('select scan, scan_type from consents where case_id = $1 and id = $2 and scan is not null', [caseId, id]);
    return row;
  },

  /** Withdraws a consent at once; false when there is no such consent still standing. */
  async withdrawConsent(q: Queryable, caseId: string, id: string, by: string, note: string | null): Promise<boolean> {
    const rows = await q.query(
      'update consents set withdrawn_at = now(), withdrawn_by = $3, withdrawn_note = $4 where case_id = $1 and id = $2 and withdrawn_at is null returning id',
      [caseId, id, by, note],
    );
    return rows.length > 0;
  },

  /**
   * Cases an organisation outside social services might see (issue 3 §3): for a landlord, those holding
   * a statutory notice it sent; for anyone, those with a documented consent naming it (or the
   * municipality's debt advice) not withdrawn and not past its last day. The policy decides per case.
   */
  async casesSharedWith(q: Queryable, r: { orgId: string } | { debtAdviceOf: string }, today: string, limit: number): Promise<string[]> {
    const consented = `exists (select 1 from consents k where k.case_id = c.id and k.documented_at is not null and k.withdrawn_at is null and k.valid_until >= $2::date
      and ${'orgId' in r ? '$1::uuid = any (k.recipient_org_ids)' : 'k.to_debt_advice and c.municipality_id = $1::uuid'})`;
    const notified = 'orgId' in r ? 'or exists (select 1 from case_intake ci join notices n on n.id = ci.notice_id where ci.case_id = c.id and n.landlord_id = $1::uuid)' : '';
    const rows = await q.query<{ id: string }>(`select c.id from cases c where (${consented} ${notified}) order by c.opened_at desc limit $3`, [
      'orgId' in r ? r.orgId : r.debtAdviceOf,
      today,
      limit,
    ]);
    return rows.map((x) => x.id);
  },

  /** The landlords whose statutory notices are in each case (they know of the case: JB 12 kap 44 §). */
  async noticeLandlords(q: Queryable, caseIds: string[]): Promise<Map<string, string[]>> {
    const byCase = new Map<string, string[]>();
    if (caseIds.length === 0) return byCase;
    const rows = await q.query<{ case_id: string; landlord_id: string }>(
      'select distinct ci.case_id, n.landlord_id from case_intake ci join notices n on n.id = ci.notice_id where ci.case_id = any ($1::uuid[])',
      [caseIds],
    );
    for (const r of rows) byCase.set(r.case_id, [...(byCase.get(r.case_id) ?? []), r.landlord_id]);
    return byCase;
  },
};
