import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_HOW } from '../../src/cases/model.ts';
import { api, ApiError } from '../api.ts';
import { FieldError, useFormErrors } from '../ui/form.tsx';
import { serverToday } from '../ui/time.ts';

/**
 * The landlord's early referral to social services (issue 3 §1): only with the consent of a tenant on
 * the lease, recorded here — who, on what day, how.
 */
export function ReferralForm({ tenancyId, tenants }: { tenancyId: string; tenants: { personnummer: string | null; name: string }[] }) {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const { errors, fail, clear } = useFormErrors();
  const withNumbers = tenants.filter((p) => p.personnummer);
  const send = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    clear();
    // The landlord confirms the consent before anything is sent: a problem of the form, not of the server.
    if (data.get('confirm') !== 'on') return fail(new ApiError(400, 'confirm', t('referral.confirmNeeded')));
    try {
      await api('POST', '/api/v1/referrals', {
        tenancyId, reason: data.get('reason'), consent: { personnummer: data.get('personnummer'), givenOn: data.get('givenOn'), how: data.get('how') },
      });
      setSent(true);
    } catch (err) {
      fail(err);
    }
  };
  if (withNumbers.length === 0) return null;
  return (
    <details>
      <summary>{t('referral.title')}</summary>
      {sent ? (
        <p role="status">{t('referral.sent')}</p>
      ) : (
        <form onSubmit={(e) => void send(e)} className="narrow" aria-label={t('referral.title')}>
          <p className="sub">{t('referral.intro')}</p>
          <label htmlFor="rf-who">{t('referral.who')}</label>
          <select id="rf-who" name="personnummer" {...errors.input('consent.personnummer', 'rf-who')}>
            {withNumbers.map((p) => (
              <option key={p.personnummer} value={p.personnummer!}>
                {p.name}
              </option>
            ))}
          </select>
          <FieldError errors={errors} field="consent.personnummer" id="rf-who" />
          <label htmlFor="rf-date">{t('referral.givenOn')}</label>
          <input id="rf-date" name="givenOn" type="date" defaultValue={serverToday()} required {...errors.input('consent.givenOn', 'rf-date')} />
          <FieldError errors={errors} field="consent.givenOn" id="rf-date" />
          <label htmlFor="rf-how">{t('referral.how')}</label>
          <select id="rf-how" name="how" {...errors.input('consent.how', 'rf-how')}>
            {CONSENT_HOW.map((h) => (
              <option key={h} value={h}>
                {t(`referral.howOption.${h}`)}
              </option>
            ))}
          </select>
          <FieldError errors={errors} field="consent.how" id="rf-how" />
          <label htmlFor="rf-reason">{t('referral.reason')}</label>
          <textarea id="rf-reason" name="reason" rows={3} maxLength={2000} required {...errors.input('reason', 'rf-reason')} />
          <FieldError errors={errors} field="reason" id="rf-reason" />
          <label>
            <input type="checkbox" name="confirm" /> {t('referral.confirm')}
          </label>
          {errors.message && <p role="alert">{errors.message}</p>}
          <button type="submit">{t('referral.send')}</button>
        </form>
      )}
    </details>
  );
}
