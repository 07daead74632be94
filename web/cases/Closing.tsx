import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { serverToday } from '../ui/time.ts';
import type { ActionPlan, ActionPlanRequest, CaseChildren, FollowUp } from '../../src/cases/api.ts';
import { ACTION_OWNERS, CASE_OUTCOMES } from '../../src/cases/model.ts';
import { FieldError } from '../ui/form.tsx';
import { useCaseAction } from './useCaseAction.ts';

/** The children of the household and the child's-best-interest assessment. */
export function ChildrenSection({ caseId, household }: { caseId: string; household: CaseChildren }) {
  const { t } = useTranslation();
  const { error, errors, submit } = useCaseAction(caseId);
  if (!household.hasChildren && household.assessments.length === 0) return null;
  const write = (data: FormData) =>
    api('POST', `/api/v1/cases/${caseId}/child-assessments`, { assessedOn: data.get('assessedOn'), assessment: data.get('assessment'), childrenHeard: data.get('heard') === 'on' });
  return (
    <>
      <h2 id="children-title">{t('children.title')}</h2>
      {household.assessments.length === 0 && <p className="tag warn">{t('children.needed')}</p>}
      <ul className="timeline" aria-labelledby="children-title">
        {household.assessments.map((a) => (
          <li key={a.id}>
            <div className="sub">{t('children.head', { date: a.assessed_on, who: a.author_name })}</div>
            <p className="quote">{a.assessment}</p>
            <div>{a.children_heard ? t('children.heard') : t('children.notHeard')}</div>
          </li>
        ))}
      </ul>
      <details className="fold" open={household.assessments.length === 0}>
        <summary>{t('children.write')}</summary>
        <form onSubmit={(e) => void submit(write)(e)} aria-label={t('children.write')} className="narrow">
          <label htmlFor="ca-date">{t('children.date')}</label>
          <input id="ca-date" name="assessedOn" type="date" defaultValue={serverToday()} required {...errors.input('assessedOn', 'ca-date')} />
          <FieldError errors={errors} field="assessedOn" id="ca-date" />
          <label htmlFor="ca-text">{t('children.assessment')}</label>
          <textarea id="ca-text" name="assessment" rows={4} maxLength={20000} required {...errors.input('assessment', 'ca-text')} />
          <FieldError errors={errors} field="assessment" id="ca-text" />
          <label>
            <input type="checkbox" name="heard" /> {t('children.heardLabel')}
          </label>
          {error && <p role="alert">{error}</p>}
          <button type="submit">{t('children.save')}</button>
        </form>
      </details>
    </>
  );
}

