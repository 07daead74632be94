import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, kr } from '../api.ts';
import { useCan } from '../app.tsx';
import { ReferralForm } from '../cases/ReferralForm.tsx';
import { FieldError, useFormErrors } from '../ui/form.tsx';
import { TenancyNotices } from '../collection/NoticePage.tsx';
import { KfmApplications } from '../collection/KfmApplications.tsx';
import type { Tenancies, TenancyDetail } from '../../src/ledger/api.ts';
import type { OutreachLog, OutreachLogged } from '../../src/collection/api.ts';
import { OUTREACH_OUTCOMES } from '../../src/collection/model.ts';
import { NonpaymentFields, nonpaymentOf } from '../collection/NonpaymentFields.tsx';

export function TenanciesPage() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const q = useQuery({
    queryKey: ['tenancies', search],
    queryFn: () => api<Tenancies>('GET', `/api/v1/tenancies?q=${encodeURIComponent(search)}`),
  });
  return (
    <section aria-labelledby="tenancies-title">
      <h1 id="tenancies-title">{t('nav.tenancies')}</h1>
      <form
        role="search"
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(text);
        }}
      >
        <div>
          <label htmlFor="tenancy-search">{t('tenancy.search')}</label>
          <input id="tenancy-search" type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <button type="submit">{t('tenancy.searchButton')}</button>
      </form>
      <ul className="plain">
        {q.data?.tenancies.map((r) => (
          <li key={r.id}>
            <Link to="/hyresgaster/$tenancyId" params={{ tenancyId: r.id }}>
              {r.tenant_name ?? r.contract_number}
            </Link>{' '}
            <span className="sub">
              {r.address} · {r.contract_number}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function TenancyPage() {
  const { t } = useTranslation();
  const { tenancyId } = useParams({ from: '/hyresgaster/$tenancyId' });
  const { item } = useSearch({ from: '/hyresgaster/$tenancyId' });
  const q = useQuery({ queryKey: ['tenancy', tenancyId], queryFn: () => api<TenancyDetail>('GET', `/api/v1/tenancies/${tenancyId}`) });
  const outreach = useQuery({ queryKey: ['outreach', tenancyId], queryFn: () => api<OutreachLog>('GET', `/api/v1/tenancies/${tenancyId}/outreach`) });
  const canLog = useCan('outreach.write');
  const canSeeArrears = useCan('ledger.read');
  const canNotice = useCan('notice.read');
  const canRefer = useCan('referral.create');
  if (q.isPending) return <p role="status">{t('app.loading')}</p>;
  if (q.isError) return <p role="alert">{(q.error as Error).message}</p>;
  const { tenancy, tenants, entries, arrears } = q.data;
  return (
    <article aria-labelledby="tenancy-title">
      <h1 id="tenancy-title">{tenants[0]?.name ?? tenancy.contract_number}</h1>
      <dl className="facts">
        <div><dt>{t('tenancy.contract')}</dt><dd>{tenancy.contract_number}</dd></div>
        <div><dt>{t('worklist.address')}</dt><dd>{tenancy.address}{tenancy.area ? ` · ${tenancy.area}` : ''}</dd></div>
        <div><dt>{t('tenancy.rent')}</dt><dd>{kr(tenancy.monthly_rent)}</dd></div>
        <div><dt>{t('tenancy.household')}</dt><dd>{t('tenancy.adults', { count: tenancy.adults ?? 1 })}, {t('tenancy.children', { count: tenancy.children ?? 0 })}</dd></div>
        <div><dt>{t('tenancy.lettingForm')}</dt><dd>{t(`lettingForms.${tenancy.letting_form}`)}{tenancy.letting_form === 'privatuthyrning' ? ` – ${t('worklist.noRecovery')}` : ''}</dd></div>
        {arrears && <div><dt>{t('tenancy.owed')}</dt><dd className={arrears.owed > 0 ? 'owed' : undefined}>{kr(Math.max(0, arrears.owed))}</dd></div>}
        {arrears?.oldestUnpaidDueDate && (
          <div><dt>{t('tenancy.oldest')}</dt><dd>{arrears.oldestUnpaidDueDate} ({t('worklist.days', { days: arrears.daysLate, bank: arrears.bankDaysLate })})</dd></div>
        )}
        {tenancy.end_date && <div><dt>{t('tenancy.ended', { date: tenancy.end_date })}</dt><dd>{tenancy.end_date}</dd></div>}
      </dl>
      <h2>{t('tenancy.tenants')}</h2>
      <ul className="plain">
        {tenants.map((p) => (
          <li key={p.personnummer ?? p.name}>
            {p.name}
            {p.personnummer ? ` · ${p.personnummer.slice(0, 8)}-${p.personnummer.slice(8)}` : ''} {p.phone ? `· ${p.phone}` : ''}
          </li>
        ))}
      </ul>
      <p>
        {t('tenancy.letters')}:{' '}
        {canSeeArrears && (
          <>
            <a href={`/api/v1/tenancies/${tenancy.id}/letters/reminder`} target="_blank" rel="noreferrer">{t('tenancy.reminder')}</a>
            {' · '}
          </>
        )}
        <a href={`/api/v1/tenancies/${tenancy.id}/letters/contact-card`} target="_blank" rel="noreferrer">{t('tenancy.contactCard')}</a>
      </p>
      {canLog && <OutreachForm tenancyId={tenancy.id} worklistItemId={item ?? null} />}
      {canNotice && arrears && <TenancyNotices tenancyId={tenancy.id} owed={arrears.owed} />}
      {canNotice && <KfmApplications tenancyId={tenancy.id} />}
      {canRefer && <ReferralForm tenancyId={tenancy.id} tenants={tenants} />}
      <h2>{t('tenancy.outreach')}</h2>
      <ul className="plain">
        {outreach.data?.outreach.map((o) => (
          <li key={o.id}>
            {o.contact_date} · {t(`actions.${o.kind}`)} · {o.reached ? t('tenancy.yes') : t('tenancy.no')}
            {o.part_of_day ? ` · ${t(`tenancy.${o.part_of_day}`)}` : ''}
            {o.outcome ? ` · ${t(`tenancy.${o.outcome}`)}` : ''}
            {o.promise_amount ? ` · ${kr(o.promise_amount)} ${o.promise_date}` : ''}
            {o.promise_status ? ` (${t('tenancy.status')} ${t(`tenancy.${o.promise_status}`)})` : ''}
            {o.nonpayment_reason ? ` · ${t(`nonpayment.reason.${o.nonpayment_reason}`)}${o.nonpayment_note ? ` (${o.nonpayment_note})` : ''}` : ''}
            {o.note ? ` · ${o.note}` : ''}
            {o.created_by_name ? <span className="sub"> · {o.created_by_name}</span> : null}
          </li>
        ))}
      </ul>
      {arrears && <h2>{t('tenancy.ledger')}</h2>}
      {arrears && <table>
        <caption>{t('tenancy.ledger')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tenancy.booked')}</th>
            <th scope="col">{t('tenancy.type')}</th>
            <th scope="col">{t('tenancy.due')}</th>
            <th scope="col" className="num">{t('tenancy.amount')}</th>
            <th scope="col">{t('tenancy.reference')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{e.booked_on}</td>
              <td>{t(`tenancy.${e.kind}`)}</td>
              <td>{e.due_date ?? '–'}</td>
              <td className="num">{kr(e.kind === 'charge' ? e.amount : -e.amount)}</td>
              <td>{e.reference}</td>
            </tr>
          ))}
        </tbody>
      </table>}
    </article>
  );
}

function OutreachForm({ tenancyId, worklistItemId }: { tenancyId: string; worklistItemId: number | null }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reached, setReached] = useState(true);
  const [outcome, setOutcome] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const { errors, fail, clear } = useFormErrors();
  const save = useMutation({
    mutationFn: (body: object) => api<OutreachLogged>('POST', '/api/v1/outreach', body),
    onMutate: clear,
    onSuccess: (r) => {
      setMessage(t('tenancy.saved') + (r.pausedUntil ? ' ' + t('tenancy.pausedUntil', { date: r.pausedUntil }) : ''));
      void queryClient.invalidateQueries({ queryKey: ['outreach', tenancyId] });
      void queryClient.invalidateQueries({ queryKey: ['worklist'] });
    },
    onError: (e: Error) => {
      setMessage(null);
      fail(e);
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const amount = String(f.get('promiseAmount') ?? '').replace(/[\s\u00a0]/g, '').replace(',', '.');
    if (outcome === 'promise_to_pay' && !(/^\d+(\.\d{1,2})?$/.test(amount) && Number(amount) > 0)) {
      // Checked here before it is sent, and shown beside the amount as the server's problems are.
      setMessage(null);
      fail(new ApiError(400, 'invalid', t('tenancy.amountInvalid'), { fields: [{ field: 'promiseAmount', message: t('tenancy.amountInvalid') }] }));
      return;
    }
    save.mutate({
      tenancyId,
      worklistItemId,
      kind: f.get('kind'),
      reached,
      partOfDay: f.get('partOfDay') || null,
      outcome: reached && outcome ? outcome : null,
      promiseAmount: outcome === 'promise_to_pay' && amount ? Math.round(Number(amount) * 100) : null,
      promiseDate: outcome === 'promise_to_pay' ? f.get('promiseDate') || null : null,
      note: f.get('note') || null,
      ...(reached ? nonpaymentOf(f) : {}),
    });
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="outreach-title">
      <h2 id="outreach-title">{t('tenancy.logOutreach')}</h2>
      <div className="grid">
        <div>
          <label htmlFor="o-kind">{t('tenancy.kind')}</label>
          <select id="o-kind" name="kind" defaultValue="call" {...errors.input('kind', 'o-kind')}>
            {['call', 'sms', 'letter', 'visit'].map((k) => (
              <option key={k} value={k}>{t(`actions.${k}`)}</option>
            ))}
          </select>
          <FieldError errors={errors} field="kind" id="o-kind" />
        </div>
        <div>
          <label htmlFor="o-part">{t('tenancy.partOfDay')}</label>
          <select id="o-part" name="partOfDay" defaultValue="" {...errors.input('partOfDay', 'o-part')}>
            <option value="">–</option>
            {['morning', 'afternoon', 'evening'].map((k) => (
              <option key={k} value={k}>{t(`tenancy.${k}`)}</option>
            ))}
          </select>
          <FieldError errors={errors} field="partOfDay" id="o-part" />
        </div>
        <div className="check">
          <input id="o-reached" type="checkbox" checked={reached} onChange={(e) => setReached(e.target.checked)} />
          <label htmlFor="o-reached">{t('tenancy.reached')}</label>
        </div>
        {reached && (
          <div>
            <label htmlFor="o-outcome">{t('tenancy.outcome')}</label>
            <select id="o-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)} {...errors.input('outcome', 'o-outcome')}>
              <option value="">{t('tenancy.none')}</option>
              {OUTREACH_OUTCOMES.map((k) => (
                <option key={k} value={k}>{t(`tenancy.${k}`)}</option>
              ))}
            </select>
            <FieldError errors={errors} field="outcome" id="o-outcome" />
          </div>
        )}
        {reached && <NonpaymentFields idPrefix="o" errors={errors} />}
        {reached && outcome === 'promise_to_pay' && (
          <>
            <div>
              <label htmlFor="o-amount">{t('tenancy.promiseAmount')}</label>
              <input id="o-amount" name="promiseAmount" inputMode="decimal" required {...errors.input('promiseAmount', 'o-amount')} />
              <FieldError errors={errors} field="promiseAmount" id="o-amount" />
            </div>
            <div>
              <label htmlFor="o-date">{t('tenancy.promiseDate')}</label>
              <input id="o-date" name="promiseDate" type="date" required {...errors.input('promiseDate', 'o-date')} />
              <FieldError errors={errors} field="promiseDate" id="o-date" />
            </div>
          </>
        )}
        <div className="wide">
          <label htmlFor="o-note">{t('tenancy.note')}</label>
          <textarea id="o-note" name="note" rows={2} maxLength={2000} {...errors.input('note', 'o-note')} />
          <FieldError errors={errors} field="note" id="o-note" />
        </div>
      </div>
      {errors.message && <p role="alert" className="error">{errors.message}</p>}
      <p role="status" className="message">{message}</p>
      <button type="submit" disabled={save.isPending}>{t('tenancy.save')}</button>
    </form>
  );
}
