import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, kr } from '../api.ts';
import type { LandlordProposals as LandlordProposalList, Round } from '../../src/housing/api.ts';

function useRun() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const run = async (make: () => Promise<unknown>) => {
    setError(null);
    try {
      await make();
      await queryClient.invalidateQueries({ queryKey: ['round'] });
      await queryClient.invalidateQueries({ queryKey: ['landlord-proposals'] });
      await queryClient.invalidateQueries({ queryKey: ['housing'] });
      await queryClient.invalidateQueries({ queryKey: ['contracts'] });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('app.error'));
    }
  };
  return { error, run };
}

/** The housing coordinator's matching round (issue 4 §3): proposals with their reasons, to approve or set aside. */
export function RoundPage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['round'], queryFn: () => api<Round>('GET', '/api/v1/housing/rounds/latest') });
  const { error, run } = useRun();
  return (
    <section aria-labelledby="round-title">
      <h1 id="round-title">{t('round.title')}</h1>
      <p className="sub">{t('round.intro')}</p>
      <button type="button" onClick={() => void run(() => api('POST', '/api/v1/housing/rounds'))}>
        {t('round.run')}
      </button>
      {error && <p role="alert">{error}</p>}
      {q.isPending && <p role="status">{t('app.loading')}</p>}
      {q.data?.round === null && <p>{t('round.none')}</p>}
      {q.data?.round && (
        <>
          <h2 id="proposals-title">{t('round.proposals')}</h2>
          {q.data.proposals.length === 0 && <p>{t('round.noProposals')}</p>}
          <ul className="timeline" aria-labelledby="proposals-title">
            {q.data.proposals.map((p) => (
              <li key={p.id}>
                <strong>{p.household.name}</strong> → {p.home.address} ({p.home.landlord}) <span className="tag">{t(`round.status.${p.status}`)}</span>
                <ul>
                  {p.explanation.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
                {p.declineReason && <p className="quote">{t('round.declinedBecause', { reason: p.declineReason })}</p>}
                {p.status === 'accepted' && p.contract && <p>{t('round.contractWritten')}</p>}
                {p.status === 'accepted' && !p.contract && (
                  <form
                    onSubmit={(e) => {
                      e.preventDefault();
                      const startedOn = new FormData(e.currentTarget).get('startedOn');
                      void run(() => api('POST', '/api/v1/housing/contracts', { proposalId: p.id, startedOn }));
                    }}
                    aria-label={`${t('round.contract')}: ${p.household.name}`}
                    className="narrow"
                  >
                    <label htmlFor={`start-${p.id}`}>{t('round.startedOn')}</label>
                    <input id={`start-${p.id}`} name="startedOn" type="date" required />
                    <button type="submit">{t('round.contract')}</button>
                  </form>
                )}
                {p.status === 'proposed' && (
                  <div className="actions">
                    <button type="button" onClick={() => void run(() => api('POST', `/api/v1/housing/proposals/${p.id}/decision`, { approve: true }))} aria-label={`${t('round.approve')}: ${p.household.name}`}>
                      {t('round.approve')}
                    </button>
                    <button type="button" className="link" onClick={() => void run(() => api('POST', `/api/v1/housing/proposals/${p.id}/decision`, { approve: false }))} aria-label={`${t('round.setAside')}: ${p.household.name}`}>
                      {t('round.setAside')}
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
          <h2 id="unassigned-title">{t('round.unassigned')}</h2>
          {q.data.unassigned.length === 0 && <p>{t('round.allServed')}</p>}
          <ul className="plain" aria-labelledby="unassigned-title">
            {q.data.unassigned.map((u) => (
              <li key={u.household.id}>
                <strong>{u.household.name ?? '–'}</strong>: {u.reasons.join('; ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The landlord's answers to the proposals the municipality approved for its homes. */
export function LandlordProposals() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['landlord-proposals'], queryFn: () => api<LandlordProposalList>('GET', '/api/v1/housing/proposals') });
  const { error, run } = useRun();
  const decline = (id: string) => (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const reason = new FormData(e.currentTarget).get('reason');
    void run(() => api('POST', `/api/v1/housing/proposals/${id}/answer`, { accept: false, reason }));
  };
  if (!q.data) return null;
  return (
    <>
      <h2 id="landlord-proposals-title">{t('round.forLandlord')}</h2>
      {error && <p role="alert">{error}</p>}
      {q.data.proposals.length === 0 && <p>{t('round.noneForLandlord')}</p>}
      <ul className="timeline" aria-labelledby="landlord-proposals-title">
        {q.data.proposals.map((p) => (
          <li key={p.id}>
            <strong>{p.home.address}</strong> · {t('round.householdText', { adults: p.household.adults, children: p.household.children })} · {kr(p.home.rent)}{' '}
            <span className="tag">{t(`round.status.${p.status}`)}</span>
            <ul>
              {p.explanation.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            {p.declineReason && <p className="quote">{t('round.declinedBecause', { reason: p.declineReason })}</p>}
            {p.status === 'approved' && (
              <div className="actions">
                <button type="button" onClick={() => void run(() => api('POST', `/api/v1/housing/proposals/${p.id}/answer`, { accept: true }))} aria-label={`${t('round.accept')}: ${p.home.address}`}>
                  {t('round.accept')}
                </button>
                <form onSubmit={decline(p.id)} aria-label={`${t('round.decline')}: ${p.home.address}`} className="narrow">
                  <label htmlFor={`decline-${p.id}`}>{t('round.declineReason')}</label>
                  <input id={`decline-${p.id}`} name="reason" maxLength={2000} />
                  <button type="submit">{t('round.decline')}</button>
                </form>
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
