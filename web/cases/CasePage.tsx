import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, kr } from '../api.ts';
import { useMe } from '../app.tsx';
import { serverToday, stockholmDateTime, stockholmMoment } from '../ui/time.ts';
import { Consents, Household } from './Household.tsx';
import { ActionPlans, ChildrenSection, Closing } from './Closing.tsx';
import { Consultations, EvictionDays } from './Meetings.tsx';
import { AssistanceDecisions, CaseTasks, PaymentPlans } from './Plans.tsx';
import { Protection } from './Protection.tsx';
import { Timeline } from './Timeline.tsx';
import type { CaseDetail, CaseList, Contact, JournalEntry } from '../../src/cases/api.ts';
import { CONTACT_KINDS, CONTACT_OUTCOMES, PARTS_OF_DAY } from '../../src/cases/model.ts';
import { FieldError, useFormErrors } from '../ui/form.tsx';
import { useCaseAction } from './useCaseAction.ts';
import { NonpaymentFields, nonpaymentOf } from '../collection/NonpaymentFields.tsx';





const stockholm = stockholmDateTime;

/** The municipality's open cases. */
export function CasesPage() {
  const { t, i18n } = useTranslation();
  const q = useInfiniteQuery({
    queryKey: ['cases'],
    queryFn: ({ pageParam }) => api<CaseList>('GET', `/api/v1/cases${pageParam ? `?after=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const cases = q.data?.pages.flatMap((p) => p.cases);
  return (
    <section aria-labelledby="cases-title">
      <h1 id="cases-title">{t('cases.title')}</h1>
      {q.isPending && <p role="status">{t('app.loading')}</p>}
      {cases?.length === 0 && <p>{t('cases.empty')}</p>}
      {cases && cases.length > 0 && (
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
            {cases.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to="/arenden/$caseId" params={{ caseId: c.id }}>
                    {c.address ?? t('protection.hidden')}
                  </Link>
                  {c.stalled && <span className="tag warn">{t('cases.stalled')}</span>}
                </td>
                <td>{c.area_name ?? t('inbox.noArea')}</td>
                <td>{stockholm(c.opened_at, i18n.language)}</td>
                <td className="num">{c.entries}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {q.hasNextPage && (
        <button type="button" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          {t('cases.more')}
        </button>
      )}
    </section>
  );
}

/** One case: what brought it in, and the journal (SOSFS 2014:5: signed entries are only corrected, never changed). */
export function CasePage() {
  const { caseId } = useParams({ from: '/arenden/$caseId' });
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['case', caseId], queryFn: () => api<CaseDetail>('GET', `/api/v1/cases/${caseId}`) });
  const [correcting, setCorrecting] = useState<JournalEntry | null>(null);
  const { errors: journalErrors, fail, clear } = useFormErrors();
  const today = serverToday();
  const write = useMutation({
    mutationFn: (body: { eventDate: string; body: string; corrects: string | null }) => api('POST', `/api/v1/cases/${caseId}/journal`, body),
    onSuccess: () => {
      clear();
      setCorrecting(null);
      void queryClient.invalidateQueries({ queryKey: ['case', caseId] });
    },
    onError: fail,
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
  const { case: c, concerns, notices, kfm, referrals, contacts, journal, persons, consents, consentRecipients, plans, tasks, children, actionPlans, actionPlanRequests, followUps, evictionDays, consultations, workers, colleagues, timeline, ledger, assistance } = q.data;
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
        {referrals.map((r) => (
          <li key={r.id}>
            <strong>{t('inbox.referral')}</strong> · {r.landlord} ({r.sentBy}) · {kr(r.amountOwed)} · {t('inbox.consentOn', { date: r.consentGivenOn })} ({t(`referral.howOption.${r.consentHow}`)})
            <p className="quote">{r.reason}</p>
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
      <Timeline events={timeline} ledger={ledger} />
      <Protection caseId={caseId} protectedIdentity={c.protected_identity} workers={workers} colleagues={colleagues} me={me.user?.id ?? ''} />
      <CaseTasks caseId={caseId} tasks={tasks} />
      <Household caseId={caseId} persons={persons} />
      <ChildrenSection caseId={caseId} household={children} />
      <Contacts caseId={caseId} contacts={contacts} />
      <PaymentPlans caseId={caseId} plans={plans} />
      <AssistanceDecisions caseId={caseId} decisions={assistance} />
      <ActionPlans caseId={caseId} open={c.status === 'open'} plans={actionPlans} requests={actionPlanRequests} />
      {children.hasChildren && <Consultations caseId={caseId} consultations={consultations} />}
      <EvictionDays
        caseId={caseId}
        evictions={kfm.flatMap((k) => (k.kind === 'eviction_date' && k.evictionAt ? [{ id: k.id, evictionAt: k.evictionAt }] : []))}
        days={evictionDays}
      />
      <Consents caseId={caseId} persons={persons} consents={consents} recipients={consentRecipients} />
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
        <input id="j-date" name="eventDate" type="date" defaultValue={today} required {...journalErrors.input('eventDate', 'j-date')} />
        <FieldError errors={journalErrors} field="eventDate" id="j-date" />
        <label htmlFor="j-body">{t('cases.body')}</label>
        <textarea id="j-body" name="body" rows={5} required maxLength={20000} {...journalErrors.input('body', 'j-body')} />
        <FieldError errors={journalErrors} field="body" id="j-body" />
        <p className="sub">{t('cases.signNote')}</p>
        {journalErrors.message && <p role="alert">{journalErrors.message}</p>}
        <button type="submit" disabled={write.isPending}>
          {t('cases.sign')}
        </button>
        {correcting && (
          <button type="button" className="link" onClick={() => setCorrecting(null)}>
            {t('cases.cancelCorrection')}
          </button>
        )}
      </form>
      <Closing caseId={caseId} status={c.status} outcome={c.outcome} closedAt={c.closed_at} note={c.closing_note} followUps={followUps} />
    </section>
  );
}

/** Contacts with the household, and booking a home visit with its letter and contact card. */
function Contacts({ caseId, contacts }: { caseId: string; contacts: Contact[] }) {
  const { t, i18n } = useTranslation();
  const { error, errors, submit } = useCaseAction(caseId);
  const today = serverToday();
  const logContact = (data: FormData) =>
    api('POST', `/api/v1/cases/${caseId}/contacts`, {
      kind: data.get('kind'), contactDate: data.get('contactDate'), partOfDay: data.get('partOfDay') || null, reached: data.get('reached') === 'yes',
      outcome: data.get('outcome') || null, note: data.get('note') || null, ...nonpaymentOf(data),
    });
  const bookVisit = (data: FormData) => {
    const local = String(data.get('at') ?? '');
    return api('POST', `/api/v1/cases/${caseId}/visits`, { at: local ? stockholmMoment(local) : '', jointWithLandlord: data.get('joint') === 'on' });
  };
  return (
    <>
      <h2 id="contacts-title">{t('contacts.title')}</h2>
      {contacts.length === 0 && <p>{t('contacts.none')}</p>}
      <ul className="timeline" aria-labelledby="contacts-title">
        {contacts.map((k) => (
          <li key={k.id}>
            <strong>{t(`contacts.kind.${k.kind}`)}</strong>
            {k.planned_at && ` · ${t('contacts.booked', { when: stockholm(k.planned_at, i18n.language) })}`}
            {k.contact_date && ` · ${k.contact_date}${k.part_of_day ? ` ${t(`contacts.part.${k.part_of_day}`)}` : ''}`}
            {k.reached !== null && ` · ${k.reached ? t('contacts.reached') : t('contacts.notReached')}`}
            {k.outcome && ` · ${t(`contacts.outcome.${k.outcome}`)}`}
            {k.nonpayment_reason && ` · ${t(`nonpayment.reason.${k.nonpayment_reason}`)}${k.nonpayment_note ? ` (${k.nonpayment_note})` : ''}`}
            {k.joint_with_landlord && <span className="tag">{t('contacts.joint')}</span>}
            <div className="sub">{k.created_by_name}</div>
            {k.kind === 'visit' && k.planned_at && (
              <div>
                <a href={`/api/v1/cases/${caseId}/visits/${k.id}/pdf?kind=letter`}>{t('contacts.letterPdf')}</a>
                {' · '}
                <a href={`/api/v1/cases/${caseId}/visits/${k.id}/pdf?kind=card`}>{t('contacts.cardPdf')}</a>
              </div>
            )}
          </li>
        ))}
      </ul>
      {error && <p role="alert">{error}</p>}
      <div className="filters">
        <details className="fold">
          <summary>{t('contacts.log')}</summary>
          <form onSubmit={(e) => void submit(logContact)(e)} aria-label={t('contacts.log')}>
            <label htmlFor="k-kind">{t('contacts.kindLabel')}</label>
            <select id="k-kind" name="kind" defaultValue="call">
              {CONTACT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`contacts.kind.${k}`)}
                </option>
              ))}
            </select>
            <label htmlFor="k-date">{t('contacts.date')}</label>
            <input id="k-date" name="contactDate" type="date" defaultValue={today} required {...errors.input('contactDate', 'k-date')} />
            <FieldError errors={errors} field="contactDate" id="k-date" />
            <label htmlFor="k-part">{t('contacts.partLabel')}</label>
            <select id="k-part" name="partOfDay" defaultValue="">
              <option value="">–</option>
              {PARTS_OF_DAY.map((p) => (
                <option key={p} value={p}>
                  {t(`contacts.part.${p}`)}
                </option>
              ))}
            </select>
            <label htmlFor="k-reached">{t('contacts.reachedLabel')}</label>
            <select id="k-reached" name="reached" defaultValue="no">
              <option value="no">{t('contacts.notReached')}</option>
              <option value="yes">{t('contacts.reached')}</option>
            </select>
            <label htmlFor="k-outcome">{t('contacts.outcomeLabel')}</label>
            <select id="k-outcome" name="outcome" defaultValue="">
              <option value="">–</option>
              {CONTACT_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`contacts.outcome.${o}`)}
                </option>
              ))}
            </select>
            <NonpaymentFields idPrefix="k" errors={errors} />
            <label htmlFor="k-note">{t('contacts.note')}</label>
            <input id="k-note" name="note" maxLength={4000} {...errors.input('note', 'k-note')} />
            <FieldError errors={errors} field="note" id="k-note" />
            <button type="submit">{t('contacts.save')}</button>
          </form>
        </details>
        <details className="fold">
          <summary>{t('contacts.book')}</summary>
          <form onSubmit={(e) => void submit(bookVisit)(e)} aria-label={t('contacts.book')}>
            <label htmlFor="v-at">{t('contacts.at')}</label>
            <input id="v-at" name="at" type="datetime-local" required {...errors.input('at', 'v-at')} />
            <FieldError errors={errors} field="at" id="v-at" />
            <label>
              <input type="checkbox" name="joint" /> {t('contacts.jointLabel')}
            </label>
            <button type="submit">{t('contacts.bookButton')}</button>
          </form>
        </details>
      </div>
    </>
  );
}
