import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, kr } from '../api.ts';
import { ReasonTags } from '../ui/ReasonTags.tsx';
import type { ArrearsSharing, ReviewList } from '../../src/collection/api.ts';
import type { ConcernForm } from '../../src/cases/intake-api.ts';

/**
 * The joint review list (Västerås: landlord and social services go through the unpaid rents together
 * every day): only what the cooperation agreements share, the same on both sides.
 */
export function ReviewPage() {
  const { t } = useTranslation();
  const agreements = useQuery({ queryKey: ['arrears-sharing'], queryFn: () => api<ArrearsSharing>('GET', '/api/v1/arrears-sharing') });
  const q = useQuery({ queryKey: ['review-list'], queryFn: () => api<ReviewList>('GET', '/api/v1/review-list') });
  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title">{t('review.title')}</h1>
      <p className="sub">{t('review.intro')}</p>
      {agreements.data?.agreements.length === 0 && <p>{t('review.noAgreement')}</p>}
      <ul className="plain">
        {agreements.data?.agreements.map((a) => (
          <li key={a.landlord.id + a.municipality.id}>{t('review.agreement', { landlord: a.landlord.name, municipality: a.municipality.name, step: a.fromStepLabel })}</li>
        ))}
      </ul>
      {q.isPending && <p role="status">{t('app.loading')}</p>}
      {q.isError && <p role="alert">{t('app.error')}</p>}
      {q.data && q.data.rows.length === 0 && <p>{t('review.empty')}</p>}
      {q.data && q.data.rows.length > 0 && (
        <table>
          <caption>{t('review.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('review.landlord')}</th>
              <th scope="col">{t('worklist.address')}</th>
              <th scope="col">{t('worklist.tenant')}</th>
              <th scope="col">{t('worklist.step')}</th>
              <th scope="col" className="num">{t('worklist.owed')}</th>
              <th scope="col" className="num">{t('worklist.late')}</th>
              <th scope="col">{t('worklist.priority')}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.rows.map((r) => (
              <tr key={r.itemId}>
                <td>{r.landlord}</td>
                <td>{r.address}</td>
                <td>{r.tenant ?? '–'}</td>
                <td>{r.step}</td>
                <td className="num">{kr(r.amountOwed)}</td>
                <td className="num">{r.daysLate}</td>
                <td>
                  <ReasonTags reasons={r.reasons} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The landlord's side of the agreement: from which step of the routine social services see the list. */
export function ArrearsSharingForm({ steps }: { steps: { key: string; label: string }[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const municipalities = useQuery({ queryKey: ['concern-form'], queryFn: () => api<ConcernForm>('GET', '/api/v1/concerns/form') });
  const agreements = useQuery({ queryKey: ['arrears-sharing'], queryFn: () => api<ArrearsSharing>('GET', '/api/v1/arrears-sharing') });
  const [state, setState] = useState<{ saved: boolean; error: string | null }>({ saved: false, error: null });
  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    try {
      await api('PUT', `/api/v1/arrears-sharing/${String(data.get('municipality'))}`, { fromStep: data.get('fromStep') || null });
      setState({ saved: true, error: null });
      await queryClient.invalidateQueries({ queryKey: ['arrears-sharing'] });
    } catch (err) {
      setState({ saved: false, error: err instanceof ApiError ? err.message : t('app.error') });
    }
  };
  return (
    <form onSubmit={(e) => void save(e)} className="narrow" aria-labelledby="sharing-title">
      <h2 id="sharing-title">{t('review.sharingTitle')}</h2>
      <p className="sub">{t('review.sharingIntro')}</p>
      <ul className="plain">
        {agreements.data?.agreements.map((a) => (
          <li key={a.municipality.id}>{t('review.agreement', { landlord: a.landlord.name, municipality: a.municipality.name, step: a.fromStepLabel })}</li>
        ))}
      </ul>
      <label htmlFor="sharing-municipality">{t('review.municipality')}</label>
      <select id="sharing-municipality" name="municipality">
        {municipalities.data?.municipalities.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
      <label htmlFor="sharing-step">{t('review.fromStep')}</label>
      <select id="sharing-step" name="fromStep" defaultValue="">
        <option value="">{t('review.notBeforeNotice')}</option>
        {steps.map((s) => (
          <option key={s.key} value={s.key}>
            {s.label}
          </option>
        ))}
      </select>
      {state.error && <p role="alert">{state.error}</p>}
      {state.saved && <p role="status">{t('review.saved')}</p>}
      <button type="submit">{t('review.save')}</button>
    </form>
  );
}
