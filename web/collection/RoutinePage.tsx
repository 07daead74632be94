import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ArrearsSharingForm } from './ReviewPage.tsx';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useCan } from '../app.tsx';
import { serverToday } from '../ui/time.ts';
import type { RoutinePreview, RoutineWithTemplates, SavedRoutine } from '../../src/collection/api.ts';
import { STEP_ACTIONS, STEP_ACTORS } from '../../src/collection/model.ts';

type Routine = RoutineWithTemplates['routine'] | SavedRoutine['routine'];
type Step = Routine['steps'][number];
type Timing = Step['timing'];

const NUMBER_CONDITIONS = ['minAmount', 'minMonthsOwed', 'maxTenantAge', 'minTenantAge', 'noContactForDays'] as const;
const BOOLEAN_CONDITIONS = ['childrenInHousehold', 'collectionDemandSent'] as const;

/** The month after the server's today (YYYY-MM): the rent month the preview starts on. */
function nextMonth(): string {
  const [y, m] = serverToday().split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function RoutinePage() {
  const { t } = useTranslation();
  const canEdit = useCan('routine.edit');
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['routine'], staleTime: 0, refetchOnMount: 'always', queryFn: () => api<RoutineWithTemplates>('GET', '/api/v1/routine') });
  const [routine, setRoutine] = useState<Routine | null>(null);
  const [month, setMonth] = useState(nextMonth());
  const [preview, setPreview] = useState<RoutinePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [template, setTemplate] = useState('');

  // The form starts from what the server has now, not from a cached copy.
  useEffect(() => {
    if (q.data && q.isFetchedAfterMount && !routine) setRoutine(q.data.routine);
  }, [q.data, q.isFetchedAfterMount, routine]);

  useEffect(() => {
    if (!routine || !/^\d{4}-\d{2}$/.test(month)) return;
    const body = { dueMonth: month, routine: { name: routine.name, templateKey: routine.templateKey, steps: routine.steps } };
    const timer = setTimeout(() => {
      api<RoutinePreview>('POST', '/api/v1/routine/preview', body).then(
        (p) => {
          setPreview(p);
          setError(null);
        },
        (e: Error) => {
          setPreview(null);
          setError(e.message);
        },
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [routine, month]);

  const save = useMutation({
    mutationFn: () => api<SavedRoutine>('PUT', '/api/v1/routine', { name: routine!.name, templateKey: routine!.templateKey, steps: routine!.steps }),
    onSuccess: (saved) => {
      // What the page shows says at once that the landlord now has its own routine, not after the refetch.
      queryClient.setQueryData<RoutineWithTemplates>(['routine'], (old) =>
        old ? { ...old, routine: { ...saved.routine, isDefault: false } } : old,
      );
      setMessage(t('routine.saved'));
      setError(null);
      void queryClient.invalidateQueries({ queryKey: ['routine'] });
    },
    onError: (e: Error) => {
      setMessage(null);
      setError(e.message);
    },
  });

  if (!routine) return <p role="status">{t('app.loading')}</p>;
  const update = (i: number, change: Partial<Step>) => setRoutine({ ...routine, steps: routine.steps.map((s, j) => (j === i ? { ...s, ...change } : s)) });
  const setCondition = (i: number, key: keyof Step['conditions'], value: number | boolean | undefined) => {
    const conditions = { ...routine.steps[i]!.conditions, [key]: value };
    if (value === undefined || value === false) delete conditions[key];
    update(i, { conditions });
  };
  const adopt = async () => {
    if (!template) return;
    const r = await api<SavedRoutine>('GET', `/api/v1/routine/templates/${template}`);
    setRoutine(r.routine);
  };

  return (
    <section aria-labelledby="routine-title">
      <h1 id="routine-title">{t('routine.title')}</h1>
      {q.data?.routine.isDefault && <p className="note">{t('routine.isDefault')}</p>}
      {!canEdit && <p className="note">{t('routine.readOnly')}</p>}
      {canEdit && (
        <div className="filters">
          <div>
            <label htmlFor="r-template">{t('routine.template')}</label>
            <select id="r-template" value={template} onChange={(e) => setTemplate(e.target.value)}>
              <option value="">–</option>
              {q.data?.templates.map((tp) => (
                <option key={tp.key} value={tp.key}>{tp.name}</option>
              ))}
            </select>
          </div>
          <button type="button" className="secondary" onClick={() => void adopt()} disabled={!template}>{t('routine.adopt')}</button>
        </div>
      )}
      <div>
        <label htmlFor="r-name">{t('routine.name')}</label>
        <input id="r-name" value={routine.name} disabled={!canEdit} onChange={(e) => setRoutine({ ...routine, name: e.target.value })} />
      </div>
      <h2>{t('routine.steps')}</h2>
      <ol className="steps-editor">
        {routine.steps.map((s, i) => {
          const id = `s${i}`;
          return (
            <li key={i} className="card">
              <fieldset disabled={!canEdit}>
                <legend>{s.label || s.key}</legend>
                <div className="grid">
                  <div>
                    <label htmlFor={`${id}-label`}>{t('routine.label')}</label>
                    <input id={`${id}-label`} value={s.label} onChange={(e) => update(i, { label: e.target.value })} />
                  </div>
                  <div>
                    <label htmlFor={`${id}-key`}>{t('routine.key')}</label>
                    <input id={`${id}-key`} value={s.key} onChange={(e) => update(i, { key: e.target.value })} />
                  </div>
                  <div>
                    <label htmlFor={`${id}-kind`}>{t('routine.kind')}</label>
                    <select
                      id={`${id}-kind`}
                      value={s.timing.kind}
                      onChange={(e) => {
                        const kind = e.target.value as Timing['kind'];
                        const base = s.timing.kind === 'window' ? s.timing.from : s.timing.day;
                        update(i, { timing: kind === 'window' ? { kind, from: base, to: base + 5 } : { kind, day: base } });
                      }}
                    >
                      {(['bank_day', 'calendar_day', 'window'] as const).map((k) => (
                        <option key={k} value={k}>{t(`routine.${k}`)}</option>
                      ))}
                    </select>
                  </div>
                  {s.timing.kind === 'window' ? (
                    <>
                      <div>
                        <label htmlFor={`${id}-from`}>{t('routine.from')}</label>
                        <input id={`${id}-from`} type="number" value={s.timing.from} onChange={(e) => update(i, { timing: { ...(s.timing as { kind: 'window'; from: number; to: number }), from: Number(e.target.value) } })} />
                      </div>
                      <div>
                        <label htmlFor={`${id}-to`}>{t('routine.to')}</label>
                        <input id={`${id}-to`} type="number" value={s.timing.to} onChange={(e) => update(i, { timing: { ...(s.timing as { kind: 'window'; from: number; to: number }), to: Number(e.target.value) } })} />
                      </div>
                    </>
                  ) : (
                    <div>
                      <label htmlFor={`${id}-day`}>{t('routine.day')}</label>
                      <input id={`${id}-day`} type="number" value={s.timing.day} onChange={(e) => update(i, { timing: { kind: s.timing.kind, day: Number(e.target.value) } as Timing })} />
                    </div>
                  )}
                  <div>
                    <label htmlFor={`${id}-action`}>{t('routine.action')}</label>
                    <select id={`${id}-action`} value={s.action} onChange={(e) => update(i, { action: e.target.value as Step['action'] })}>
                      {STEP_ACTIONS.map((a) => (
                        <option key={a} value={a}>{t(`actions.${a}`)}</option>
                      ))}
                    </select>
                  </div>
                  <div>
                    <label htmlFor={`${id}-actor`}>{t('routine.actor')}</label>
                    <select id={`${id}-actor`} value={s.actor} onChange={(e) => update(i, { actor: e.target.value as Step['actor'] })}>
                      {STEP_ACTORS.map((a) => (
                        <option key={a} value={a}>{t(`actors.${a}`)}</option>
                      ))}
                    </select>
                  </div>
                </div>
                <details>
                  <summary>{t('routine.conditions')}</summary>
                  <div className="grid">
                    {NUMBER_CONDITIONS.map((c) => (
                      <div key={c}>
                        <label htmlFor={`${id}-${c}`}>{t(`routine.${c}`)}</label>
                        <input
                          id={`${id}-${c}`}
                          type="number"
                          min={0}
                          value={s.conditions[c] === undefined ? '' : c === 'minAmount' ? Number(s.conditions[c]) / 100 : Number(s.conditions[c])}
                          onChange={(e) =>
                            setCondition(i, c, e.target.value === '' ? undefined : c === 'minAmount' ? Math.round(Number(e.target.value) * 100) : Number(e.target.value))
                          }
                        />
                      </div>
                    ))}
                    {BOOLEAN_CONDITIONS.map((c) => (
                      <div key={c} className="check">
                        <input id={`${id}-${c}`} type="checkbox" checked={s.conditions[c] === true} onChange={(e) => setCondition(i, c, e.target.checked)} />
                        <label htmlFor={`${id}-${c}`}>{t(`routine.${c}`)}</label>
                      </div>
                    ))}
                  </div>
                </details>
                <button type="button" className="secondary" onClick={() => setRoutine({ ...routine, steps: routine.steps.filter((_, j) => j !== i) })}>
                  {t('routine.remove')}
                </button>
              </fieldset>
            </li>
          );
        })}
      </ol>
      {canEdit && (
        <div className="toolbar">
          <button
            type="button"
            className="secondary"
            onClick={() =>
              setRoutine({
                ...routine,
                steps: [...routine.steps, { key: `step_${routine.steps.length + 1}`, label: '', timing: { kind: 'bank_day', day: 10 }, action: 'call', actor: 'landlord', conditions: {} }],
              })
            }
          >
            {t('routine.addStep')}
          </button>
          <button type="button" onClick={() => save.mutate()} disabled={save.isPending}>{t('routine.save')}</button>
        </div>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      <p role="status" className="message">{message}</p>
      <h2>
        <label htmlFor="r-month">{t('routine.previewMonth')}</label>
      </h2>
      <input id="r-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
      {preview && (
        <table className="preview">
          <caption>{t('routine.preview', { month, due: preview.dueDate })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('routine.label')}</th>
              <th scope="col">{t('routine.date')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.steps.map((s) => (
              <tr key={s.key} data-step={s.key}>
                <td>{s.label}</td>
                <td>{'date' in s ? s.date : `${s.from} – ${s.to}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && q.data && <ArrearsSharingForm steps={q.data.routine.steps} />}
    </section>
  );
}
