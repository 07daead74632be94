import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, kronorToOre } from '../api.ts';
import { useCan } from '../app.tsx';
import { FieldError, useFormErrors } from '../ui/form.tsx';
import { commaList } from '../ui/forms.ts';
import type { Applicant, WaitingList } from '../../src/housing/api.ts';
import { HOMELESSNESS_SITUATIONS, INCOME_TYPES } from '../../src/housing/model.ts';

/** The waiting list for a home (issue 4 §2), and the needs assessment that puts a household on it. */
export function WaitingListPage() {
  const { t } = useTranslation();
  const canWrite = useCan('applicant.write');
  const q = useQuery({ queryKey: ['waiting-list'], queryFn: () => api<WaitingList>('GET', '/api/v1/housing/waiting-list') });
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">{t('queue.title')}</h1>
      <p className="sub">{t('queue.intro')}</p>
      {canWrite && <AssessmentForm />}
      {q.isPending && <p role="status">{t('app.loading')}</p>}
      {q.isError && <p role="alert">{t('app.error')}</p>}
      {q.data && q.data.waiting.length === 0 && <p>{t('queue.empty')}</p>}
      {q.data && q.data.waiting.length > 0 && (
        <table>
          <caption>{t('queue.caption')}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">{t('queue.priority')}</th>
              <th scope="col">{t('queue.name')}</th>
              <th scope="col">{t('queue.household')}</th>
              <th scope="col" className="num">{t('queue.minRooms')}</th>
              <th scope="col">{t('queue.situation')}</th>
              <th scope="col" className="num">{t('queue.waited')}</th>
              <th scope="col">{t('queue.assessedOn')}</th>
              {canWrite && <th scope="col">{t('queue.withdraw')}</th>}
            </tr>
          </thead>
          <tbody>
            {q.data.waiting.map((a) => (
              <tr key={a.id}>
                <td className="num">{a.priority}</td>
                <td>
                  {a.name}
                  {a.domesticViolence && <span className="tag danger">{t('queue.violence')}</span>}
                  {a.protectedIdentity && <span className="tag">{t('queue.protected')}</span>}
                </td>
                <td>{t('queue.householdText', { adults: a.adults, children: a.childrenAges.length })}</td>
                <td className="num">{a.minRooms}</td>
                <td>{t(`queue.situationShort.${a.homelessnessSituation}`)}</td>
                <td className="num">{t('queue.days', { count: a.waitingDays })}</td>
                <td>{a.assessedOn}</td>
                {canWrite && (
                  <td>
                    <WithdrawForm applicant={a} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {q.data && q.data.paused.length > 0 && (
        <table>
          <caption>{t('queue.pausedCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('queue.name')}</th>
              <th scope="col">{t('queue.pausedUntil')}</th>
              <th scope="col">{t('queue.pauseReason')}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.paused.map((a) => (
              <tr key={a.id}>
                <td>{a.name}</td>
                <td>{a.pausedUntil}</td>
                <td>{a.pauseReason ? t(`queue.declineReason.${a.pauseReason}`) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Takes a household off the waiting list, with the reason (a home of its own, moved away, no longer wants one). */
function WithdrawForm({ applicant }: { applicant: Applicant }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { errors, fail, clear } = useFormErrors();
  const label = t('queue.withdrawForm', { name: applicant.name });
  const id = `withdraw-${applicant.id}`;
  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    clear();
    try {
      await api('POST', `/api/v1/housing/applicants/${applicant.id}/withdraw`, { reason: new FormData(e.currentTarget).get('reason') });
      await queryClient.invalidateQueries({ queryKey: ['waiting-list'] });
    } catch (err) {
      fail(err);
    }
  };
  return (
    <details className="fold">
      <summary>{label}</summary>
      <form onSubmit={(e) => void save(e)} aria-label={label}>
        <label htmlFor={id}>{t('queue.withdrawReason')}</label>
        <textarea id={id} name="reason" rows={2} maxLength={2000} required {...errors.input('reason', id)} />
        <FieldError errors={errors} field="reason" id={id} />
        {errors.message && <p role="alert">{errors.message}</p>}
        <button type="submit">{t('queue.withdrawButton')}</button>
      </form>
    </details>
  );
}

/** The needs assessment (kartläggning, Jönköping). */
function AssessmentForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { errors, fail, clear } = useFormErrors();
  const [done, setDone] = useState(false);
  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const incomes = INCOME_TYPES.flatMap((type) => {
      const text = String(data.get(`income-${type}`) ?? '').trim();
      return text ? [{ type, monthly: kronorToOre(text) }] : [];
    });
    clear();
    setDone(false);
    try {
      await api('POST', '/api/v1/housing/applicants', {
        personnummer: data.get('personnummer'), name: data.get('name'), adults: Number(data.get('adults')),
        childrenAges: commaList(data.get('childrenAges')).map(Number), reason: data.get('reason'), tried: data.get('tried'), incomes,
        debts: String(data.get('debts') ?? '').trim() ? kronorToOre(String(data.get('debts'))) : 0, paymentRemarks: data.get('paymentRemarks') === 'on',
        drugFreeMonths: String(data.get('drugFree') ?? '').trim() ? Number(data.get('drugFree')) : null, supportNeeded: data.get('support'),
        protectedIdentity: data.get('protected') === 'on', domesticViolence: data.get('violence') === 'on', avoidAreas: commaList(data.get('avoidAreas')),
        needsAccessible: data.get('accessible') === 'on', minRooms: Number(data.get('minRooms')), homelessnessSituation: Number(data.get('situation')),
      });
      form.reset();
      setDone(true);
      await queryClient.invalidateQueries({ queryKey: ['waiting-list'] });
    } catch (err) {
      fail(err);
    }
  };
  return (
    <details className="fold">
      <summary>{t('queue.assess')}</summary>
      <form onSubmit={(e) => void save(e)} className="narrow" aria-label={t('queue.assess')}>
        <label htmlFor="na-pnr">{t('queue.personnummer')}</label>
        <input id="na-pnr" name="personnummer" autoComplete="off" required {...errors.input('personnummer', 'na-pnr')} />
        <FieldError errors={errors} field="personnummer" id="na-pnr" />
        <label htmlFor="na-name">{t('queue.name')}</label>
        <input id="na-name" name="name" maxLength={200} required {...errors.input('name', 'na-name')} />
        <FieldError errors={errors} field="name" id="na-name" />
        <label htmlFor="na-adults">{t('queue.adults')}</label>
        <input id="na-adults" name="adults" type="number" min={1} max={20} defaultValue={1} required />
        <label htmlFor="na-children">{t('queue.childrenAges')}</label>
        <input id="na-children" name="childrenAges" maxLength={100} />
        <label htmlFor="na-reason">{t('queue.reason')}</label>
        <textarea id="na-reason" name="reason" rows={3} maxLength={4000} required {...errors.input('reason', 'na-reason')} />
        <FieldError errors={errors} field="reason" id="na-reason" />
        <label htmlFor="na-tried">{t('queue.tried')}</label>
        <textarea id="na-tried" name="tried" rows={2} maxLength={4000} />
        <fieldset>
          <legend>{t('queue.incomes')}</legend>
          {INCOME_TYPES.map((type) => (
            <div key={type}>
              <label htmlFor={`na-income-${type}`}>{t('queue.incomeLabel', { type: t(`housing.income.${type}`) })}</label>
              <input id={`na-income-${type}`} name={`income-${type}`} inputMode="decimal" />
            </div>
          ))}
        </fieldset>
        <label htmlFor="na-debts">{t('queue.debts')}</label>
        <input id="na-debts" name="debts" inputMode="decimal" />
        <label>
          <input type="checkbox" name="paymentRemarks" /> {t('queue.paymentRemarks')}
        </label>
        <label htmlFor="na-drugfree">{t('queue.drugFree')}</label>
        <input id="na-drugfree" name="drugFree" type="number" min={0} max={600} />
        <label htmlFor="na-support">{t('queue.support')}</label>
        <textarea id="na-support" name="support" rows={2} maxLength={4000} />
        <label>
          <input type="checkbox" name="violence" /> {t('queue.violenceLabel')}
        </label>
        <label>
          <input type="checkbox" name="protected" /> {t('queue.protectedLabel')}
        </label>
        <label htmlFor="na-avoid">{t('queue.avoidAreas')}</label>
        <input id="na-avoid" name="avoidAreas" maxLength={2000} />
        <label>
          <input type="checkbox" name="accessible" /> {t('queue.accessible')}
        </label>
        <label htmlFor="na-rooms">{t('queue.minRooms')}</label>
        <input id="na-rooms" name="minRooms" type="number" min={1} max={20} defaultValue={1} required />
        <label htmlFor="na-situation">{t('queue.situation')}</label>
        <select id="na-situation" name="situation" defaultValue="1">
          {HOMELESSNESS_SITUATIONS.map((n) => (
            <option key={n} value={n}>
              {t(`queue.situationLong.${n}`)}
            </option>
          ))}
        </select>
        {errors.message && <p role="alert">{errors.message}</p>}
        {done && <p role="status">{t('queue.saved')}</p>}
        <button type="submit">{t('queue.save')}</button>
      </form>
    </details>
  );
}
