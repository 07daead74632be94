import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, kr } from '../api.ts';

interface JournalEntry {
  id: string;
  seq: number;
  event_date: string;
  body: string;
  author_name: string;
  written_at: string;
  corrects: string | null;
}

interface CaseDetail {
  case: { id: string; address: string; area_name: string | null; status: string; opened_at: string; opened_by_name: string | null };
  concerns: { id: string; reference: string; what: string; source: string; received_at: string; reporter_org_name: string | null }[];
  notices: { id: string; landlord: string; amountOwed: number; terminationDate: string; deliveredToBoard: string | null }[];
  kfm: { id: string; kind: 'application' | 'eviction_date'; caseNumber: string; evictionAt: string | null; authority: string }[];
  journal: JournalEntry[];
}

interface CaseListRow {
  id: string;
  address: string;
  area_name: string | null;
  opened_at: string;
  entries: number;
}

const stockholm = (iso: string, lang: string) =>
  new Date(iso).toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });

/** The municipality's open cases. */
export function CasesPage() {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['cases'], queryFn: () => api<{ cases: CaseListRow[] }>('GET', '/api/v1/cases') });
  return (
    <section aria-labelledby="cases-title">
      <h1 id="cases-title">{t('cases.title')}</h1>
      {q.isPending && <p role="status">{t('app.loading')}</p>}
      {q.data?.cases.length === 0 && <p>{t('cases.empty')}</p>}
      {q.data && q.data.cases.length > 0 && (
        <table>
          <caption>{t('cases.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('worklist.address')}</th>
              <th scope="col">{t('inbox.area')}</th>
              <th scope="col">{t('cases.opened')}</th>
              <th scope="col" className="num">{t('cases.entries')}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.cases.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to="/arenden/$caseId" params={{ caseId: c.id }}>
                    {c.address}
                  </Link>
                </td>
                <td>{c.area_name ?? t('inbox.noArea')}</td>
                <td>{stockholm(c.opened_at, i18n.language)}</td>
                <td className="num">{c.entries}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** One case: what brought it in, and the journal (SOSFS 2014:5: signed entries are only corrected, never changed). */
export function CasePage() {
  const { caseId } = useParams({ from: '/arenden/$caseId' });
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['case', caseId], queryFn: () => api<CaseDetail>('GET', `/api/v1/cases/${caseId}`) });
  const [correcting, setCorrecting] = useState<JournalEntry | null>(null);
  const [error, setError] = useState<string | null>(null);
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
  const write = useMutation({
    mutationFn: (body: { eventDate: string; body: string; corrects: string | null }) => api('POST', `/api/v1/cases/${caseId}/journal`, body),
    onSuccess: () => {
      setError(null);
      setCorrecting(null);
      void queryClient.invalidateQueries({ queryKey: ['case', caseId] });
    },
    onError: (e: Error) => setError(e instanceof ApiError ? e.message : t('app.error')),
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    write.mutate(
      { eventDate: String(data.get('eventDate')), body: String(data.get('body')), corrects: correcting?.id ?? null },
      { onSuccess: () => form.reset() },
    );
  };
  if (q.isPending) return <p role="status">{t('app.loading')}</p>;
  if (!q.data) return <p role="alert">{t('app.error')}</p>;
  const { case: c, concerns, notices, kfm, journal } = q.data;
  const correctedBy = new Map(journal.filter((e) => e.corrects).map((e) => [e.corrects!, e]));
  return (
    <section aria-labelledby="case-title">
      <h1 id="case-title">{t('cases.case', { address: c.address })}</h1>
      <p>
        {c.area_name ?? t('inbox.noArea')} · {t('cases.openedBy', { when: stockholm(c.opened_at, i18n.language), who: c.opened_by_name ?? '–' })}
      </p>
      <h2>{t('cases.intake')}</h2>
      <ul className="timeline">
        {notices.map((n) => (
          <li key={n.id}>
            <strong>{t('inbox.notice')}</strong> · {n.landlord} · {kr(n.amountOwed)} · {t('cases.terminated', { date: n.terminationDate })}
          </li>
        ))}
        {kfm.map((k) => (
          <li key={k.id}>
            <strong>{t(`inbox.kfm.${k.kind}`)}</strong> · {k.authority} · {t('inbox.kfm.caseNumber', { number: k.caseNumber })}
            {k.evictionAt && <div className="tag danger">{t('inbox.kfm.at', { when: stockholm(k.evictionAt, i18n.language) })}</div>}
          </li>
        ))}
        {concerns.map((x) => (
          <li key={x.id}>
            <strong>{t('inbox.concern', { reference: x.reference })}</strong> · {t(`inbox.source.${x.source}`)}
            {x.reporter_org_name ? ` · ${x.reporter_org_name}` : ''}
            <p className="quote">{x.what}</p>
          </li>
        ))}
      </ul>
      <h2 id="journal-title">{t('cases.journal')}</h2>
      {journal.length === 0 && <p>{t('cases.noEntries')}</p>}
      <ol className="journal" aria-labelledby="journal-title">
        {journal.map((e) => {
          const fixed = correctedBy.get(e.id);
          const original = e.corrects ? journal.find((x) => x.id === e.corrects) : undefined;
          return (
            <li key={e.id} id={`entry-${e.seq}`}>
              <div className="sub">
                {t('cases.entryHead', { n: e.seq, date: e.event_date, who: e.author_name, when: stockholm(e.written_at, i18n.language) })}
              </div>
              {original && <div className="tag">{t('cases.corrects', { n: original.seq })}</div>}
              <p className="quote">{e.body}</p>
              {fixed && <div className="tag warn">{t('cases.correctedBy', { n: fixed.seq })}</div>}
              {!fixed && (
                <button type="button" className="link" onClick={() => setCorrecting(e)}>
                  {t('cases.correct', { n: e.seq })}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      <form onSubmit={submit} aria-labelledby="entry-form-title" className="narrow">
        <h3 id="entry-form-title">{correcting ? t('cases.correcting', { n: correcting.seq }) : t('cases.newEntry')}</h3>
        <label htmlFor="j-date">{t('cases.eventDate')}</label>
        <input id="j-date" name="eventDate" type="date" defaultValue={today} required />
        <label htmlFor="j-body">{t('cases.body')}</label>
        <textarea id="j-body" name="body" rows={5} required maxLength={20000} />
        <p className="sub">{t('cases.signNote')}</p>
        {error && <p role="alert">{error}</p>}
        <button type="submit" disabled={write.isPending}>
          {t('cases.sign')}
        </button>
        {correcting && (
          <button type="button" className="link" onClick={() => setCorrecting(null)}>
            {t('cases.cancelCorrection')}
          </button>
        )}
      </form>
    </section>
  );
}
