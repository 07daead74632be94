import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.ts';
import { useCan } from '../app.tsx';
import { FieldError, useFormErrors } from '../ui/form.tsx';
import { stockholmDateTime } from '../ui/time.ts';
import { LadderEditor } from './LadderEditor.tsx';
import { AnswerProblemForm, ClaimForm, GuaranteeLine, InspectionsPart, LandlordClaims, MunicipalityClaims, PartyForm, RefuseTransferForm, ReportProblemForm } from './ContractParts.tsx';
import type {
  Contract, Contracts, HousingPlan, Ladder, LandlordContracts as LandlordContractList, MunicipalityProblems as MunicipalityProblemList, Problem, Transfers,
} from '../../src/housing/contract-api.ts';
import type { StepCondition } from '../../src/housing/model.ts';

/** The three parts of a housing plan (boplan), as both the municipality and the landlord read it. */
function PlanText({ plan }: { plan: HousingPlan }) {
  const { t } = useTranslation();
  return (
    <div>
      <p>{t('contracts.planVersion', { version: plan.version, date: plan.agreedOn })}</p>
      <ul className="plain">
        <li>{t('contracts.planTenant', { text: plan.tenant })}</li>
        <li>{t('contracts.planLandlord', { text: plan.landlord })}</li>
        <li>{t('contracts.planMunicipality', { text: plan.municipality })}</li>
      </ul>
    </div>
  );
}

