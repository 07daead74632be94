import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import type { KfmNoticeKept } from '../../src/cases/intake-api.ts';
import { CHILDREN_LIVING, EVICTED_HOUSEHOLDS, KFM_KINDS, KFM_NOTICE_KINDS, type KfmKind } from '../../src/cases/model.ts';
import { FieldError, useFormErrors } from '../ui/form.tsx';
import { stockholmMoment } from '../ui/time.ts';

const CHILD_FIELD = { permanent: 'childrenPermanent', alternating: 'childrenAlternating', visiting: 'childrenVisiting' } as const;

/**
 * Kronofogden's liaison tells social services of an application for eviction or an eviction date (a
 * notice naming the person), or tells how a matter ended (a fact for the figures, kept without the person).
 */
export function KfmPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<KfmKind>('eviction_date');
  const [message, setMessage] = useState<string | null>(null);
  const { errors, fail, clear } = useFormErrors();
  const notice = (KFM_NOTICE_KINDS as readonly string[]).includes(kind);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '');
    const whole = (name: string) => (text(name) === '' ? null : Number(text(name)));
    // A datetime-local field has no offset: it is Swedish time.
    const local = text('evictionAt');
    const evictionAt = kind === 'eviction_date' && local ? stockholmMoment(local) : null;
    const present = text('socialServicesPresent');
    const body = notice
      ? { kind, caseNumber: text('caseNumber'), municipalityCode: text('municipalityCode'), personnummer: text('personnummer'), address: text('address'), landlordName: text('landlordName') || null, evictionAt }
      : {
          kind, caseNumber: text('caseNumber'), municipalityCode: text('municipalityCode'), address: text('address'), occurredOn: text('occurredOn') || null,
          ...(kind === 'carried_out'
            ? {
                householdType: text('householdType') || null, childrenPermanent: whole('childrenPermanent'), childrenAlternating: whole('childrenAlternating'),
                childrenVisiting: whole('childrenVisiting'), socialServicesPresent: present === '' ? null : present === 'yes',
              }
            : {}),
        };
    setMessage(null);
    clear();
    try {
      const res = await api<KfmNoticeKept>('POST', '/api/v1/kfm-notices', body);
      setMessage(notice ? (res.created ? t('kfm.sent') : t('kfm.already')) : res.created ? t('kfm.outcomeSent') : t('kfm.outcomeAlready'));
      form.reset();
    } catch (err) {
      fail(err);
    }
  };
  const field = (name: string, id: string, label: string, extra: Record<string, unknown> = {}) => (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} {...extra} {...errors.input(name, id)} />
      <FieldError errors={errors} field={name} id={id} />
    </>
  );
  return (
    <section aria-labelledby="kfm-title" className="narrow">
      <h1 id="kfm-title">{t('kfm.title')}</h1>
      <p>{t('kfm.intro')}</p>
      <form onSubmit={submit} aria-labelledby="kfm-title" noValidate>
        <fieldset>
          <legend>{t('kfm.kind')}</legend>
          {KFM_KINDS.map((k) => (
            <label key={k}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {t(`kfm.${k}`)}
            </label>
          ))}
        </fieldset>
        {!notice && <p>{t('kfm.outcomeNote')}</p>}
        {field('caseNumber', 'k-case', t('kfm.caseNumber'), { required: true, maxLength: 40 })}
        {field('municipalityCode', 'k-code', t('kfm.municipalityCode'), { required: true, inputMode: 'numeric', maxLength: 4 })}
        {notice && field('personnummer', 'k-pnr', t('kfm.personnummer'), { required: true, maxLength: 20, autoComplete: 'off' })}
        {field('address', 'k-address', t('kfm.address'), { required: true, maxLength: 200 })}
        {notice && field('landlordName', 'k-landlord', t('kfm.landlord'), { maxLength: 200 })}
        {kind === 'eviction_date' && field('evictionAt', 'k-at', t('kfm.evictionAt'), { type: 'datetime-local', required: true })}
        {!notice && field('occurredOn', 'k-on', t(`kfm.on.${kind}`), { type: 'date', required: true })}
        {kind === 'carried_out' && (
          <>
            <label htmlFor="k-household">{t('kfm.householdType')}</label>
            <select id="k-household" name="householdType" defaultValue="" required {...errors.input('householdType', 'k-household')}>
              <option value="" disabled>
                {t('kfm.choose')}
              </option>
              {EVICTED_HOUSEHOLDS.map((h) => (
                <option key={h} value={h}>
                  {t(`kfm.household.${h}`)}
                </option>
              ))}
            </select>
            <FieldError errors={errors} field="householdType" id="k-household" />
            <fieldset>
              <legend>{t('kfm.children')}</legend>
              {CHILDREN_LIVING.map((c) => (
                <div key={c}>{field(CHILD_FIELD[c], `k-children-${c}`, t(`kfm.living.${c}`), { type: 'number', min: 0, max: 30, inputMode: 'numeric', defaultValue: 0, required: true })}</div>
              ))}
            </fieldset>
            <fieldset {...(errors.of('socialServicesPresent') ? { 'aria-describedby': 'k-present-error' } : {})}>
              <legend>{t('kfm.socialServicesPresent')}</legend>
              <label>
                <input type="radio" name="socialServicesPresent" value="yes" /> {t('kfm.yes')}
              </label>
              <label>
                <input type="radio" name="socialServicesPresent" value="no" /> {t('kfm.no')}
              </label>
              <FieldError errors={errors} field="socialServicesPresent" id="k-present" />
            </fieldset>
          </>
        )}
        {errors.message && <p role="alert">{errors.message}</p>}
        {message && <p role="status">{message}</p>}
        <button type="submit">{notice ? t('kfm.send') : t('kfm.sendOutcome')}</button>
      </form>
    </section>
  );
}
