import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import type { KfmNoticeKept } from '../../src/cases/intake-api.ts';
import { KFM_NOTICE_KINDS } from '../../src/cases/model.ts';
import { FieldError, useFormErrors } from '../ui/form.tsx';
import { stockholmMoment } from '../ui/time.ts';

/** Kronofogden's liaison tells social services of an application for eviction or an eviction date. */
export function KfmPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'application' | 'eviction_date'>('eviction_date');
  const [message, setMessage] = useState<string | null>(null);
  const { errors, fail, clear } = useFormErrors();
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '');
    // A datetime-local field has no offset: it is Swedish time.
    const local = text('evictionAt');
    const evictionAt = kind === 'eviction_date' && local ? stockholmMoment(local) : null;
    setMessage(null);
    clear();
    try {
      const res = await api<KfmNoticeKept>('POST', '/api/v1/kfm-notices', {
        kind, caseNumber: text('caseNumber'), municipalityCode: text('municipalityCode'), personnummer: text('personnummer'), address: text('address'),
        landlordName: text('landlordName') || null, evictionAt,
      });
      setMessage(res.created ? t('kfm.sent') : t('kfm.already'));
      form.reset();
    } catch (err) {
      fail(err);
    }
  };
  return (
    <section aria-labelledby="kfm-title" className="narrow">
      <h1 id="kfm-title">{t('kfm.title')}</h1>
      <p>{t('kfm.intro')}</p>
      <form onSubmit={submit} aria-labelledby="kfm-title" noValidate>
        <fieldset>
          <legend>{t('kfm.kind')}</legend>
          {KFM_NOTICE_KINDS.map((k) => (
            <label key={k}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {t(`kfm.${k}`)}
            </label>
          ))}
        </fieldset>
        <label htmlFor="k-case">{t('kfm.caseNumber')}</label>
        <input id="k-case" name="caseNumber" required maxLength={40} {...errors.input('caseNumber', 'k-case')} />
        <FieldError errors={errors} field="caseNumber" id="k-case" />
        <label htmlFor="k-code">{t('kfm.municipalityCode')}</label>
        <input id="k-code" name="municipalityCode" required inputMode="numeric" maxLength={4} {...errors.input('municipalityCode', 'k-code')} />
        <FieldError errors={errors} field="municipalityCode" id="k-code" />
        <label htmlFor="k-pnr">{t('kfm.personnummer')}</label>
        <input id="k-pnr" name="personnummer" required maxLength={20} autoComplete="off" {...errors.input('personnummer', 'k-pnr')} />
        <FieldError errors={errors} field="personnummer" id="k-pnr" />
        <label htmlFor="k-address">{t('kfm.address')}</label>
        <input id="k-address" name="address" required maxLength={200} {...errors.input('address', 'k-address')} />
        <FieldError errors={errors} field="address" id="k-address" />
        <label htmlFor="k-landlord">{t('kfm.landlord')}</label>
        <input id="k-landlord" name="landlordName" maxLength={200} {...errors.input('landlordName', 'k-landlord')} />
        <FieldError errors={errors} field="landlordName" id="k-landlord" />
        {kind === 'eviction_date' && (
          <>
            <label htmlFor="k-at">{t('kfm.evictionAt')}</label>
            <input id="k-at" name="evictionAt" type="datetime-local" required {...errors.input('evictionAt', 'k-at')} />
            <FieldError errors={errors} field="evictionAt" id="k-at" />
          </>
        )}
        {errors.message && <p role="alert">{errors.message}</p>}
        {message && <p role="status">{message}</p>}
        <button type="submit">{t('kfm.send')}</button>
      </form>
    </section>
  );
}
