import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useCan } from '../app.tsx';
import { FieldError, useFormErrors } from '../ui/form.tsx';
import type { KfmApplicationAnswer, KfmApplicationKept, KfmApplicationsAnswer } from '../../src/collection/api.ts';

/**
 * The landlord's own record of its applications to Kronofogden for one tenancy (issue 14 §1): the day it
 * applied, and the day it withdrew or the eviction was carried out. What the board's figures count.
 */
export function KfmApplications({ tenancyId }: { tenancyId: string }) {
  const { t } = useTranslation();
  const canRecord = useCan('kfm.export');
  const queryClient = useQueryClient();
  const key = ['kfm-applications', tenancyId];
  const q = useQuery({ queryKey: key, queryFn: () => api<KfmApplicationsAnswer>('GET', `/api/v1/tenancies/${tenancyId}/kfm-applications`) });
  const { errors, fail, clear } = useFormErrors();
  const [message, setMessage] = useState<string | null>(null);
  const record = useMutation({
    mutationFn: (body: object) => api<KfmApplicationKept>('POST', `/api/v1/tenancies/${tenancyId}/kfm-applications`, body),
    onMutate: () => {
      clear();
      setMessage(null);
    },
    onSuccess: (r) => {
      setMessage(r.created ? t('kfmApplication.recorded') : t('kfmApplication.already'));
      void queryClient.invalidateQueries({ queryKey: key });
    },
    onError: fail,
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    record.mutate({ appliedOn: String(f.get('appliedOn') ?? ''), caseNumber: String(f.get('caseNumber') ?? '') || null });
  };
  const applications = q.data?.applications ?? [];
  return (
    <section aria-labelledby="kfm-applications-title">
      <h2 id="kfm-applications-title">{t('kfmApplication.title')}</h2>
      {q.isSuccess && applications.length === 0 && <p>{t('kfmApplication.none')}</p>}
      {applications.length > 0 && (
        <ul className="plain">
          {applications.map((a) => (
            <li key={a.id}>
              <Application application={a} canRecord={canRecord} onChanged={() => void queryClient.invalidateQueries({ queryKey: key })} />
            </li>
          ))}
        </ul>
      )}
      {canRecord && (
        <form onSubmit={submit} aria-labelledby="kfm-applications-record" noValidate>
          <h3 id="kfm-applications-record">{t('kfmApplication.record')}</h3>
          <label htmlFor="ka-on">{t('kfmApplication.appliedOn')}</label>
          <input id="ka-on" name="appliedOn" type="date" required {...errors.input('appliedOn', 'ka-on')} />
          <FieldError errors={errors} field="appliedOn" id="ka-on" />
          <label htmlFor="ka-case">{t('kfmApplication.caseNumber')}</label>
          <input id="ka-case" name="caseNumber" maxLength={40} {...errors.input('caseNumber', 'ka-case')} />
          <FieldError errors={errors} field="caseNumber" id="ka-case" />
          {errors.message && <p role="alert">{errors.message}</p>}
          {message && <p role="status">{message}</p>}
          <button type="submit" disabled={record.isPending}>{t('kfmApplication.save')}</button>
        </form>
      )}
    </section>
  );
}

function Application({ application: a, canRecord, onChanged }: { application: KfmApplicationAnswer; canRecord: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const { errors, fail, clear } = useFormErrors();
  const [end, setEnd] = useState<'withdrawnOn' | 'carriedOutOn'>('withdrawnOn');
  const save = useMutation({
    mutationFn: (body: object) => api<KfmApplicationAnswer>('PUT', `/api/v1/kfm-applications/${a.id}`, body),
    onMutate: clear,
    onSuccess: onChanged,
    onError: fail,
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const day = String(new FormData(e.currentTarget).get('day') ?? '');
    save.mutate({ withdrawnOn: end === 'withdrawnOn' ? day : null, carriedOutOn: end === 'carriedOutOn' ? day : null });
  };
  const id = `ka-${a.id}`;
  const ended = a.withdrawnOn ? t('kfmApplication.withdrawn', { date: a.withdrawnOn }) : a.carriedOutOn ? t('kfmApplication.carriedOut', { date: a.carriedOutOn }) : t('kfmApplication.pending');
  return (
    <>
      {t('kfmApplication.applied', { date: a.appliedOn })}
      {a.caseNumber ? ` · ${t('kfmApplication.case', { number: a.caseNumber })}` : ''} · {ended}
      {canRecord && !a.withdrawnOn && !a.carriedOutOn && (
        <form onSubmit={submit} aria-label={t('kfmApplication.endFor', { date: a.appliedOn })} className="inline" noValidate>
          <label htmlFor={`${id}-end`}>{t('kfmApplication.how')}</label>
          <select id={`${id}-end`} value={end} onChange={(e) => setEnd(e.target.value as typeof end)}>
            <option value="withdrawnOn">{t('kfmApplication.howWithdrawn')}</option>
            <option value="carriedOutOn">{t('kfmApplication.howCarriedOut')}</option>
          </select>
          <label htmlFor={`${id}-day`}>{t('kfmApplication.day')}</label>
          <input id={`${id}-day`} name="day" type="date" required {...errors.input(end, `${id}-day`)} />
          <FieldError errors={errors} field={end} id={`${id}-day`} />
          <button type="submit" disabled={save.isPending}>{t('kfmApplication.saveEnd')}</button>
        </form>
      )}
    </>
  );
}
