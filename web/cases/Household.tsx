import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, postForm } from '../api.ts';
import { serverToday } from '../ui/time.ts';
import type { Consent, ConsentRecipient as Recipient, Person } from '../../src/cases/api.ts';
import { CONSENT_CATEGORIES } from '../../src/access/consent-rules.ts';
import { FieldError } from '../ui/form.tsx';
import { useCaseAction } from './useCaseAction.ts';





const pnr = (p: string | null) => (p ? `${p.slice(0, 8)}-${p.slice(8)}` : '');

/** The household: tenants and other adults by personnummer, children by age. */
export function Household({ caseId, persons }: { caseId: string; persons: Person[] }) {
  const { t } = useTranslation();
  const { error, errors, submit } = useCaseAction(caseId);
  const [relation, setRelation] = useState<Person['relation']>('child');
  const year = Number(serverToday().slice(0, 4));
  const add = (data: FormData) =>
    api('POST', `/api/v1/cases/${caseId}/persons`, {
      relation: data.get('relation'), personnummer: data.get('personnummer') || null, name: data.get('name') || null,
      birthYear: data.get('birthYear') ? Number(data.get('birthYear')) : null,
    });
  return (
    <>
      <h2 id="household-title">{t('household.title')}</h2>
      {persons.length === 0 && <p>{t('household.none')}</p>}
      <ul className="timeline" aria-labelledby="household-title">
        {persons.map((p) => (
          <li key={p.id}>
            <strong>{t(`household.relation.${p.relation}`)}</strong>
            {p.name && ` · ${p.name}`}
            {p.personnummer && ` · ${pnr(p.personnummer)}`}
            {p.relation === 'child' && p.birth_year !== null && ` · ${t('household.age', { age: year - p.birth_year, year: p.birth_year })}`}
          </li>
        ))}
      </ul>
      <details className="fold">
        <summary>{t('household.add')}</summary>
        <form onSubmit={(e) => void submit(add)(e)} aria-label={t('household.add')} className="narrow">
          <label htmlFor="p-relation">{t('household.relationLabel')}</label>
          <select id="p-relation" name="relation" value={relation} onChange={(e) => setRelation(e.target.value as Person['relation'])}>
            {(['child', 'adult', 'tenant'] as const satisfies readonly Person['relation'][]).map((r) => (
              <option key={r} value={r}>
                {t(`household.relation.${r}`)}
              </option>
            ))}
          </select>
          <label htmlFor="p-pnr">{relation === 'child' ? t('household.pnrOptional') : t('household.pnr')}</label>
          <input id="p-pnr" name="personnummer" inputMode="numeric" maxLength={13} required={relation !== 'child'} {...errors.input('personnummer', 'p-pnr')} />
          <FieldError errors={errors} field="personnummer" id="p-pnr" />
          {relation === 'child' && (
            <>
              <label htmlFor="p-year">{t('household.birthYear')}</label>
              <input id="p-year" name="birthYear" type="number" min={year - 17} max={year} {...errors.input('birthYear', 'p-year')} />
              <FieldError errors={errors} field="birthYear" id="p-year" />
            </>
          )}
          <label htmlFor="p-name">{t('household.name')}</label>
          <input id="p-name" name="name" maxLength={200} {...errors.input('name', 'p-name')} />
          <FieldError errors={errors} field="name" id="p-name" />
          {error && <p role="alert">{error}</p>}
          <button type="submit">{t('household.addButton')}</button>
        </form>
      </details>
    </>
  );
}