/** Action plans: goals, who does what by when, and a review date; and the landlord's requests for one. */
export function ActionPlans({ caseId, open, plans, requests }: { caseId: string; open: boolean; plans: ActionPlan[]; requests: ActionPlanRequest[] }) {
  const { t } = useTranslation();
  const { error, errors, run } = useCaseAction(caseId);
  const [rows, setRows] = useState([{ what: '', owner: 'tenant', dueOn: '' }]);
  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const ok = await run(() => api('POST', `/api/v1/cases/${caseId}/action-plans`, { goals: data.get('goals'), reviewOn: data.get('reviewOn'), tasks: rows }));
    if (ok) {
      form.reset();
      setRows([{ what: '', owner: 'tenant', dueOn: '' }]);
    }
  };
  const set = (n: number, change: Partial<(typeof rows)[number]>) => setRows(rows.map((r, i) => (i === n ? { ...r, ...change } : r)));
  return (
    <>
      <h2 id="action-title">{t('action.title')}</h2>
      {requests.map((r) => (
        <p key={r.id} className="tag warn">
          {t('action.requested', { landlord: r.landlord_name, who: r.requested_by_name, reason: r.reason })}
        </p>
      ))}
      {plans.length === 0 && <p>{t('action.none')}</p>}
      <ul className="timeline" aria-labelledby="action-title">
        {plans.map((p) => (
          <li key={p.id}>
            <strong>{p.goals}</strong>
            <div className="sub">{t('action.review', { date: p.review_on, who: p.created_by_name })}</div>
            <ul>
              {p.tasks.map((k) => (
                <li key={k.seq}>
                  {k.what} · {t(`action.owner.${k.owner}`)} · {t('tasks.due', { date: k.due_on })}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {error && <p role="alert">{error}</p>}
      {open && (
        <details className="fold">
          <summary>{t('action.new')}</summary>
          <form onSubmit={(e) => void create(e)} aria-label={t('action.new')} className="narrow">
            <label htmlFor="ap-goals">{t('action.goals')}</label>
            <textarea id="ap-goals" name="goals" rows={2} maxLength={4000} required {...errors.input('goals', 'ap-goals')} />
            <FieldError errors={errors} field="goals" id="ap-goals" />
            <label htmlFor="ap-review">{t('action.reviewOn')}</label>
            <input id="ap-review" name="reviewOn" type="date" required {...errors.input('reviewOn', 'ap-review')} />
            <FieldError errors={errors} field="reviewOn" id="ap-review" />
            <fieldset>
              <legend>{t('action.tasks')}</legend>
              {rows.map((r, n) => (
                <div key={n} className="filters">
                  <div>
                    <label htmlFor={`ap-what-${n}`}>{t('action.what', { n: n + 1 })}</label>
                    <input id={`ap-what-${n}`} value={r.what} maxLength={500} required onChange={(e) => set(n, { what: e.target.value })} />
                  </div>
                  <div>
                    <label htmlFor={`ap-owner-${n}`}>{t('action.who', { n: n + 1 })}</label>
                    <select id={`ap-owner-${n}`} value={r.owner} onChange={(e) => set(n, { owner: e.target.value })}>
                      {ACTION_OWNERS.map((o) => (
                        <option key={o} value={o}>
                          {t(`action.owner.${o}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div>
                    <label htmlFor={`ap-due-${n}`}>{t('action.when', { n: n + 1 })}</label>
                    <input id={`ap-due-${n}`} type="date" value={r.dueOn} required onChange={(e) => set(n, { dueOn: e.target.value })} />
                  </div>
                </div>
              ))}
              <button type="button" className="link" onClick={() => setRows([...rows, { what: '', owner: 'tenant', dueOn: '' }])}>
                {t('action.addRow')}
              </button>
            </fieldset>
            <button type="submit">{t('action.save')}</button>
          </form>
        </details>
      )}
    </>
  );
}

/** Closing the case with its outcome; afterwards, the follow-ups 6 and 12 months on. */
export function Closing({ caseId, status, outcome, closedAt, note, followUps }: { caseId: string; status: string; outcome: string | null; closedAt: string | null; note: string | null; followUps: FollowUp[] }) {
  const { t } = useTranslation();
  const { error, errors, submit } = useCaseAction(caseId);
  const close = (data: FormData) => api('POST', `/api/v1/cases/${caseId}/close`, { outcome: data.get('outcome'), note: data.get('note') || null });
  const followUp = (data: FormData) =>
    api('POST', `/api/v1/cases/${caseId}/follow-ups`, { months: Number(data.get('months')), tenancyHolds: data.get('holds') === 'yes', note: data.get('note') || null });
  if (status === 'closed') {
    const done = new Set(followUps.map((f) => f.months));
    return (
      <>
        <h2 id="closed-title">{t('closing.closedTitle')}</h2>
        <p>{t('closing.closed', { date: closedAt?.slice(0, 10) ?? '', outcome: t(`closing.outcome.${outcome}`) })}</p>
        {note && <p className="quote">{note}</p>}
        <ul aria-labelledby="closed-title">
          {followUps.map((f) => (
            <li key={f.months}>
              {t('closing.followUpDone', { months: f.months })} {f.tenancy_holds ? t('closing.holds') : t('closing.notHolds')}
              {f.note && ` · ${f.note}`}
            </li>
          ))}
        </ul>
        {(done.size < 2) && (
          <form onSubmit={(e) => void submit(followUp)(e)} aria-labelledby="followup-title" className="narrow">
            <h3 id="followup-title">{t('closing.followUp')}</h3>
            <label htmlFor="fu-months">{t('closing.months')}</label>
            <select id="fu-months" name="months">
              {[6, 12].filter((m) => !done.has(m)).map((m) => (
                <option key={m} value={m}>
                  {t('closing.afterMonths', { months: m })}
                </option>
              ))}
            </select>
            <label htmlFor="fu-holds">{t('closing.holdsLabel')}</label>
            <select id="fu-holds" name="holds">
              <option value="yes">{t('closing.holds')}</option>
              <option value="no">{t('closing.notHolds')}</option>
            </select>
            <label htmlFor="fu-note">{t('contacts.note')}</label>
            <input id="fu-note" name="note" maxLength={2000} {...errors.input('note', 'fu-note')} />
            <FieldError errors={errors} field="note" id="fu-note" />
            {error && <p role="alert">{error}</p>}
            <button type="submit">{t('closing.saveFollowUp')}</button>
          </form>
        )}
      </>
    );
  }
  return (
    <details className="fold">
      <summary>{t('closing.title')}</summary>
      <form onSubmit={(e) => void submit(close)(e)} aria-label={t('closing.title')} className="narrow">
        <label htmlFor="cl-outcome">{t('closing.outcomeLabel')}</label>
        <select id="cl-outcome" name="outcome" required defaultValue="" {...errors.input('outcome', 'cl-outcome')}>
          <option value="" disabled>
            {t('closing.choose')}
          </option>
          {CASE_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`closing.outcome.${o}`)}
            </option>
          ))}
        </select>
        <FieldError errors={errors} field="outcome" id="cl-outcome" />
        <label htmlFor="cl-note">{t('closing.note')}</label>
        <textarea id="cl-note" name="note" rows={2} maxLength={4000} {...errors.input('note', 'cl-note')} />
        <FieldError errors={errors} field="note" id="cl-note" />
        <p className="sub">{t('closing.landlordNote')}</p>
        {error && <p role="alert">{error}</p>}
        <button type="submit">{t('closing.close')}</button>
      </form>
    </details>
  );
}
