import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.ts';
import { useCan } from '../app.tsx';
import { problemsOf } from '../ui/field-errors.ts';
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
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [wrong, setWrong] = useState<Partial<Record<Period, string>>>({});
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
    setWrong({});
    try {
      await api('PUT', '/api/v1/retention', body);
      setMessage({ text: t('retention.saved'), error: false });
      void q.refetch();
    } catch (err) {
      const problems = err instanceof ApiError ? problemsOf(err.details) : null;
      setWrong(Object.fromEntries((problems ?? []).map((f) => [f.field.replace(/^body\./, ''), f.message])));
      setMessage({ text: err instanceof ApiError ? err.message : t('app.error'), error: true });
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
                aria-describedby={`retention-${p}-hint${wrong[p] ? ` retention-${p}-error` : ''}`} aria-invalid={wrong[p] ? true : undefined}
              />
              <p id={`retention-${p}-hint`} className="sub">{t(`retention.inForce.${p}`, { n: q.data.inForce[p], default: q.data.defaults[p] })}</p>
              {wrong[p] && <p id={`retention-${p}-error`} className="error">{wrong[p]}</p>}
            </div>
          ))}
          {canSet && <button type="submit">{t('retention.save')}</button>}
          {message && <p role={message.error ? 'alert' : 'status'}>{message.text}</p>}
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
