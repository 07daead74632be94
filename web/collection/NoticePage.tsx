import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, kr } from '../api.ts';
import { useCan, useMe } from '../app.tsx';
import { FieldError, useFormErrors } from '../ui/form.tsx';
import type { NoticeList, OneNotice, TenancyNotices as NoticesOfTenancy } from '../../src/collection/api.ts';

/** The landlord's sent notices, or social services' inbox of received ones. */
export function NoticesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const q = useQuery({ queryKey: ['notices'], queryFn: () => api<NoticeList>('GET', '/api/v1/notices') });
  const isBoard = me.organisation.kind === 'municipality';
  return (
    <section aria-labelledby="notices-title">
      <h1 id="notices-title">{isBoard ? t('notice.inbox') : t('notice.sent')}</h1>
      {q.isPending && <p role="status">{t('app.loading')}</p>}
      {q.data?.notices.length === 0 && <p>{t('notice.empty')}</p>}
      {q.data && q.data.notices.length > 0 && (
        <table>
          <caption>{isBoard ? t('notice.inbox') : t('notice.sent')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('worklist.tenant')}</th>
              {isBoard && <th scope="col">{t('notice.landlord')}</th>}
              <th scope="col">{t('notice.terminated')}</th>
              <th scope="col" className="num">{t('worklist.owed')}</th>
              <th scope="col">{t('notice.deadline')}</th>
              <th scope="col">{t('notice.status')}</th>
              <th scope="col">PDF</th>
            </tr>
          </thead>
          <tbody>
            {q.data.notices.map((n) => (
              <tr key={n.id}>
                <td>
                  {n.tenant_name ?? n.contract_number}
                  <div className="sub">{n.address}</div>
                  {(n.children ?? 0) > 0 && <span className="tag">{t('reasons.children')}</span>}
                </td>
                {isBoard && <td>{n.landlord_name}</td>}
                <td>
                  {n.termination_date} · {t(`notice.reasons.${n.reason}`)}
                </td>
                <td className="num">{kr(n.amount_owed)}</td>
                <td>
                  {!n.recovery_right ? <span className="tag warn">{t('worklist.noRecovery')}</span> : (n.recovery_deadline ?? t('notice.notServed'))}
                </td>
                <td>{t(`notice.statuses.${n.status}`)}</td>
                <td>
                  <a href={`/api/v1/notices/${n.id}/pdf`} target="_blank" rel="noreferrer">
                    {t('notice.open')} <span className="visually-hidden">{n.tenant_name ?? n.contract_number}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** On the tenancy page: create the notice (checked against the ledger) and record service on the tenant. */
export function TenancyNotices({ tenancyId, owed }: { tenancyId: string; owed: number }) {
  const { t } = useTranslation();
  const canCreate = useCan('notice.create');
  const queryClient = useQueryClient();
  const { errors, fail, clear } = useFormErrors();
  const [message, setMessage] = useState<string | null>(null);
  const q = useQuery({ queryKey: ['notices', tenancyId], queryFn: () => api<NoticesOfTenancy>('GET', `/api/v1/tenancies/${tenancyId}/notices`) });
  const mine = q.data?.notices ?? [];
  const create = useMutation({
    mutationFn: (body: object) => api<OneNotice>('POST', '/api/v1/notices', body),
    onMutate: clear,
    onSuccess: (r) => {
      setMessage(r.notice.delivered_to_board ? t('notice.created', { date: r.notice.delivered_to_board }) : t('notice.createdNotDelivered'));
      void queryClient.invalidateQueries({ queryKey: ['notices'] });
    },
    onError: (e: Error) => {
      setMessage(null);
      fail(e);
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const amount = String(f.get('amount') ?? '').replace(/[\s\u00a0]/g, '').replace(',', '.');
    create.mutate({
      tenancyId,
      reason: f.get('reason'),
      terminationDate: f.get('terminationDate'),
      amountOwed: amount === '' ? 0 : Math.round(Number(amount) * 100),
      servedOnTenant: f.get('served') || null,
    });
  };
  return (
    <section aria-labelledby="notice-title" className="card">
      <h2 id="notice-title">{t('notice.title')}</h2>
      {mine.map((n) => (
        <div key={n.id} className="notice">
          <p>
            {t('notice.summary', { date: n.termination_date, amount: kr(n.amount_owed), delivered: n.delivered_to_board })}{' '}
            <a href={`/api/v1/notices/${n.id}/pdf`} target="_blank" rel="noreferrer">{t('notice.open')}</a>
          </p>
          {n.recovery_deadline && (
            <p className="note">{t('notice.deadlineText', { deadline: n.recovery_deadline, eviction: n.earliest_eviction_decision })}</p>
          )}
          {!n.recovery_right && <p className="note">{t('worklist.noRecovery')}</p>}
          {n.status === 'recovered' && <p className="success">{t('notice.statuses.recovered')}</p>}
          {!n.delivered_to_board && <p className="note">{t('notice.notDelivered')}</p>}
          {canCreate && n.status === 'delivered' && (!n.served_on_tenant || !n.delivered_to_board) && <NoticeDates notice={n} />}
        </div>
      ))}
      {canCreate && (
        <form onSubmit={submit} aria-labelledby="notice-new">
          <h3 id="notice-new">{t('notice.create')}</h3>
          <div className="grid">
            <div>
              <label htmlFor="n-reason">{t('notice.reason')}</label>
              <select id="n-reason" name="reason" defaultValue="arrears" {...errors.input('reason', 'n-reason')}>
                {['arrears', 'disturbance', 'neglect'].map((r) => (
                  <option key={r} value={r}>{t(`notice.reasons.${r}`)}</option>
                ))}
              </select>
              <FieldError errors={errors} field="reason" id="n-reason" />
            </div>
            <div>
              <label htmlFor="n-date">{t('notice.terminationDate')}</label>
              <input id="n-date" name="terminationDate" type="date" required {...errors.input('terminationDate', 'n-date')} />
              <FieldError errors={errors} field="terminationDate" id="n-date" />
            </div>
            <div>
              <label htmlFor="n-amount">{t('notice.amount')}</label>
              <input id="n-amount" name="amount" inputMode="decimal" defaultValue={owed > 0 ? (owed / 100).toFixed(2).replace('.', ',') : ''} {...errors.input('amountOwed', 'n-amount')} />
              <FieldError errors={errors} field="amountOwed" id="n-amount" />
            </div>
            <div>
              <label htmlFor="n-served">{t('notice.servedOn')}</label>
              <input id="n-served" name="served" type="date" {...errors.input('servedOnTenant', 'n-served')} />
              <FieldError errors={errors} field="servedOnTenant" id="n-served" />
            </div>
          </div>
          {errors.message && <p role="alert" className="error">{errors.message}</p>}
          <p role="status" className="message">{message}</p>
          <button type="submit" disabled={create.isPending}>{t('notice.submit')}</button>
        </form>
      )}
    </section>
  );
}

/** Record the day a sent notice was served on the tenant, or delivered to the board, on one notice. */
function NoticeDates({ notice: n }: { notice: NoticesOfTenancy['notices'][number] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { errors, fail, clear } = useFormErrors();
  const served = useMutation({
    mutationFn: (dates: { servedOnTenant?: string; deliveredToBoard?: string }) => api('PUT', `/api/v1/notices/${n.id}/dates`, dates),
    onMutate: clear,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['notices'] }),
    onError: fail,
  });
  const servedId = `served-${n.id}`;
  const deliveredId = `delivered-${n.id}`;
  return (
    <form
      className="filters"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const dates: { servedOnTenant?: string; deliveredToBoard?: string } = {};
        if (f.get('servedOn')) dates.servedOnTenant = String(f.get('servedOn'));
        if (f.get('deliveredOn')) dates.deliveredToBoard = String(f.get('deliveredOn'));
        served.mutate(dates);
      }}
    >
      {!n.served_on_tenant && (
        <div>
          <label htmlFor={servedId}>{t('notice.servedOn')}</label>
          <input id={servedId} name="servedOn" type="date" {...errors.input('servedOnTenant', servedId)} />
          <FieldError errors={errors} field="servedOnTenant" id={servedId} />
        </div>
      )}
      {!n.delivered_to_board && (
        <div>
          <label htmlFor={deliveredId}>{t('notice.deliveredOn')}</label>
          <input id={deliveredId} name="deliveredOn" type="date" {...errors.input('deliveredToBoard', deliveredId)} />
          <FieldError errors={errors} field="deliveredToBoard" id={deliveredId} />
        </div>
      )}
      <button type="submit" className="secondary">{t('notice.recordServed')}</button>
      {errors.message && <p role="alert" className="error">{errors.message}</p>}
    </form>
  );
}
