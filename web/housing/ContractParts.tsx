// What both parties to a social contract work on together (issue 4 §4): the rent guarantee and the
// landlord's claims under it, and the move-in and move-out inspections. Used on /kontrakt (the
// municipality) and /bostader (the landlord).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, kr, kronorToOre } from '../api.ts';
import { useCan } from '../app.tsx';
import { commaList } from '../ui/forms.ts';
import { stockholmDateTime } from '../ui/time.ts';
import type { Claim, Guarantee, Inspection, Inspections, LandlordClaims as LandlordClaimList, MunicipalityClaim, MunicipalityClaims as MunicipalityClaimList } from '../../src/housing/contract-api.ts';

/** What a change on a contract can move: both parties' lists and the claims. */
const CONTRACT_KEYS = [['contracts'], ['landlord-contracts'], ['guarantee-claims'], ['landlord-claims']];

/** A form folded under its name that posts and reloads the contract lists. */
export function PartyForm({ label, url, fields, body, submit }: { label: string; url: string; fields: ReactNode; body: (data: FormData) => unknown; submit?: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    setError(null);
    try {
      await api('POST', url, body(new FormData(form)));
      form.reset();
      await Promise.all(CONTRACT_KEYS.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('app.error'));
    }
  };
  return (
    <details className="fold">
      <summary>{label}</summary>
      <form onSubmit={(e) => void save(e)} className="narrow" aria-label={label}>
        {fields}
        {error && <p role="alert">{error}</p>}
        <button type="submit">{submit ?? t('contracts.saveForm')}</button>
      </form>
    </details>
  );
}

export function GuaranteeLine({ g }: { g: Guarantee }) {
  const { t } = useTranslation();
  return (
    <div className="sub">
      {t('parts.guarantee', { months: g.months, amount: kr(g.amount), from: g.validFrom, until: g.validUntil })} · {t('parts.guaranteeLeft', { paid: kr(g.paid), remaining: kr(g.remaining) })}
    </div>
  );
}

/** The inspections of a contract, what is missing, and the forms to book one and write its protocol. */
export function InspectionsPart({ contractId, name, inspections, canRecord }: { contractId: string; name: string; inspections: Inspections; canRecord: boolean }) {
  const { t } = useTranslation();
  const booked = [inspections.moveIn, inspections.moveOut].filter((i): i is Inspection => i !== null);
  return (
    <div>
      {inspections.moveInMissing && <span className="tag danger">{t('parts.moveInMissing')}</span>}
      {inspections.moveOutMissing && <span className="tag danger">{t('parts.moveOutMissing')}</span>}
      {inspections.withoutSocialServices && <span className="tag danger">{t('parts.withoutSocialServices')}</span>}
      {booked.length > 0 && (
        <ul className="plain" aria-label={t('parts.inspectionsOf', { name })}>
          {booked.map((i) => (
            <li key={i.id}>
              {i.heldOn
                ? t('parts.held', { kind: t(`parts.kind.${i.kind}`), date: i.heldOn, present: t(i.socialServicesPresent ? 'parts.withSocialServices' : 'parts.noSocialServices') })
                : t('parts.booked', { kind: t(`parts.kind.${i.kind}`), date: i.scheduledOn })}
              {i.remarks && <div className="sub">{t('parts.remarksText', { text: i.remarks })}</div>}
              {i.damages && <div className="sub">{t('parts.damagesText', { text: i.damages })}</div>}
            </li>
          ))}
        </ul>
      )}
      {canRecord && (
        <>
          <PartyForm
            label={t('parts.book', { name })}
            url={`/api/v1/housing/contracts/${contractId}/inspections`}
            body={(d) => ({ kind: d.get('kind'), scheduledOn: d.get('date') })}
            fields={
              <>
                <label htmlFor={`insp-kind-${contractId}`}>{t('parts.kindLabel')}</label>
                <select id={`insp-kind-${contractId}`} name="kind">
                  <option value="move_in">{t('parts.kind.move_in')}</option>
                  <option value="move_out">{t('parts.kind.move_out')}</option>
                </select>
                <label htmlFor={`insp-date-${contractId}`}>{t('parts.date')}</label>
                <input id={`insp-date-${contractId}`} name="date" type="date" required />
              </>
            }
          />
          {booked
            .filter((i) => !i.heldOn)
            .map((i) => (
              <PartyForm
                key={i.id}
                label={t('parts.protocol', { kind: t(`parts.kind.${i.kind}`), name })}
                url={`/api/v1/housing/inspections/${i.id}/protocol`}
                body={(d) => ({
                  heldOn: d.get('heldOn'), socialServicesPresent: d.get('social') === 'on', tenantPresent: d.get('tenant') === 'on',
                  remarks: String(d.get('remarks') ?? '') || null, damages: String(d.get('damages') ?? '') || null,
                })}
                fields={
                  <>
                    <label htmlFor={`prot-held-${i.id}`}>{t('parts.heldOn')}</label>
                    <input id={`prot-held-${i.id}`} name="heldOn" type="date" defaultValue={i.scheduledOn} required />
                    <label>
                      <input type="checkbox" name="social" defaultChecked /> {t('parts.socialPresent')}
                    </label>
                    <label>
                      <input type="checkbox" name="tenant" defaultChecked /> {t('parts.tenantPresent')}
                    </label>
                    <label htmlFor={`prot-remarks-${i.id}`}>{t('parts.remarks')}</label>
                    <textarea id={`prot-remarks-${i.id}`} name="remarks" rows={2} maxLength={4000} />
                    <label htmlFor={`prot-damages-${i.id}`}>{t('parts.damages')}</label>
                    <textarea id={`prot-damages-${i.id}`} name="damages" rows={2} maxLength={4000} />
                  </>
                }
              />
            ))}
        </>
      )}
    </div>
  );
}

