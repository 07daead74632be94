// The municipality's housing ladder, edited by the housing coordinator (issue 4 §4): each step's contract
// form, name, trial period, conditions to step up, who decides, whether families with children skip it
// and the months of rent the municipality guarantees. The server checks each form's rules and names the
// step and field of anything wrong.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { FieldError, useFormErrors } from '../ui/form.tsx';
import type { LadderStep as SavedStep } from '../../src/housing/contract-api.ts';
import { CONTRACT_FORM_KINDS, type ContractForm, type Decider, DECIDERS, STEP_CONDITION_KINDS } from '../../src/housing/model.ts';

/** A step as the editor holds it: the saved step without its id (the server keeps each position's). */
type LadderStep = Omit<SavedStep, 'id'>;

const blankStep = (position: number): LadderStep => ({
  position, form: 'social_contract', name: '', trialMonths: 12, conditions: ['no_disturbance', 'no_late_rent'], decidedBy: 'social_services', childrenMaySkip: false, guaranteeMonths: null,
});

const monthsOrNull = (text: string) => (text.trim() === '' ? null : Number(text));

export function LadderEditor({ steps: saved }: { steps: LadderStep[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [steps, setSteps] = useState<LadderStep[]>(saved.map((s) => ({ ...s })));
  const { errors, fail, clear } = useFormErrors();
  const [done, setDone] = useState(false);
  const change = (i: number, patch: Partial<LadderStep>) => setSteps((all) => all.map((s, n) => (n === i ? { ...s, ...patch } : s)));
  const renumber = (all: LadderStep[]) => all.map((s, n) => ({ ...s, position: n + 1 }));
  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    clear();
    setDone(false);
    try {
      await api('PUT', '/api/v1/housing/ladder', { steps });
      setDone(true);
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['ladder'] }), queryClient.invalidateQueries({ queryKey: ['contracts'] })]);
    } catch (err) {
      fail(err);
    }
  };
  const label = t('ladder.edit');
  return (
    <details className="fold">
      <summary>{label}</summary>
      <form onSubmit={(e) => void save(e)} aria-label={label}>
        <p className="sub">{t('ladder.intro')}</p>
        {steps.map((s, i) => (
          <fieldset key={i}>
            <legend>{t('ladder.step', { n: i + 1 })}</legend>
            <label htmlFor={`step-form-${i}`}>{t('ladder.form')}</label>
            <select id={`step-form-${i}`} value={s.form} onChange={(e) => change(i, { form: e.target.value as ContractForm })} {...errors.input(`steps[${i}].form`, `step-form-${i}`)}>
              {CONTRACT_FORM_KINDS.map((f) => (
                <option key={f} value={f}>
                  {t(`ladder.forms.${f}`)}
                </option>
              ))}
            </select>
            <FieldError errors={errors} field={`steps[${i}].form`} id={`step-form-${i}`} />
            <label htmlFor={`step-name-${i}`}>{t('ladder.name')}</label>
            <input id={`step-name-${i}`} value={s.name} maxLength={200} onChange={(e) => change(i, { name: e.target.value })} {...errors.input(`steps[${i}].name`, `step-name-${i}`)} />
            <FieldError errors={errors} field={`steps[${i}].name`} id={`step-name-${i}`} />
            <label htmlFor={`step-trial-${i}`}>{t('ladder.trialMonths')}</label>
            <input
              id={`step-trial-${i}`}
              type="number"
              min={1}
              max={60}
              value={s.trialMonths ?? ''}
              onChange={(e) => change(i, { trialMonths: monthsOrNull(e.target.value) })}
              {...errors.input(`steps[${i}].trialMonths`, `step-trial-${i}`)}
            />
            <FieldError errors={errors} field={`steps[${i}].trialMonths`} id={`step-trial-${i}`} />
            <fieldset>
              <legend>{t('contracts.conditions')}</legend>
              {STEP_CONDITION_KINDS.map((c) => (
                <label key={c}>
                  <input
                    type="checkbox"
                    checked={s.conditions.includes(c)}
                    onChange={(e) => change(i, { conditions: e.target.checked ? [...s.conditions, c] : s.conditions.filter((x) => x !== c) })}
                  />{' '}
                  {t(`contracts.condition.${c}`)}
                </label>
              ))}
              <FieldError errors={errors} field={`steps[${i}].conditions`} id={`step-conditions-${i}`} />
            </fieldset>
            <label htmlFor={`step-decider-${i}`}>{t('ladder.decidedBy')}</label>
            <select id={`step-decider-${i}`} value={s.decidedBy} onChange={(e) => change(i, { decidedBy: e.target.value as Decider })}>
              {DECIDERS.map((d) => (
                <option key={d} value={d}>
                  {t(`ladder.deciders.${d}`)}
                </option>
              ))}
            </select>
            <label>
              <input type="checkbox" checked={s.childrenMaySkip} onChange={(e) => change(i, { childrenMaySkip: e.target.checked })} /> {t('ladder.childrenMaySkip')}
            </label>
            <label htmlFor={`step-guarantee-${i}`}>{t('ladder.guaranteeMonths')}</label>
            <input
              id={`step-guarantee-${i}`}
              type="number"
              min={1}
              max={24}
              value={s.guaranteeMonths ?? ''}
              onChange={(e) => change(i, { guaranteeMonths: monthsOrNull(e.target.value) })}
              {...errors.input(`steps[${i}].guaranteeMonths`, `step-guarantee-${i}`)}
            />
            <FieldError errors={errors} field={`steps[${i}].guaranteeMonths`} id={`step-guarantee-${i}`} />
            <button type="button" onClick={() => setSteps((all) => renumber(all.filter((_, n) => n !== i)))}>
              {t('ladder.remove', { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        <button type="button" onClick={() => setSteps((all) => renumber([...all.slice(0, -1), blankStep(all.length), ...all.slice(-1)]))}>
          {t('ladder.add')}
        </button>
        {errors.message && <p role="alert">{errors.message}</p>}
        {done && <p role="status">{t('ladder.saved')}</p>}
        <button type="submit">{t('ladder.save')}</button>
      </form>
    </details>
  );
}
