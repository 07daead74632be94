import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { FieldError, useFormErrors } from '../ui/form.tsx';
import type { ConcernForm, ConcernReceived } from '../../src/cases/intake-api.ts';


/** A random id kept in this browser, so the server can limit how many concerns one client sends. */
function clientId(): string {
  let id = localStorage.getItem('bokvar.client');
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem('bokvar.client', id);
  }
  return id;
}

/**
 * En väg in: anyone (a neighbour, a caretaker, a landlord) tells social services they are worried about a
 * household, without logging in. The answer is a reference number and nothing about anyone.
 */
export function ConcernPage({ loggedIn = false }: { loggedIn?: boolean }) {
  const { t } = useTranslation();
  const form = useQuery({ queryKey: ['concern-form'], queryFn: () => api<ConcernForm>('GET', '/api/v1/concerns/form') });
  const [municipalityId, setMunicipalityId] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const { errors, fail, clear } = useFormErrors();
  const [busy, setBusy] = useState(false);
  const municipalities = form.data?.municipalities ?? [];
  const chosen = municipalities.find((m) => m.id === (municipalityId || municipalities[0]?.id));

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '');
    const body = {
      municipalityId: chosen?.id ?? '',
      areaId: text('areaId') || null,
      address: text('address'),
      contractNumber: text('contractNumber') || null,
      what: text('what'),
      children: data.get('children') === 'on',
      mentalHealth: data.get('mentalHealth') === 'on',
      violence: data.get('violence') === 'on',
      contact: text('contact') || null,
      ...(loggedIn ? {} : { clientId: clientId(), website: text('website') }),
    };
    setBusy(true);
    clear();
    try {
      const res = await api<ConcernReceived>('POST', loggedIn ? '/api/v1/concerns/reported' : '/api/v1/concerns', body);
      setSent(res.reference);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  if (sent)
    return (
      <section aria-labelledby="concern-title" className="narrow">
        <h1 id="concern-title">{t('concern.thanks')}</h1>
        <p role="status">{t('concern.reference', { reference: sent })}</p>
        <p>{t('concern.after')}</p>
      </section>
    );

  return (
    <section aria-labelledby="concern-title" className="narrow">
      <h1 id="concern-title">{t('concern.title')}</h1>
      <p>{t('concern.intro')}</p>
      <p>{t('concern.urgent')}</p>
      {form.isPending && <p role="status">{t('app.loading')}</p>}
      {form.data && (
        <form onSubmit={submit} aria-labelledby="concern-title" noValidate>
          <label htmlFor="c-municipality">{t('concern.municipality')}</label>
          <select id="c-municipality" value={chosen?.id ?? ''} onChange={(e) => setMunicipalityId(e.target.value)}>
            {municipalities.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
          {chosen && chosen.areas.length > 0 && (
            <>
              <label htmlFor="c-area">{t('concern.area')}</label>
              <select id="c-area" name="areaId" defaultValue="">
                <option value="">{t('concern.areaUnknown')}</option>
                {chosen.areas.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </>
          )}
          <label htmlFor="c-address">{t('concern.address')}</label>
          <input id="c-address" name="address" required maxLength={200} autoComplete="off" {...errors.input('address', 'c-address')} />
          <FieldError errors={errors} field="address" id="c-address" />
          {loggedIn && (
            <>
              <label htmlFor="c-contract">{t('concern.contract')}</label>
              <input id="c-contract" name="contractNumber" maxLength={64} autoComplete="off" {...errors.input('contractNumber', 'c-contract')} />
              <FieldError errors={errors} field="contractNumber" id="c-contract" />
            </>
          )}
          <label htmlFor="c-what">{t('concern.what')}</label>
          <textarea id="c-what" name="what" required maxLength={4000} rows={6} {...errors.input('what', 'c-what')} />
          <FieldError errors={errors} field="what" id="c-what" />
          <fieldset>
            <legend>{t('concern.signs')}</legend>
            <label>
              <input type="checkbox" name="children" /> {t('concern.children')}
            </label>
            <label>
              <input type="checkbox" name="mentalHealth" /> {t('concern.mentalHealth')}
            </label>
            <label>
              <input type="checkbox" name="violence" /> {t('concern.violence')}
            </label>
          </fieldset>
          <label htmlFor="c-contact">{t('concern.contact')}</label>
          <input id="c-contact" name="contact" maxLength={200} autoComplete="off" {...errors.input('contact', 'c-contact')} />
          <FieldError errors={errors} field="contact" id="c-contact" />
          {!loggedIn && (
            // A field people never see: a robot that fills it in is answered, and nothing is kept.
            <div className="hp" aria-hidden="true">
              <label htmlFor="c-website">Webbplats</label>
              <input id="c-website" name="website" tabIndex={-1} autoComplete="off" />
            </div>
          )}
          {errors.message && <p role="alert">{errors.message}</p>}
          <button type="submit" disabled={busy}>
            {t('concern.send')}
          </button>
        </form>
      )}
    </section>
  );
}
