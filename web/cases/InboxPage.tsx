import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, kr } from '../api.ts';
import { useCan } from '../app.tsx';
import { FieldError, useFormErrors } from '../ui/form.tsx';
import { ReasonTags } from '../ui/ReasonTags.tsx';
import { stockholmDateTime, stockholmMoment } from '../ui/time.ts';
import type { CaseOpened, InboxItem as Item, InboxPage as Inbox, SetAside } from '../../src/cases/intake-api.ts';



/** Social services' one way in: notices and concerns, children first, by city area. */
export function InboxPage() {
  const { t, i18n } = useTranslation();
  const [area, setArea] = useState('');
  const [page, setPage] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const canOpen = useCan('case.write');
  const canSetAside = useCan('inbox.assign');
  const navigate = useNavigate();
  const openCase = async (i: Item) => {
    try {
      const res = await api<CaseOpened>('POST', `/api/v1/inbox/${i.kind}/${i.id}/case`);
      await navigate({ to: '/arenden/$caseId', params: { caseId: res.caseId } });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('app.error'));
      void q.refetch();
    }
  };
  const q = useQuery({
    queryKey: ['inbox', area, page],
    queryFn: () => api<Inbox>('GET', `/api/v1/inbox?page=${page}${area ? `&area=${encodeURIComponent(area)}` : ''}`),
  });
  const when = (iso: string) => stockholmDateTime(iso, i18n.language);
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t('inbox.title')}</h1>
      <div className="filters">
        <div>
          <label htmlFor="inbox-area">{t('inbox.area')}</label>
          <select
            id="inbox-area"
            value={area}
            onChange={(e) => {
              setArea(e.target.value);
              setPage(1);
            }}
          >
            <option value="">{t('worklist.all')}</option>
            {q.data?.areas.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
                {a.responsible_name ? ` (${a.responsible_name})` : ''}
              </option>
            ))}
            <option value="none">{t('inbox.noArea')}</option>
          </select>
        </div>
      </div>
      {canSetAside && <SetAsideFlood onDone={() => void q.refetch()} />}
      {error && <p role="alert">{error}</p>}
      {q.isPending && <p role="status">{t('app.loading')}</p>}
      {q.data?.items.length === 0 && <p>{t('inbox.empty')}</p>}
      {q.data && q.data.items.length > 0 && (
        <table>
          <caption>{t('inbox.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('inbox.received')}</th>
              <th scope="col">{t('inbox.what')}</th>
              <th scope="col">{t('worklist.address')}</th>
              <th scope="col">{t('inbox.area')}</th>
              <th scope="col">{t('worklist.priority')}</th>
              {canOpen && <th scope="col">{t('cases.open')}</th>}
            </tr>
          </thead>
          <tbody>
            {q.data.items.map((i) => (
              <tr key={`${i.kind}-${i.id}`}>
                <td>{when(i.receivedAt)}</td>
                <td>
                  {i.kfm ? (
                    <>
                      <strong>{t(`inbox.kfm.${i.kfm.kind}`)}</strong>
                      <div className="sub">
                        {t('inbox.kfm.caseNumber', { number: i.kfm.caseNumber })}
                        {i.kfm.landlord ? ` · ${i.kfm.landlord}` : ''}
                      </div>
                      {i.kfm.evictionAt && <div className="tag danger">{t('inbox.kfm.at', { when: when(i.kfm.evictionAt) })}</div>}
                    </>
                  ) : i.referral ? (
                    <>
                      <strong>{t('inbox.referral')}</strong>
                      <div className="sub">
                        {i.referral.landlord} · {kr(i.referral.amountOwed)} · {t('inbox.consentOn', { date: i.referral.consentGivenOn })}
                      </div>
                      <p className="quote">{i.referral.reason}</p>
                    </>
                  ) : i.notice ? (
                    <>
                      <strong>{t('inbox.notice')}</strong>
                      <div className="sub">
                        {i.notice.landlord} · {kr(i.notice.amountOwed)}
                      </div>
                    </>
                  ) : (
                    <>
                      <strong>{t('inbox.concern', { reference: i.reference })}</strong>
                      <div className="sub">
                        {t(`inbox.source.${i.concern!.source}`)}
                        {i.concern!.reporter ? ` · ${i.concern!.reporter}` : ''}
                      </div>
                      <p className="quote">{i.concern!.what}</p>
                      {i.concern!.contact && <div className="sub">{t('inbox.contact', { contact: i.concern!.contact })}</div>}
                    </>
                  )}
                </td>
                <td>{i.address}</td>
                <td>
                  {i.area?.name ?? t('inbox.noArea')}
                  {i.responsible && <div className="sub">{i.responsible.name}</div>}
                </td>
                <td>
                  <ReasonTags reasons={i.reasons} />
                </td>
                {canOpen && (
                  <td>
                    <button type="button" onClick={() => void openCase(i)} aria-label={`${t('cases.open')}: ${i.address}`}>
                      {t('cases.open')}
                    </button>
                    {i.kind === 'concern' && (
                      <DismissForm item={i} onDone={() => void q.refetch()} />
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {q.data && q.data.pages > 1 && (
        <nav aria-label={t('inbox.pages')} className="pager">
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {t('inbox.previous')}
          </button>
          <span role="status">{t('inbox.pageOf', { page: q.data.page, pages: q.data.pages, total: q.data.total })}</span>
          <button type="button" disabled={page >= q.data.pages} onClick={() => setPage(page + 1)}>
            {t('inbox.next')}
          </button>
        </nav>
      )}
    </section>
  );
}

/** Take a concern that needs no case out of the inbox, with the reason (shown beside the field if refused). */
function DismissForm({ item: i, onDone }: { item: Item; onDone: () => void }) {
  const { t } = useTranslation();
  const { errors, fail, clear } = useFormErrors();
  const dismiss = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get('reason') ?? '');
    clear();
    try {
      await api('POST', `/api/v1/inbox/concern/${i.id}/dismiss`, { reason });
    } catch (err) {
      fail(err);
    }
    onDone();
  };
  const id = `dismiss-${i.id}`;
  return (
    <details>
      <summary>{t('inbox.dismiss')}</summary>
      <form onSubmit={(e) => void dismiss(e)} aria-label={`${t('inbox.dismiss')}: ${i.address}`}>
        <label htmlFor={id}>{t('inbox.dismissReason')}</label>
        <input id={id} name="reason" required maxLength={500} {...errors.input('reason', id)} />
        <FieldError errors={errors} field="reason" id={id} />
        {errors.message && <p role="alert">{errors.message}</p>}
        <button type="submit">{t('inbox.dismissButton')}</button>
      </form>
    </details>
  );
}

/**
 * A team lead sets aside a flood of the public form: the anonymous concerns without a flag received
 * between two moments, with one reason. Flagged ones stay for a person to read.
 */
function SetAsideFlood({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [done, setDone] = useState<number | null>(null);
  const { errors, fail, clear } = useFormErrors();
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    clear();
    setDone(null);
    try {
      const res = await api<SetAside>('POST', '/api/v1/inbox/concerns/set-aside', {
        from: stockholmMoment(String(data.get('from'))),
        to: stockholmMoment(String(data.get('to'))),
        reason: String(data.get('reason') ?? ''),
      });
      setDone(res.setAside);
      onDone();
    } catch (err) {
      fail(err);
    }
  };
  return (
    <details className="fold">
      <summary>{t('inbox.flood.title')}</summary>
      <form onSubmit={(e) => void submit(e)} aria-label={t('inbox.flood.title')} className="narrow">
        <p className="sub">{t('inbox.flood.intro')}</p>
        <label htmlFor="flood-from">{t('inbox.flood.from')}</label>
        <input id="flood-from" name="from" type="datetime-local" required {...errors.input('from', 'flood-from')} />
        <FieldError errors={errors} field="from" id="flood-from" />
        <label htmlFor="flood-to">{t('inbox.flood.to')}</label>
        <input id="flood-to" name="to" type="datetime-local" required {...errors.input('to', 'flood-to')} />
        <FieldError errors={errors} field="to" id="flood-to" />
        <label htmlFor="flood-reason">{t('inbox.flood.reason')}</label>
        <input id="flood-reason" name="reason" required maxLength={500} {...errors.input('reason', 'flood-reason')} />
        <FieldError errors={errors} field="reason" id="flood-reason" />
        <button type="submit">{t('inbox.flood.button')}</button>
        {errors.message && <p role="alert">{errors.message}</p>}
        {done !== null && <p role="status">{t('inbox.flood.done', { count: done })}</p>}
      </form>
    </details>
  );
}