/** The landlord's claim under a contract's rent guarantee: the due dates and the amount. */
export function ClaimForm({ contractId, address }: { contractId: string; address: string }) {
  const { t } = useTranslation();
  return (
    <PartyForm
      label={t('parts.claim', { address })}
      url={`/api/v1/housing/contracts/${contractId}/guarantee-claims`}
      submit={t('contracts.send')}
      body={(d) => ({ dueDates: commaList(d.get('dueDates')), amount: kronorToOre(String(d.get('amount') ?? '')), description: String(d.get('description') ?? '') || null })}
      fields={
        <>
          <label htmlFor={`claim-dates-${contractId}`}>{t('parts.claimDueDates')}</label>
          <input id={`claim-dates-${contractId}`} name="dueDates" placeholder="2027-04-01, 2027-05-01" required />
          <label htmlFor={`claim-amount-${contractId}`}>{t('parts.claimAmount')}</label>
          <input id={`claim-amount-${contractId}`} name="amount" inputMode="decimal" required />
          <label htmlFor={`claim-text-${contractId}`}>{t('parts.claimText')}</label>
          <textarea id={`claim-text-${contractId}`} name="description" rows={2} maxLength={2000} />
        </>
      }
    />
  );
}

function ClaimLine({ k }: { k: Claim | MunicipalityClaim }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <strong>{k.address}</strong>
      {'household' in k && ` · ${k.household}`} · {t('parts.claimFor', { amount: kr(k.amount), dates: k.dueDates.join(', ') })} <span className="tag">{t(`parts.claimStatus.${k.status}`)}</span>
      <div className="sub">
        {stockholmDateTime(k.claimedAt, i18n.language)} ·{' '}
        {k.ledgerUnpaid === null ? t('parts.noLedger') : t('parts.ledgerUnpaid', { amount: kr(k.ledgerUnpaid) })} · {t('parts.payable', { amount: kr(k.payable) })}
      </div>
      {k.description && <p className="quote">{k.description}</p>}
      {k.status === 'paid' && k.paidAmount !== null && <div>{t('parts.paid', { amount: kr(k.paidAmount) })}</div>}
      {k.status === 'rejected' && k.decisionReason && <div>{t('parts.rejected', { reason: k.decisionReason })}</div>}
    </>
  );
}

/** The landlord's claims under rent guarantees and what became of them. */
export function LandlordClaims() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['landlord-claims'], queryFn: () => api<LandlordClaimList>('GET', '/api/v1/housing/landlord-guarantee-claims') });
  if (!q.data || q.data.claims.length === 0) return null;
  return (
    <ul className="plain" aria-label={t('parts.claimsTitle')}>
      {q.data.claims.map((k) => (
        <li key={k.id}>
          <ClaimLine k={k} />
        </li>
      ))}
    </ul>
  );
}

/** Claims on the municipality's rent guarantees, undecided first; the housing coordinator pays or rejects. */
export function MunicipalityClaims() {
  const { t } = useTranslation();
  const canDecide = useCan('agreement.edit');
  const q = useQuery({ queryKey: ['guarantee-claims'], queryFn: () => api<MunicipalityClaimList>('GET', '/api/v1/housing/guarantee-claims') });
  if (!q.data || q.data.claims.length === 0) return null;
  return (
    <>
      <h2 id="claims-title">{t('parts.claimsTitle')}</h2>
      <ul className="timeline" aria-labelledby="claims-title">
        {q.data.claims.map((k) => (
          <li key={k.id}>
            <ClaimLine k={k} />
            {canDecide && k.status === 'claimed' && (
              <>
                <PartyForm
                  label={t('parts.pay', { address: k.address })}
                  url={`/api/v1/housing/guarantee-claims/${k.id}/decision`}
                  body={(d) => ({ pay: true, amount: kronorToOre(String(d.get('amount') ?? '')) })}
                  fields={
                    <>
                      <label htmlFor={`pay-${k.id}`}>{t('parts.payAmount')}</label>
                      <input id={`pay-${k.id}`} name="amount" inputMode="decimal" defaultValue={(k.payable / 100).toFixed(2).replace('.', ',')} required />
                    </>
                  }
                />
                <PartyForm
                  label={t('parts.reject', { address: k.address })}
                  url={`/api/v1/housing/guarantee-claims/${k.id}/decision`}
                  body={(d) => ({ pay: false, reason: d.get('reason') })}
                  fields={
                    <>
                      <label htmlFor={`reject-${k.id}`}>{t('contracts.reasons')}</label>
                      <textarea id={`reject-${k.id}`} name="reason" rows={2} maxLength={2000} required />
                    </>
                  }
                />
              </>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
