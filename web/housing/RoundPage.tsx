import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, kr } from '../api.ts';
import { FieldError, type FormErrors, useFormErrors } from '../ui/form.tsx';
import type { LandlordProposals as LandlordProposalList, Round } from '../../src/housing/api.ts';

/** Runs a request of the round and reloads what it changes; what went wrong is kept for the form to show. */
function useRun(): { error: string | null; errors: FormErrors; run: (make: () => Promise<unknown>) => Promise<void> } {
  const queryClient = useQueryClient();
  const { errors, fail, clear } = useFormErrors();
  const run = async (make: () => Promise<unknown>) => {
    clear();
    try {
      await make();
      await queryClient.invalidateQueries({ queryKey: ['round'] });
      await queryClient.invalidateQueries({ queryKey: ['landlord-proposals'] });
      await queryClient.invalidateQueries({ queryKey: ['housing'] });
      await queryClient.invalidateQueries({ queryKey: ['contracts'] });
    } catch (err) {
      fail(err);
    }
  };
  return { error: errors.message, errors, run };
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
                  <ContractForm proposal={p} />
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

/** A contract written on an accepted proposal, from the day it starts. */
function ContractForm({ proposal: p }: { proposal: Round['proposals'][number] }) {
  const { t } = useTranslation();
  const { error, errors, run } = useRun();
  const id = `start-${p.id}`;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const startedOn = new FormData(e.currentTarget).get('startedOn');
        void run(() => api('POST', '/api/v1/housing/contracts', { proposalId: p.id, startedOn }));
      }}
      aria-label={`${t('round.contract')}: ${p.household.name}`}
      className="narrow"
    >
      <label htmlFor={id}>{t('round.startedOn')}</label>
      <input id={id} name="startedOn" type="date" required {...errors.input('startedOn', id)} />
      <FieldError errors={errors} field="startedOn" id={id} />
      {error && <p role="alert">{error}</p>}
      <button type="submit">{t('round.contract')}</button>
    </form>
  );
}

/** The landlord's answers to the proposals the municipality approved for its homes. */
export function LandlordProposals() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['landlord-proposals'], queryFn: () => api<LandlordProposalList>('GET', '/api/v1/housing/proposals') });
  const { error, run } = useRun();
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
                <DeclineForm proposalId={p.id} address={p.home.address} />
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The landlord declines a proposal, with the reason (the landlord's right to choose its tenant, with cause). */
function DeclineForm({ proposalId, address }: { proposalId: string; address: string }) {
  const { t } = useTranslation();
  const { error, errors, run } = useRun();
  const id = `decline-${proposalId}`;
  const decline = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const reason = new FormData(e.currentTarget).get('reason');
    void run(() => api('POST', `/api/v1/housing/proposals/${proposalId}/answer`, { accept: false, reason }));
  };
  return (
    <form onSubmit={decline} aria-label={`${t('round.decline')}: ${address}`} className="narrow">
      <label htmlFor={id}>{t('round.declineReason')}</label>
      <input id={id} name="reason" maxLength={2000} {...errors.input('reason', id)} />
      <FieldError errors={errors} field="reason" id={id} />
      {error && <p role="alert">{error}</p>}
      <button type="submit">{t('round.decline')}</button>
    </form>
  );
}
