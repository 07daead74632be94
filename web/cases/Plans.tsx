import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, kr, kronorToOre } from '../api.ts';
import { serverToday } from '../ui/time.ts';
import type { AssistanceDecision, PaymentPlan as Plan, Task } from '../../src/cases/api.ts';
import { FieldError } from '../ui/form.tsx';
import { useCaseAction } from './useCaseAction.ts';



const STATUS_TAG: Record<string, string> = { kept: 'ok', late: 'warn', overdue: 'warn', broken: 'danger', active: '', pending: '', cancelled: '' };

/** Payment plans: the instalments agreed with the landlord, each checked against the ledger every day. */
export function PaymentPlans({ caseId, plans }: { caseId: string; plans: Plan[] }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState([{ dueDate: '', amount: '' }]);
  const { error, errors, run } = useCaseAction(caseId);
  const active = plans.find((p) => p.status === 'active');
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const saved = await run(() =>
      api('POST', `/api/v1/cases/${caseId}/plans`, {
        debt: kronorToOre(String(data.get('debt') ?? '')), agreedOn: data.get('agreedOn'), agreedWith: data.get('agreedWith'),
        instalments: rows.map((r) => ({ dueDate: r.dueDate, amount: kronorToOre(r.amount) })),
      }),
    );
    if (saved) setRows([{ dueDate: '', amount: '' }]);
  };
  const cancel = (planId: string) => run(() => api('POST', `/api/v1/cases/${caseId}/plans/${planId}/cancel`));
  return (
    <>
      <h2 id="plans-title">{t('plan.title')}</h2>
      {plans.length === 0 && <p>{t('plan.none')}</p>}
      <ul className="timeline" aria-labelledby="plans-title">
        {plans.map((p) => (
          <li key={p.id}>
            <strong>{t('plan.head', { debt: kr(p.debt), date: p.agreed_on, who: p.agreed_with })}</strong>{' '}
            <span className={`tag ${STATUS_TAG[p.status]}`}>{t(`plan.status.${p.status}`)}</span>
            {p.status === 'broken' && <p role="note">{t('plan.brokenOn', { date: p.broken_on })}</p>}
            <table>
              <caption>{t('plan.instalments')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('plan.dueDate')}</th>
                  <th scope="col" className="num">{t('plan.amount')}</th>
                  <th scope="col">{t('plan.state')}</th>
                </tr>
              </thead>
              <tbody>
                {p.instalments.map((i) => (
                  <tr key={i.seq}>
                    <td>{i.due_date}</td>
                    <td className="num">{kr(i.amount)}</td>
                    <td>
                      <span className={`tag ${STATUS_TAG[i.status]}`}>{t(`plan.instalment.${i.status}`)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {p.status === 'active' && (
              <button type="button" className="link" onClick={() => void cancel(p.id)}>
                {t('plan.cancel')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {error && <p role="alert">{error}</p>}
      {!active && (
        <details className="fold">
          <summary>{t('plan.new')}</summary>
          <form onSubmit={(e) => void submit(e)} aria-label={t('plan.new')} className="narrow">
            <label htmlFor="pl-debt">{t('plan.debt')}</label>
            <input id="pl-debt" name="debt" inputMode="decimal" required {...errors.input('debt', 'pl-debt')} />
            <FieldError errors={errors} field="debt" id="pl-debt" />
            <label htmlFor="pl-agreed">{t('plan.agreedOn')}</label>
            <input id="pl-agreed" name="agreedOn" type="date" defaultValue={serverToday()} required {...errors.input('agreedOn', 'pl-agreed')} />
            <FieldError errors={errors} field="agreedOn" id="pl-agreed" />
            <label htmlFor="pl-with">{t('plan.agreedWith')}</label>
            <input id="pl-with" name="agreedWith" maxLength={200} required {...errors.input('agreedWith', 'pl-with')} />
            <FieldError errors={errors} field="agreedWith" id="pl-with" />
            <fieldset>
              <legend>{t('plan.instalments')}</legend>
              {rows.map((r, n) => (
                <div key={n} className="filters">
                  <div>
                    <label htmlFor={`pl-due-${n}`}>{t('plan.dueDateN', { n: n + 1 })}</label>
                    <input id={`pl-due-${n}`} type="date" value={r.dueDate} required onChange={(e) => setRows(rows.map((x, i) => (i === n ? { ...x, dueDate: e.target.value } : x)))} />
                  </div>
                  <div>
                    <label htmlFor={`pl-amount-${n}`}>{t('plan.amountN', { n: n + 1 })}</label>
                    <input id={`pl-amount-${n}`} inputMode="decimal" value={r.amount} required onChange={(e) => setRows(rows.map((x, i) => (i === n ? { ...x, amount: e.target.value } : x)))} />
                  </div>
                </div>
              ))}
              <button type="button" className="link" onClick={() => setRows([...rows, { dueDate: '', amount: '' }])}>
                {t('plan.addRow')}
              </button>
            </fieldset>
            <p className="sub">{t('plan.checkNote')}</p>
            <button type="submit">{t('plan.save')}</button>
          </form>
        </details>
      )}
    </>
  );
}

/** The case's tasks, with a way to add one and to mark one done. */
export function CaseTasks({ caseId, tasks }: { caseId: string; tasks: Task[] }) {
  const { t } = useTranslation();
  const { error, errors, run, submit } = useCaseAction(caseId);
  const add = (data: FormData) => api('POST', `/api/v1/cases/${caseId}/tasks`, { title: data.get('title'), dueOn: data.get('dueOn') });
  return (
    <>
      <h2 id="tasks-title">{t('tasks.title')}</h2>
      {tasks.length === 0 && <p>{t('tasks.none')}</p>}
      <ul className="timeline" aria-labelledby="tasks-title">
        {tasks.map((k) => (
          <li key={k.id}>
            <strong>{k.title}</strong> · {t('tasks.due', { date: k.due_on })}
            {k.assigned_name && ` · ${k.assigned_name}`}
            {k.done_at ? (
              <span className="tag ok">{t('tasks.done')}</span>
            ) : (
              <button type="button" className="link" onClick={() => void run(() => api('POST', `/api/v1/tasks/${k.id}/done`))}>
                {t('tasks.markDone')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {error && <p role="alert">{error}</p>}
      <form onSubmit={(e) => void submit(add)(e)} className="inline" aria-label={t('tasks.add')}>
        <label htmlFor="task-title">{t('tasks.what')}</label>
        <input id="task-title" name="title" maxLength={300} required {...errors.input('title', 'task-title')} />
        <FieldError errors={errors} field="title" id="task-title" />
        <label htmlFor="task-due">{t('tasks.dueOn')}</label>
        <input id="task-due" name="dueOn" type="date" required {...errors.input('dueOn', 'task-due')} />
        <FieldError errors={errors} field="dueOn" id="task-due" />
        <button type="submit">{t('tasks.add')}</button>
      </form>
    </>
  );
}


/** Decisions on social assistance towards the rent (SoL 4 kap 1 §). */
export function AssistanceDecisions({ caseId, decisions }: { caseId: string; decisions: AssistanceDecision[] }) {
  const { t } = useTranslation();
  const { error, errors, submit } = useCaseAction(caseId);
  const [granted, setGranted] = useState(true);
  const record = (data: FormData) =>
    api('POST', `/api/v1/cases/${caseId}/assistance-decisions`, {
      decidedOn: data.get('decidedOn'), granted,
      ...(granted ? { rentAmount: kronorToOre(String(data.get('amount') ?? '')), periodFrom: data.get('from'), periodUntil: data.get('until') } : {}),
      note: data.get('note') || null,
    });
  return (
    <>
      <h2 id="assistance-title">{t('assistance.title')}</h2>
      {decisions.length === 0 && <p>{t('assistance.none')}</p>}
      <ul className="timeline" aria-labelledby="assistance-title">
        {decisions.map((d) => (
          <li key={d.id}>
            <strong>{d.decided_on}</strong> ·{' '}
            {d.granted ? t('assistance.granted', { amount: kr(d.rent_amount ?? 0), from: d.period_from, until: d.period_until }) : t('assistance.refused')}
            {d.note && <p className="quote">{d.note}</p>}
            <div className="sub">{d.created_by_name}</div>
          </li>
        ))}
      </ul>
      <details className="fold">
        <summary>{t('assistance.record')}</summary>
        <form onSubmit={(e) => void submit(record)(e)} aria-label={t('assistance.record')} className="narrow">
          <label htmlFor="as-date">{t('assistance.decidedOn')}</label>
          <input id="as-date" name="decidedOn" type="date" defaultValue={serverToday()} required {...errors.input('decidedOn', 'as-date')} />
          <FieldError errors={errors} field="decidedOn" id="as-date" />
          <label>
            <input type="checkbox" checked={granted} onChange={(e) => setGranted(e.target.checked)} /> {t('assistance.grantedLabel')}
          </label>
          {granted && (
            <>
              <label htmlFor="as-amount">{t('assistance.amount')}</label>
              <input id="as-amount" name="amount" inputMode="decimal" required {...errors.input('rentAmount', 'as-amount')} />
              <FieldError errors={errors} field="rentAmount" id="as-amount" />
              <label htmlFor="as-from">{t('assistance.from')}</label>
              <input id="as-from" name="from" type="date" required {...errors.input('periodFrom', 'as-from')} />
              <FieldError errors={errors} field="periodFrom" id="as-from" />
              <label htmlFor="as-until">{t('assistance.until')}</label>
              <input id="as-until" name="until" type="date" required {...errors.input('periodUntil', 'as-until')} />
              <FieldError errors={errors} field="periodUntil" id="as-until" />
            </>
          )}
          <label htmlFor="as-note">{t('closing.note')}</label>
          <input id="as-note" name="note" maxLength={2000} {...errors.input('note', 'as-note')} />
          <FieldError errors={errors} field="note" id="as-note" />
          {error && <p role="alert">{error}</p>}
          <button type="submit">{t('assistance.save')}</button>
        </form>
      </details>
    </>
  );
}
