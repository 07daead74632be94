import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ReasonTags } from '../ui/ReasonTags.tsx';
import { serverToday } from '../ui/time.ts';
import { Link } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, downloadPost, kr } from '../api.ts';
import { useCan } from '../app.tsx';
import type { ArrearsSmsResult, ItemsDone, WorklistFilters, WorklistPage as WorklistPageAnswer } from '../../src/collection/api.ts';

export function WorklistPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canSms = useCan('sms.send');
  const canDone = useCan('worklist.update');
  const canExport = useCan('collection.export');
  const [date, setDate] = useState(serverToday());
  const [area, setArea] = useState('');
  const [step, setStep] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  // A selection only ever holds rows the officer can see.
  useEffect(() => setSelected(new Set()), [date, area, step]);
  const filters = useQuery({ queryKey: ['worklist-filters'], queryFn: () => api<WorklistFilters>('GET', '/api/v1/worklist/filters'), staleTime: 5 * 60_000 });
  const query = useInfiniteQuery({
    queryKey: ['worklist', date, area, step],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ date, ...(area ? { area } : {}), ...(step ? { step } : {}), ...(pageParam ? { after: pageParam } : {}) });
      return api<WorklistPageAnswer>('GET', `/api/v1/worklist?${params}`);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const first = query.data?.pages[0];

  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.households) ?? [], [query.data]);

  const selectedItemIds = rows.filter((r) => selected.has(r.tenancy_id)).flatMap((r) => r.items.map((i) => i.id));
  const selectedCount = rows.filter((r) => selected.has(r.tenancy_id)).length;
  const sms = useMutation({
    mutationFn: () =>
      api<ArrearsSmsResult>('POST', '/api/v1/sms/arrears', {
        itemIds: selectedItemIds,
        idempotencyKey: `wl-${date}-${[...selected].sort().join('').slice(0, 40)}-${selected.size}`.replace(/[^A-Za-z0-9_-]/g, ''),
      }),
    onSuccess: (r) => setMessage(t('worklist.smsResult', { queued: r.queued, already: r.alreadySent, noPhone: r.withoutPhone }) + (r.notOwing ? ' ' + t('worklist.smsNotOwing', { n: r.notOwing }) : '')),
    onError: (e: Error) => setMessage(e.message),
  });
  const done = useMutation({
    mutationFn: () => api<ItemsDone>('POST', '/api/v1/worklist/done', { itemIds: selectedItemIds }),
    onSuccess: (r) => {
      setMessage(t('worklist.doneResult', { n: r.done }));
      setSelected(new Set());
      void queryClient.invalidateQueries({ queryKey: ['worklist'] });
    },
    onError: (e: Error) => setMessage(e.message),
  });

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section aria-labelledby="worklist-title">
      <h1 id="worklist-title">{t('worklist.title')}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor="wl-date">{t('worklist.date')}</label>
          <input id="wl-date" type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
        </div>
        <div>
          <label htmlFor="wl-area">{t('worklist.area')}</label>
          <select id="wl-area" value={area} onChange={(e) => setArea(e.target.value)}>
            <option value="">{t('worklist.all')}</option>
            {filters.data?.areas.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="wl-step">{t('worklist.step')}</label>
          <select id="wl-step" value={step} onChange={(e) => setStep(e.target.value)}>
            <option value="">{t('worklist.all')}</option>
            {filters.data?.steps.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        {canExport && (
          <button
            type="button"
            className="secondary"
            onClick={() =>
              void downloadPost('/api/v1/collection-file', { date }, `inkassofil-${date}.csv`).then(
                () => void queryClient.invalidateQueries({ queryKey: ['worklist'] }),
                (e: Error) => setMessage(e.message),
              )
            }
          >
            {t('worklist.exportFile')}
          </button>
        )}
      </form>
      {first && first.total > 0 && <p>{t('worklist.households', { count: first.total })}</p>}
      {first && first.paused > 0 && <p className="note">{t('worklist.paused', { n: first.paused })}</p>}
      <div className="toolbar" role="group" aria-label={t('worklist.selected', { n: selectedCount })}>
        <span aria-live="polite">{t('worklist.selected', { n: selectedCount })}</span>
        {canSms && (
          <button type="button" disabled={selectedItemIds.length === 0 || sms.isPending} onClick={() => sms.mutate()}>
            {t('worklist.sendSms')}
          </button>
        )}
        {canDone && (
          <button type="button" className="secondary" disabled={selectedItemIds.length === 0 || done.isPending} onClick={() => done.mutate()}>
            {t('worklist.markDone')}
          </button>
        )}
      </div>
      <div role="status" aria-live="polite" className="message">
        {message}
      </div>
      {query.isPending && <p role="status">{t('app.loading')}</p>}
      {query.isError && <p role="alert">{(query.error as Error).message}</p>}
      {first && rows.length === 0 && <p>{t('worklist.empty')}</p>}
      {rows.length > 0 && (
        <table className="worklist">
          <caption>{t('worklist.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label={t('worklist.selectAll')}
                  checked={rows.length > 0 && selectedCount === rows.length}
                  onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.tenancy_id)) : new Set())}
                />
              </th>
              <th scope="col">{t('worklist.tenant')}</th>
              <th scope="col">{t('worklist.step')}</th>
              <th scope="col" className="num">
                {t('worklist.owed')}
              </th>
              <th scope="col">{t('worklist.late')}</th>
              <th scope="col">{t('worklist.priority')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.tenancy_id} className={row.broken_promise ? 'flagged' : undefined}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${t('worklist.select')} ${row.tenant_name ?? row.contract_number}`}
                    checked={selected.has(row.tenancy_id)}
                    onChange={() => toggle(row.tenancy_id)}
                  />
                </td>
                <td>
                  <Link to="/hyresgaster/$tenancyId" params={{ tenancyId: row.tenancy_id }} search={{ item: row.items.find((i) => i.action === 'call')?.id ?? row.items[0]!.id }}>
                    {row.tenant_name ?? row.contract_number}
                  </Link>
                  <div className="sub">
                    {row.address}
                    {row.area ? ` · ${row.area}` : ''} · {row.contract_number}
                  </div>
                  {row.letting_form === 'privatuthyrning' && <div className="tag warn">{t('worklist.noRecovery')}</div>}
                  {row.recovery_deadline && <div className="tag danger">{t('worklist.recoveryBy', { date: row.recovery_deadline })}</div>}
                </td>
                <td>
                  <ul className="steps">
                    {row.items.map((i) => (
                      <li key={i.id} className={i.overdue ? 'overdue' : undefined}>
                        {t(`actions.${i.action}`)} ({i.window_end ? t('worklist.window', { from: i.due_on, to: i.window_end }) : i.due_on})
                        {i.overdue && <span className="tag warn">{t('worklist.overdue')}</span>}
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="num">{row.amount_owed === null ? '–' : kr(row.amount_owed)}</td>
                <td>{t('worklist.days', { days: row.days_late, bank: row.bank_days_late })}</td>
                <td>
                  {row.broken_promise && <span className="tag danger">{t('worklist.brokenPromise')}</span>}
                  <ReasonTags reasons={row.priority_reasons.filter((r) => r !== 'broken_promise')} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.hasNextPage && (
        <p>
          <button type="button" className="secondary" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {query.isFetchingNextPage ? t('app.loading') : t('worklist.more', { shown: rows.length, count: first?.total ?? 0 })}
          </button>
        </p>
      )}
    </section>
  );
}
