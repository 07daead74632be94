// What both parties to a social contract work on together (issue 4 §4): the rent guarantee and the
// landlord's claims under it, the move-in and move-out inspections, the problems the landlord reports
// and their answers, and the landlord's refusal of a transfer of the lease. Used on /kontrakt (the
// municipality) and /bostader (the landlord).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, kr, kronorToOre } from '../api.ts';
import { useCan } from '../app.tsx';
import { FieldError, type FormErrors, useFormErrors } from '../ui/form.tsx';
import { commaList } from '../ui/forms.ts';
import { stockholmDateTime } from '../ui/time.ts';
import type {
  Claim, Guarantee, Inspection, Inspections, LandlordClaims as LandlordClaimList, LandlordContracts as LandlordContractList, MunicipalityClaim, MunicipalityClaims as MunicipalityClaimList,
  Problem, Transfers,
} from '../../src/housing/contract-api.ts';

/** What a change on a contract can move: both parties' lists and the claims. */
const CONTRACT_KEYS = [['contracts'], ['landlord-contracts'], ['guarantee-claims'], ['landlord-claims']];

/**
 * A form folded under its name that posts and reloads the contract lists. `fields` gets the form's
 * errors, so that each input shows the server's problem with it beside it.
 */
export function PartyForm({ label, url, fields, body, submit }: { label: string; url: string; fields: (errors: FormErrors) => ReactNode; body: (data: FormData) => unknown; submit?: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { errors, fail, clear } = useFormErrors();
  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    clear();
    try {
      await api('POST', url, body(new FormData(form)));
      form.reset();
      await Promise.all(CONTRACT_KEYS.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    } catch (err) {
      fail(err);
    }
  };
  return (
    <details className="fold">
      <summary>{label}</summary>
      <form onSubmit={(e) => void save(e)} className="narrow" aria-label={label}>
        {fields(errors)}
        {errors.message && <p role="alert">{errors.message}</p>}
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
            fields={(errors) => (
              <>
                <label htmlFor={`insp-kind-${contractId}`}>{t('parts.kindLabel')}</label>
                <select id={`insp-kind-${contractId}`} name="kind" {...errors.input('kind', `insp-kind-${contractId}`)}>
                  <option value="move_in">{t('parts.kind.move_in')}</option>
                  <option value="move_out">{t('parts.kind.move_out')}</option>
                </select>
                <FieldError errors={errors} field="kind" id={`insp-kind-${contractId}`} />
                <label htmlFor={`insp-date-${contractId}`}>{t('parts.date')}</label>
                <input id={`insp-date-${contractId}`} name="date" type="date" required {...errors.input('scheduledOn', `insp-date-${contractId}`)} />
                <FieldError errors={errors} field="scheduledOn" id={`insp-date-${contractId}`} />
              </>
            )}
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
                fields={(errors) => (
                  <>
                    <label htmlFor={`prot-held-${i.id}`}>{t('parts.heldOn')}</label>
                    <input id={`prot-held-${i.id}`} name="heldOn" type="date" defaultValue={i.scheduledOn} required {...errors.input('heldOn', `prot-held-${i.id}`)} />
                    <FieldError errors={errors} field="heldOn" id={`prot-held-${i.id}`} />
                    <label>
                      <input type="checkbox" name="social" defaultChecked /> {t('parts.socialPresent')}
                    </label>
                    <label>
                      <input type="checkbox" name="tenant" defaultChecked /> {t('parts.tenantPresent')}
                    </label>
                    <label htmlFor={`prot-remarks-${i.id}`}>{t('parts.remarks')}</label>
                    <textarea id={`prot-remarks-${i.id}`} name="remarks" rows={2} maxLength={4000} {...errors.input('remarks', `prot-remarks-${i.id}`)} />
                    <FieldError errors={errors} field="remarks" id={`prot-remarks-${i.id}`} />
                    <label htmlFor={`prot-damages-${i.id}`}>{t('parts.damages')}</label>
                    <textarea id={`prot-damages-${i.id}`} name="damages" rows={2} maxLength={4000} {...errors.input('damages', `prot-damages-${i.id}`)} />
                    <FieldError errors={errors} field="damages" id={`prot-damages-${i.id}`} />
                  </>
                )}
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
      fields={(errors) => (
        <>
          <label htmlFor={`claim-dates-${contractId}`}>{t('parts.claimDueDates')}</label>
          <input id={`claim-dates-${contractId}`} name="dueDates" placeholder="2027-04-01, 2027-05-01" required {...errors.input('dueDates', `claim-dates-${contractId}`)} />
          <FieldError errors={errors} field="dueDates" id={`claim-dates-${contractId}`} />
          <label htmlFor={`claim-amount-${contractId}`}>{t('parts.claimAmount')}</label>
          <input id={`claim-amount-${contractId}`} name="amount" inputMode="decimal" required {...errors.input('amount', `claim-amount-${contractId}`)} />
          <FieldError errors={errors} field="amount" id={`claim-amount-${contractId}`} />
          <label htmlFor={`claim-text-${contractId}`}>{t('parts.claimText')}</label>
          <textarea id={`claim-text-${contractId}`} name="description" rows={2} maxLength={2000} {...errors.input('description', `claim-text-${contractId}`)} />
          <FieldError errors={errors} field="description" id={`claim-text-${contractId}`} />
        </>
      )}
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
                  fields={(errors) => (
                    <>
                      <label htmlFor={`pay-${k.id}`}>{t('parts.payAmount')}</label>
                      <input id={`pay-${k.id}`} name="amount" inputMode="decimal" defaultValue={(k.payable / 100).toFixed(2).replace('.', ',')} required {...errors.input('amount', `pay-${k.id}`)} />
                      <FieldError errors={errors} field="amount" id={`pay-${k.id}`} />
                    </>
                  )}
                />
                <PartyForm
                  label={t('parts.reject', { address: k.address })}
                  url={`/api/v1/housing/guarantee-claims/${k.id}/decision`}
                  body={(d) => ({ pay: false, reason: d.get('reason') })}
                  fields={(errors) => (
                    <>
                      <label htmlFor={`reject-${k.id}`}>{t('contracts.reasons')}</label>
                      <textarea id={`reject-${k.id}`} name="reason" rows={2} maxLength={2000} required {...errors.input('reason', `reject-${k.id}`)} />
                      <FieldError errors={errors} field="reason" id={`reject-${k.id}`} />
                    </>
                  )}
                />
              </>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The landlord refuses a transfer of the lease, with its reason (required where the agreement says so). */
export function RefuseTransferForm({ transfer: x }: { transfer: Transfers['transfers'][number] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { errors, fail, clear } = useFormErrors();
  const id = `refuse-${x.id}`;
  const refuse = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    clear();
    try {
      await api('POST', `/api/v1/housing/transfers/${x.id}/answer`, { accept: false, reason: new FormData(e.currentTarget).get('reason') });
      await queryClient.invalidateQueries({ queryKey: ['transfers'] });
    } catch (err) {
      fail(err);
    }
  };
  return (
    <form onSubmit={(e) => void refuse(e)} aria-label={`${t('contracts.refuseTransfer')}: ${x.home.address}`} className="narrow">
      {x.needsCause && <p className="sub">{t('contracts.needsCause')}</p>}
      <label htmlFor={id}>{t('contracts.refuseReason')}</label>
      <input id={id} name="reason" maxLength={2000} {...errors.input('reason', id)} />
      <FieldError errors={errors} field="reason" id={id} />
      {errors.message && <p role="alert">{errors.message}</p>}
      <button type="submit">{t('contracts.refuseTransfer')}</button>
    </form>
  );
}

/** Social services answer a problem the landlord reported. */
export function AnswerProblemForm({ problem: p }: { problem: Problem }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { errors, fail, clear } = useFormErrors();
  const id = `answer-${p.id}`;
  const respond = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    clear();
    try {
      await api('POST', `/api/v1/housing/problems/${p.id}/response`, { response: new FormData(e.currentTarget).get('response') });
      await queryClient.invalidateQueries({ queryKey: ['problems'] });
    } catch (err) {
      fail(err);
    }
  };
  return (
    <form onSubmit={(e) => void respond(e)} aria-label={`${t('contracts.answer')}: ${p.address}`} className="narrow">
      <label htmlFor={id}>{t('contracts.answer')}</label>
      <textarea id={id} name="response" rows={2} maxLength={4000} required {...errors.input('response', id)} />
      <FieldError errors={errors} field="response" id={id} />
      {errors.message && <p role="alert">{errors.message}</p>}
      <button type="submit">{t('contracts.send')}</button>
    </form>
  );
}

/** The landlord reports a problem on a contract: the agreement's response time starts. */
export function ReportProblemForm({ contract: c }: { contract: LandlordContractList['contracts'][number] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { errors, fail, clear } = useFormErrors();
  const id = `problem-${c.id}`;
  const report = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    clear();
    try {
      await api('POST', `/api/v1/housing/contracts/${c.id}/problems`, { description: new FormData(form).get('description') });
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ['landlord-contracts'] });
    } catch (err) {
      fail(err);
    }
  };
  return (
    <details className="fold">
      <summary>{t('contracts.report', { address: c.address })}</summary>
      <form onSubmit={(e) => void report(e)} aria-label={t('contracts.report', { address: c.address })} className="narrow">
        <p className="sub">{t('contracts.responseHours', { hours: c.responseHours })}</p>
        <label htmlFor={id}>{t('contracts.problem')}</label>
        <textarea id={id} name="description" rows={2} maxLength={4000} required {...errors.input('description', id)} />
        <FieldError errors={errors} field="description" id={id} />
        {errors.message && <p role="alert">{errors.message}</p>}
        <button type="submit">{t('contracts.send')}</button>
      </form>
    </details>
  );
}
