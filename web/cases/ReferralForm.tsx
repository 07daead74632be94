import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_HOW } from '../../src/cases/model.ts';
import { api, ApiError } from '../api.ts';
import { serverToday } from '../ui/time.ts';

/**
 * The landlord's early referral to social services (issue 3 §1): only with the consent of a tenant on
 * the lease, recorded here — who, on what day, how.
 */
export function ReferralForm({ tenancyId, tenants }: { tenancyId: string; tenants: { personnummer: string | null; name: string }[] }) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ sent: boolean; error: string | null }>({ sent: false, error: null });
  const withNumbers = tenants.filter((p) => p.personnummer);
  const send = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    if (data.get('confirm') !== 'on') return setState({ sent: false, error: t('referral.confirmNeeded') });
    try {
      await api('POST', '/api/v1/referrals', {
        tenancyId, reason: data.get('reason'), consent: { personnummer: data.get('personnummer'), givenOn: data.get('givenOn'), how: data.get('how') },
      });
      setState({ sent: true, error: null });
    } catch (err) {
      setState({ sent: false, error: err instanceof ApiError ? err.message : t('app.error') });
    }
  };
  if (withNumbers.length === 0) return null;
  return (
    <details>
      <summary>{t('referral.title')}</summary>
      {state.sent ? (
        <p role="status">{t('referral.sent')}</p>
      ) : (
        <form onSubmit={(e) => void send(e)} className="narrow" aria-label={t('referral.title')}>
          <p className="sub">{t('referral.intro')}</p>
          <label htmlFor="rf-who">{t('referral.who')}</label>
          <select id="rf-who" name="personnummer">
            {withNumbers.map((p) => (
              <option key={p.personnummer} value={p.personnummer!}>
                {p.name}
              </option>
            ))}
          </select>
          <label htmlFor="rf-date">{t('referral.givenOn')}</label>
          <input id="rf-date" name="givenOn" type="date" defaultValue={serverToday()} required />
          <label htmlFor="rf-how">{t('referral.how')}</label>
          <select id="rf-how" name="how">
            {CONSENT_HOW.map((h) => (
              <option key={h} value={h}>
                {t(`referral.howOption.${h}`)}
              </option>
            ))}
          </select>
          <label htmlFor="rf-reason">{t('referral.reason')}</label>
          <textarea id="rf-reason" name="reason" rows={3} maxLength={2000} required />
          <label>
            <input type="checkbox" name="confirm" /> {t('referral.confirm')}
          </label>
          {state.error && <p role="alert">{state.error}</p>}
          <button type="submit">{t('referral.send')}</button>
        </form>
      )}
    </details>
  );
}
