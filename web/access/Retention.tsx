import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useCan } from '../app.tsx';
import { FieldError, useFormErrors } from '../ui/form.tsx';
import { stockholmDateTime } from '../ui/time.ts';
import type { Retention } from '../../src/privacy/api.ts';

type Period = keyof Retention['settings'];

/**
 * How long the organisation keeps each kind of personal data (issue 12 §22), and what the night's
 * culling removed: counts and dates, never a person. The admin sets the periods; an empty field is the default.
 */
export function RetentionSettings() {
  const { t, i18n } = useTranslation();
  const canSet = useCan('retention.manage');
  const q = useQuery({ queryKey: ['retention'], queryFn: () => api<Retention>('GET', '/api/v1/retention') });
  const [saved, setSaved] = useState(false);
  const { errors, fail, clear } = useFormErrors();
  if (!q.data) return null;
  const periods = Object.keys(q.data.inForce) as Period[];
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    // Empty is the default; anything not a whole number goes as written, so the server names the field
    // (never silently back to the default).
    const body = Object.fromEntries(periods.map((p) => {
      const raw = String(form.get(p) ?? '').trim();
      return [p, raw === '' ? null : /^\d+$/.test(raw) ? Number(raw) : raw];
    }));
    clear();
    setSaved(false);
    try {
      await api('PUT', '/api/v1/retention', body);
      setSaved(true);
      void q.refetch();
    } catch (err) {
      fail(err);
    }
  };
  return (
    <section aria-labelledby="retention-title">
      <h2 id="retention-title">{t('retention.title')}</h2>
      <p className="sub">{t('retention.intro', { years: q.data.auditRetentionYears })}</p>
      {periods.length > 0 && (
        <form onSubmit={(e) => void submit(e)} className="narrow" aria-labelledby="retention-title" noValidate>
          {periods.map((p) => (
            <div key={p}>
              <label htmlFor={`retention-${p}`}>{t(`retention.${p}`)}</label>
              <input
                id={`retention-${p}`} name={p} type="number" inputMode="numeric" min={q.data.limits[p]![0]} max={q.data.limits[p]![1]}
                defaultValue={q.data.settings[p] ?? ''} placeholder={String(q.data.defaults[p])} key={`${p}-${q.data.settings[p]}`} disabled={!canSet}
                {...errors.input(p, `retention-${p}`, `retention-${p}-hint`)}
              />
              <p id={`retention-${p}-hint`} className="sub">{t(`retention.inForce.${p}`, { n: q.data.inForce[p], default: q.data.defaults[p] })}</p>
              <FieldError errors={errors} field={p} id={`retention-${p}`} />
            </div>
          ))}
          {canSet && <button type="submit">{t('retention.save')}</button>}
          {errors.message && <p role="alert">{errors.message}</p>}
          {saved && <p role="status">{t('retention.saved')}</p>}
        </form>
      )}
      <table>
        <caption>{t('retention.culled')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('retention.when')}</th>
            <th scope="col">{t('retention.what')}</th>
            <th scope="col">{t('retention.count')}</th>
            <th scope="col">{t('retention.span')}</th>
            <th scope="col">{t('retention.rule')}</th>
          </tr>
        </thead>
        <tbody>
          {q.data.culled.length === 0 && (
            <tr>
              <td colSpan={5}>{t('retention.none')}</td>
            </tr>
          )}
          {q.data.culled.map((c) => (
            <tr key={`${c.culled_on}-${c.kind}`}>
              <td>{stockholmDateTime(c.culled_at, i18n.language)}</td>
              <td>{t(`retention.kind.${c.kind}`)}</td>
              <td>{c.count}</td>
              <td>{c.oldest === c.newest ? c.oldest : `${c.oldest} – ${c.newest}`}</td>
              <td>{c.rule}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
