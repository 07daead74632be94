import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../app.tsx';
import { api, ApiError, kr } from '../api.ts';
import { stockholmDateTime } from '../ui/time.ts';
import type { SharedCases } from '../../src/cases/api.ts';


/**
 * Social services' cases as a landlord (or Kronofogden, or debt advice) may see them: that a case exists
 * after the landlord's own notice, and only what the household consented to share, while it holds.
 */
export function SharedCasesPage() {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['shared-cases'], queryFn: () => api<SharedCases>('GET', '/api/v1/shared-cases') });
  const landlord = useMe().organisation.kind === 'landlord';
  return (
    <section aria-labelledby="shared-title">
      <h1 id="shared-title">{t('shared.title')}</h1>
      <p className="sub">{t('shared.intro')}</p>
      {q.isPending && <p role="status">{t('app.loading')}</p>}
      {q.isError && <p role="alert">{t('app.error')}</p>}
      {q.data?.cases.length === 0 && <p>{t('shared.empty')}</p>}
      <ul className="timeline">
        {q.data?.cases.map((c) => (
          <li key={c.id} data-case={c.id}>
            <h2>{c.address}</h2>
            <div>
              {t('shared.opened', { municipality: c.municipality, when: stockholmDateTime(c.openedAt, i18n.language) })}
              {c.status === 'closed' && <span className="tag">{t('shared.closed')}</span>}
            </div>
            {c.categories.length === 0 && <p className="sub">{t('shared.onlyExists')}</p>}
            {c.socialWorker && <div>{t('shared.socialWorker', { name: c.socialWorker, phone: c.municipalityPhone ?? '–' })}</div>}
            {c.jointVisits.map((v) => (
              <div key={v.at} className="tag warn">
                {t('shared.jointVisit', { when: stockholmDateTime(v.at, i18n.language) })}
              </div>
            ))}
            {c.paymentPlans?.map((p) => (
              <div key={p.agreedOn + p.status}>
                <h3>{t('shared.plan', { date: p.agreedOn })}</h3>
                {p.status === 'broken' && <p className="tag danger">{t('shared.planBroken', { date: p.brokenOn })}</p>}
                <ul>
                  {p.instalments.map((i) => (
                    <li key={i.dueDate}>
                      {i.dueDate} · {kr(i.amount)} · {t(`plan.instalment.${i.status}`)}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
            {c.outcome && (
              <p>
                <strong>{t('shared.outcome')}</strong> {t(`closing.landlord.${c.outcome.coarse}`)}
                {c.outcome.precise && ` (${t(`closing.outcome.${c.outcome.precise}`)})`}
              </p>
            )}
            {c.assistance?.map((a) => (
              <p key={a.decidedOn + String(a.granted)}>
                {a.granted
                  ? t('assistance.granted', { amount: kr(a.rentAmount ?? 0), from: a.periodFrom, until: a.periodUntil })
                  : t('assistance.refused')}{' '}
                ({a.decidedOn})
              </p>
            ))}
            {c.actionPlans?.map((p) => (
              <div key={p.goals + p.reviewOn}>
                <h3>{t('action.title')}</h3>
                <p>{p.goals}</p>
                <ul>
                  {p.tasks.map((k) => (
                    <li key={k.what}>
                      {k.what} · {t(`action.owner.${k.owner}`)} · {t('tasks.due', { date: k.dueOn })}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
            {landlord && c.status === 'open' && <RequestActionPlan caseId={c.id} />}
            {c.contacts && (
              <>
                <h3>{t('shared.contacts')}</h3>
                {c.contacts.length === 0 && <p>{t('contacts.none')}</p>}
                <ul>
                  {c.contacts.map((k, i) => (
                    <li key={i}>
                      {t(`contacts.kind.${k.kind}`)} · {k.date}
                      {k.partOfDay ? ` ${t(`contacts.part.${k.partOfDay}`)}` : ''} · {k.reached ? t('contacts.reached') : t('contacts.notReached')}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The landlord asks social services for an action plan for a tenant with recurring problems (Västerås). */
function RequestActionPlan({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ sent: boolean; error: string | null }>({ sent: false, error: null });
  const send = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    try {
      await api('POST', `/api/v1/shared-cases/${caseId}/action-plan-request`, { reason: data.get('reason') });
      setState({ sent: true, error: null });
      await queryClient.invalidateQueries({ queryKey: ['shared-cases'] });
    } catch (err) {
      setState({ sent: false, error: err instanceof ApiError ? err.message : t('app.error') });
    }
  };
  if (state.sent) return <p role="status">{t('shared.requestSent')}</p>;
  return (
    <details>
      <summary>{t('shared.requestPlan')}</summary>
      <form onSubmit={(e) => void send(e)} className="narrow">
        <label htmlFor={`req-${caseId}`}>{t('shared.requestReason')}</label>
        <textarea id={`req-${caseId}`} name="reason" rows={2} maxLength={2000} required />
        {state.error && <p role="alert">{state.error}</p>}
        <button type="submit">{t('shared.requestSend')}</button>
      </form>
    </details>
  );
}