/** Contracts on the municipality's housing ladder (issue 4 §4): review dates, reviews, transfers. */
export function ContractsPage() {
  const { t } = useTranslation();
  const canReview = useCan('applicant.write');
  const canInspect = useCan('inspection.record');
  const canEditLadder = useCan('agreement.edit');
  const contracts = useQuery({ queryKey: ['contracts'], queryFn: () => api<Contracts>('GET', '/api/v1/housing/contracts') });
  const ladder = useQuery({ queryKey: ['ladder'], queryFn: () => api<Ladder>('GET', '/api/v1/housing/ladder') });
  return (
    <section aria-labelledby="contracts-title">
      <h1 id="contracts-title">{t('contracts.title')}</h1>
      {ladder.data && (
        <p className="sub">
          {t('contracts.ladder')}: {ladder.data.steps
            .map((s) => (s.trialMonths ? t('contracts.stepText', { name: s.name, months: s.trialMonths }) : s.name) + (s.guaranteeMonths ? ` (${t('parts.stepGuarantee', { months: s.guaranteeMonths })})` : ''))
            .join(' → ')}
        </p>
      )}
      {canEditLadder && ladder.data && <LadderEditor steps={ladder.data.steps.map(({ id: _, ...s }) => s)} />}
      <MunicipalityProblems />
      <MunicipalityClaims />
      {contracts.isPending && <p role="status">{t('app.loading')}</p>}
      {contracts.isError && <p role="alert">{t('app.error')}</p>}
      {contracts.data?.contracts.length === 0 && <p>{t('contracts.none')}</p>}
      <ul className="timeline" aria-labelledby="contracts-title">
        {contracts.data?.contracts.map((c) => (
          <li key={c.id} id={`kontrakt-${c.id}`}>
            <strong>{c.household.name}</strong> · {c.home.address} ({c.home.landlord}) · {c.step.name} <span className="tag">{t(`contracts.status.${c.status}`)}</span>
            {c.reviewOverdue && <span className="tag danger">{t('contracts.overdue')}</span>}
            <div className="sub">
              {t('contracts.started', { date: c.startedOn })}
              {c.reviewOn && ` · ${t('contracts.reviewOn', { date: c.reviewOn })}`}
            </div>
            {c.transfer && (
              <p>
                {t(`contracts.transfer.${c.transfer.status}`, { date: c.transfer.proposedOn })}
                {c.transfer.reason && `: ${c.transfer.reason}`}
              </p>
            )}
            {c.insurance.missing ? (
              <span className="tag danger">{t('contracts.insuranceMissing')}</span>
            ) : (
              c.insurance.validUntil && <div className="sub">{t('contracts.insuredUntil', { date: c.insurance.validUntil })}</div>
            )}
            {c.guarantee && <GuaranteeLine g={c.guarantee} />}
            {c.plan && <PlanText plan={c.plan} />}
            <InspectionsPart contractId={c.id} name={c.household.name} inspections={c.inspections} canRecord={canInspect} />
            {canReview && c.status === 'active' && <ReviewForm contract={c} conditions={ladder.data?.steps.find((s) => s.position === c.step.position)?.conditions ?? []} />}
            {canReview && (c.status === 'active' || c.status === 'transfer_proposed') && (
              <>
                <PartyForm
                  label={t('contracts.planForm', { name: c.household.name })}
                  url={`/api/v1/housing/contracts/${c.id}/plans`}
                  body={(d) => ({ tenant: d.get('tenant'), landlord: d.get('landlord'), municipality: d.get('municipality'), agreedOn: d.get('agreedOn') })}
                  fields={(errors) => (
                    <>
                      {(['tenant', 'landlord', 'municipality'] as const).map((part) => (
                        <div key={part}>
                          <label htmlFor={`plan-${part}-${c.id}`}>{t(`contracts.planPart.${part}`)}</label>
                          <textarea id={`plan-${part}-${c.id}`} name={part} rows={2} maxLength={4000} required {...errors.input(part, `plan-${part}-${c.id}`)} />
                          <FieldError errors={errors} field={part} id={`plan-${part}-${c.id}`} />
                        </div>
                      ))}
                      <label htmlFor={`plan-date-${c.id}`}>{t('contracts.planAgreedOn')}</label>
                      <input id={`plan-date-${c.id}`} name="agreedOn" type="date" required {...errors.input('agreedOn', `plan-date-${c.id}`)} />
                      <FieldError errors={errors} field="agreedOn" id={`plan-date-${c.id}`} />
                    </>
                  )}
                />
                <PartyForm
                  label={t('contracts.insuranceForm', { name: c.household.name })}
                  url={`/api/v1/housing/contracts/${c.id}/insurance`}
                  body={(d) => ({ insurer: d.get('insurer'), policyNumber: d.get('policy'), liabilityCover: d.get('liability') === 'on', validFrom: d.get('from'), validUntil: d.get('until') })}
                  fields={(errors) => (
                    <>
                      <label htmlFor={`ins-insurer-${c.id}`}>{t('contracts.insurer')}</label>
                      <input id={`ins-insurer-${c.id}`} name="insurer" maxLength={200} required {...errors.input('insurer', `ins-insurer-${c.id}`)} />
                      <FieldError errors={errors} field="insurer" id={`ins-insurer-${c.id}`} />
                      <label htmlFor={`ins-policy-${c.id}`}>{t('contracts.policy')}</label>
                      <input id={`ins-policy-${c.id}`} name="policy" maxLength={100} required {...errors.input('policyNumber', `ins-policy-${c.id}`)} />
                      <FieldError errors={errors} field="policyNumber" id={`ins-policy-${c.id}`} />
                      <label>
                        <input id={`ins-liability-${c.id}`} type="checkbox" name="liability" {...errors.input('liabilityCover', `ins-liability-${c.id}`)} /> {t('contracts.liability')}
                      </label>
                      <FieldError errors={errors} field="liabilityCover" id={`ins-liability-${c.id}`} />
                      <label htmlFor={`ins-from-${c.id}`}>{t('contracts.validFrom')}</label>
                      <input id={`ins-from-${c.id}`} name="from" type="date" required {...errors.input('validFrom', `ins-from-${c.id}`)} />
                      <FieldError errors={errors} field="validFrom" id={`ins-from-${c.id}`} />
                      <label htmlFor={`ins-until-${c.id}`}>{t('contracts.validUntil')}</label>
                      <input id={`ins-until-${c.id}`} name="until" type="date" required {...errors.input('validUntil', `ins-until-${c.id}`)} />
                      <FieldError errors={errors} field="validUntil" id={`ins-until-${c.id}`} />
                    </>
                  )}
                />
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReviewForm({ contract, conditions }: { contract: Contract; conditions: StepCondition[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [decision, setDecision] = useState<'step_up' | 'extend' | 'end'>('step_up');
  const { errors, fail, clear } = useFormErrors();
  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    clear();
    try {
      await api('POST', `/api/v1/housing/contracts/${contract.id}/reviews`, {
        decision, reasons: data.get('reasons'), conditions: Object.fromEntries(conditions.map((c) => [c, data.get(`condition-${c}`) === 'on'])),
        extendMonths: decision === 'extend' && String(data.get('months') ?? '') ? Number(data.get('months')) : null,
      });
      await queryClient.invalidateQueries({ queryKey: ['contracts'] });
    } catch (err) {
      fail(err);
    }
  };
  const label = t('contracts.review', { name: contract.household.name });
  const conditionId = (c: StepCondition) => `condition-${c}-${contract.id}`;
  return (
    <details className="fold">
      <summary>{label}</summary>
      <form onSubmit={(e) => void save(e)} className="narrow" aria-label={label}>
        <label htmlFor={`decision-${contract.id}`}>{t('contracts.decision')}</label>
        <select id={`decision-${contract.id}`} value={decision} onChange={(e) => setDecision(e.target.value as typeof decision)}>
          {(['step_up', 'extend', 'end'] as const).map((d) => (
            <option key={d} value={d}>
              {t(`contracts.decisions.${d}`)}
            </option>
          ))}
        </select>
        {conditions.length > 0 && (
          <fieldset>
            <legend>{t('contracts.conditions')}</legend>
            {conditions.map((c) =>
              c === 'no_late_rent' && contract.lateRent !== null ? (
                <div key={c}>
                  <p id={conditionId(c)}>{contract.lateRent.length === 0 ? t('contracts.ledgerOnTime') : t('contracts.ledgerLate', { dates: contract.lateRent.join(', ') })}</p>
                  <FieldError errors={errors} field={`conditions.${c}`} id={conditionId(c)} />
                </div>
              ) : (
                <div key={c}>
                  <label>
                    <input type="checkbox" name={`condition-${c}`} {...errors.input(`conditions.${c}`, conditionId(c))} /> {t(`contracts.condition.${c}`)}
                  </label>
                  <FieldError errors={errors} field={`conditions.${c}`} id={conditionId(c)} />
                </div>
              ),
            )}
          </fieldset>
        )}
        {decision === 'extend' && (
          <>
            <label htmlFor={`months-${contract.id}`}>{t('contracts.extendMonths')}</label>
            <input id={`months-${contract.id}`} name="months" type="number" min={1} max={36} {...errors.input('extendMonths', `months-${contract.id}`)} />
            <FieldError errors={errors} field="extendMonths" id={`months-${contract.id}`} />
          </>
        )}
        <label htmlFor={`reasons-${contract.id}`}>{t('contracts.reasons')}</label>
        <textarea id={`reasons-${contract.id}`} name="reasons" rows={2} maxLength={4000} {...errors.input('reasons', `reasons-${contract.id}`)} />
        <FieldError errors={errors} field="reasons" id={`reasons-${contract.id}`} />
        {errors.message && <p role="alert">{errors.message}</p>}
        <button type="submit">{t('contracts.save')}</button>
      </form>
    </details>
  );
}

/** The landlord's answers to transfers of the lease proposed for its homes. */
export function LandlordTransfers() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['transfers'], queryFn: () => api<Transfers>('GET', '/api/v1/housing/transfers') });
  const [error, setError] = useState<string | null>(null);
  const accept = async (id: string) => {
    setError(null);
    try {
      await api('POST', `/api/v1/housing/transfers/${id}/answer`, { accept: true, reason: null });
      await queryClient.invalidateQueries({ queryKey: ['transfers'] });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('app.error'));
    }
  };
  if (!q.data || q.data.transfers.length === 0) return null;
  return (
    <>
      <h2 id="transfers-title">{t('contracts.transfersTitle')}</h2>
      {error && <p role="alert">{error}</p>}
      <ul className="timeline" aria-labelledby="transfers-title">
        {q.data.transfers.map((x) => (
          <li key={x.id}>
            <strong>{x.home.address}</strong> · {t('round.householdText', { adults: x.household.adults, children: x.household.children })} ·{' '}
            {t('contracts.since', { date: x.startedOn })} <span className="tag">{t(`contracts.transferStatus.${x.status}`)}</span>
            {x.reason && <p className="quote">{x.reason}</p>}
            {x.status === 'proposed' && (
              <div className="actions">
                <button type="button" onClick={() => void accept(x.id)} aria-label={`${t('contracts.acceptTransfer')}: ${x.home.address}`}>
                  {t('contracts.acceptTransfer')}
                </button>
                <RefuseTransferForm transfer={x} />
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function ProblemLine({ p }: { p: Problem }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <strong>{p.address}</strong> · {p.description} <span className="tag">{t(`contracts.problemStatus.${p.status}`)}</span>
      {p.breached && <span className="tag danger">{t('contracts.breached')}</span>}
      <div className="sub">{t('contracts.respondBy', { when: stockholmDateTime(p.respondBy, i18n.language) })}</div>
      {p.response && <p className="quote">{p.response}</p>}
    </>
  );
}

/** Problems landlords reported on the municipality's contracts, with the answer each needs and by when. */
export function MunicipalityProblems() {
  const { t } = useTranslation();
  const canAnswer = useCan('applicant.write');
  const q = useQuery({ queryKey: ['problems'], queryFn: () => api<MunicipalityProblemList>('GET', '/api/v1/housing/problems') });
  if (!q.data || q.data.problems.length === 0) return null;
  return (
    <>
      <h2 id="problems-title">{t('contracts.problemsTitle')}</h2>
      <ul className="timeline" aria-labelledby="problems-title">
        {q.data.problems.map((p) => (
          <li key={p.id}>
            <ProblemLine p={p} />
            {canAnswer && p.status === 'open' && <AnswerProblemForm problem={p} />}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The landlord's homes with social contracts, where it reports problems and sees the answers. */
export function LandlordContracts() {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['landlord-contracts'],
    queryFn: () =>
      api<LandlordContractList>('GET', '/api/v1/housing/landlord-contracts'),
  });
  if (!q.data || (q.data.contracts.length === 0 && q.data.problems.length === 0)) return null;
  return (
    <>
      <h2 id="landlord-contracts-title">{t('contracts.landlordTitle')}</h2>
      <ul className="timeline" aria-labelledby="landlord-contracts-title">
        {q.data.contracts.map((c) => (
          <li key={c.id}>
            <strong>{c.address}</strong> · {c.step} · {t('contracts.since', { date: c.startedOn })}
            {c.status === 'ended' && <span className="tag">{t('contracts.status.ended')}</span>}
            {c.guarantee && <GuaranteeLine g={c.guarantee} />}
            {c.plan && <PlanText plan={c.plan} />}
            <InspectionsPart contractId={c.id} name={c.address} inspections={c.inspections} canRecord />
            {c.guarantee && c.status !== 'ended' && <ClaimForm contractId={c.id} address={c.address} />}
            {c.status !== 'ended' && <ReportProblemForm contract={c} />}
          </li>
        ))}
      </ul>
      <LandlordClaims />
      {q.data.problems.length > 0 && (
        <ul className="plain" aria-label={t('contracts.problemsTitle')}>
          {q.data.problems.map((p) => (
            <li key={p.id}>
              <ProblemLine p={p} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