/** Consents: recorded as given, printed for signature, documented, withdrawn; each with its state today. */
export function Consents({ caseId, persons, consents, recipients }: { caseId: string; persons: Person[]; consents: Consent[]; recipients: Recipient[] }) {
  const { t } = useTranslation();
  const { error, errors, submit, run } = useCaseAction(caseId);
  const today = serverToday();
  const adults = persons.filter((p) => p.relation !== 'child');
  const byId = new Map(persons.map((p) => [p.id, p]));
  const record = (data: FormData) =>
    api('POST', `/api/v1/cases/${caseId}/consents`, {
      personId: data.get('personId'), categories: data.getAll('categories'), recipientOrgIds: data.getAll('recipients'),
      toDebtAdvice: data.get('debtAdvice') === 'on', purpose: data.get('purpose'), validFrom: data.get('validFrom'), validUntil: data.get('validUntil'),
    });
  const base = `/api/v1/cases/${caseId}/consents`;
  return (
    <>
      <h2 id="consents-title">{t('consent.title')}</h2>
      <p className="sub">{t('consent.intro')}</p>
      {consents.length === 0 && <p>{t('consent.none')}</p>}
      <ul className="timeline" aria-labelledby="consents-title">
        {consents.map((c) => {
          const who = byId.get(c.personId);
          const to = [...c.recipients.map((r) => r.name), ...(c.toDebtAdvice ? [t('consent.debtAdvice')] : [])].join(', ');
          return (
            <li key={c.id} data-consent={c.id}>
              <strong>{t('consent.from', { name: who?.name ?? pnr(who?.personnummer ?? null) })}</strong>{' '}
              <span className={`tag ${c.state === 'valid' ? 'ok' : c.state === 'awaiting_signature' ? 'warn' : ''}`}>{t(`consent.state.${c.state}`)}</span>
              <div>{t('consent.toWhom', { to })}</div>
              <div>{c.categories.map((k) => t(`consent.category.${k}`)).join(', ')}</div>
              <div className="sub">
                {t('consent.period', { from: c.validFrom, until: c.validUntil })} · {c.purpose}
              </div>
              {c.withdrawnAt && <div className="sub">{t('consent.withdrawnBy', { who: c.withdrawnBy ?? '', note: c.withdrawnNote ?? '' })}</div>}
              <div>
                <a href={`${base}/${c.id}/form`}>{t('consent.formPdf')}</a>
                {c.documentedAs === 'scan' && (
                  <>
                    {' · '}
                    <a href={`${base}/${c.id}/scan`}>{t('consent.scan')}</a>
                  </>
                )}
              </div>
              {c.state === 'awaiting_signature' && (
                <div className="filters">
                  <form onSubmit={(e) => void submit((data) => postForm(`${base}/${c.id}/document`, data))(e)} aria-label={t('consent.uploadLabel')}>
                    <label htmlFor={`scan-${c.id}`}>{t('consent.uploadLabel')}</label>
                    <input id={`scan-${c.id}`} name="file" type="file" accept="application/pdf,image/jpeg,image/png" required />
                    <button type="submit">{t('consent.upload')}</button>
                  </form>
                  <button type="button" onClick={() => void run(() => api('POST', `${base}/${c.id}/document`, { paper: true }))}>
                    {t('consent.paper')}
                  </button>
                </div>
              )}
              {c.state !== 'withdrawn' && (
                <form className="inline" onSubmit={(e) => void submit((data) => api('POST', `${base}/${c.id}/withdraw`, { note: data.get('note') || null }))(e)}>
                  <label htmlFor={`withdraw-${c.id}`}>{t('consent.withdrawNote')}</label>
                  <input id={`withdraw-${c.id}`} name="note" maxLength={1000} />
                  <button type="submit" className="danger">
                    {t('consent.withdraw')}
                  </button>
                </form>
              )}
            </li>
          );
        })}
      </ul>
      {error && <p role="alert">{error}</p>}
      {adults.length > 0 && (
        <details className="fold">
          <summary>{t('consent.record')}</summary>
          <form onSubmit={(e) => void submit(record)(e)} aria-label={t('consent.record')} className="narrow">
            <label htmlFor="c-person">{t('consent.person')}</label>
            <select id="c-person" name="personId" required>
              {adults.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name ?? pnr(p.personnummer)}
                </option>
              ))}
            </select>
            <fieldset>
              <legend>{t('consent.categories')}</legend>
              {CONSENT_CATEGORIES.map((k) => (
                <label key={k}>
                  <input type="checkbox" name="categories" value={k} /> {t(`consent.category.${k}`)}
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>{t('consent.recipients')}</legend>
              {recipients.map((r) => (
                <label key={r.id}>
                  <input type="checkbox" name="recipients" value={r.id} /> {r.name}
                </label>
              ))}
              <label>
                <input type="checkbox" name="debtAdvice" /> {t('consent.debtAdvice')}
              </label>
            </fieldset>
            <label htmlFor="c-purpose">{t('consent.purpose')}</label>
            <input id="c-purpose" name="purpose" maxLength={1000} required {...errors.input('purpose', 'c-purpose')} />
            <FieldError errors={errors} field="purpose" id="c-purpose" />
            <label htmlFor="c-from">{t('consent.validFrom')}</label>
            <input id="c-from" name="validFrom" type="date" defaultValue={today} min={today} required {...errors.input('validFrom', 'c-from')} />
            <FieldError errors={errors} field="validFrom" id="c-from" />
            <label htmlFor="c-until">{t('consent.validUntil')}</label>
            <input id="c-until" name="validUntil" type="date" min={today} required {...errors.input('validUntil', 'c-until')} />
            <FieldError errors={errors} field="validUntil" id="c-until" />
            <button type="submit">{t('consent.save')}</button>
          </form>
        </details>
      )}
    </>
  );
}
