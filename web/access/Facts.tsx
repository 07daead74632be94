// The facts an organisation's figures are counted against (issue 14 §1), set by its administrator: a
// municipality's inhabitants per year (by hand, or SCB's table "Folkmängd efter region, ålder och
// år"), a landlord's number of homes per year.
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, upload } from '../api.ts';
import { FieldError, useFormErrors } from '../ui/form.tsx';
import { stockholmDateTime } from '../ui/time.ts';
import type { LandlordHomesAnswer, PopulationAnswer } from '../../src/statistics/api.ts';

/** A count as written ("158 000"), or the text itself so that the server names the field. */
const countOf = (v: FormDataEntryValue | null) => {
  const s = String(v ?? '').replace(/[\s\u00a0]/g, '');
  return /^\d+$/.test(s) ? Number(s) : s;
};

export function Population() {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['population'], queryFn: () => api<PopulationAnswer>('GET', '/api/v1/statistics/population') });
  const entry = useFormErrors();
  const file = useFormErrors();
  const [saved, setSaved] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ line: number; reason: string }[]>([]);
  const n = (x: number) => x.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'sv-SE');
  const enter = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    entry.clear();
    setSaved(null);
    try {
      await api('PUT', `/api/v1/statistics/population/${encodeURIComponent(String(f.get('year') ?? ''))}`, { inhabitants: countOf(f.get('inhabitants')), childrenUnder18: countOf(f.get('childrenUnder18')) });
      setSaved(t('facts.saved'));
      void q.refetch();
    } catch (err) {
      entry.fail(err);
    }
  };
  const read = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const chosen = (e.currentTarget.elements.namedItem('scb') as HTMLInputElement).files?.[0];
    file.clear();
    setProblems([]);
    setSaved(null);
    if (!chosen) return;
    try {
      await upload('/api/v1/statistics/population/import', chosen, () => {});
      setSaved(t('facts.imported'));
      void q.refetch();
    } catch (err) {
      file.fail(err);
      if (err instanceof ApiError) setProblems(((err.details as { problems?: { line: number; reason: string }[] } | null)?.problems ?? []).slice(0, 10));
    }
  };
  return (
    <section aria-labelledby="population-title">
      <h2 id="population-title">{t('facts.populationTitle')}</h2>
      <p className="sub">{t('facts.populationIntro')}</p>
      <table>
        <caption>{t('facts.populationCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('facts.year')}</th>
            <th scope="col" className="num">{t('facts.inhabitants')}</th>
            <th scope="col" className="num">{t('facts.children')}</th>
            <th scope="col">{t('facts.source')}</th>
          </tr>
        </thead>
        <tbody>
          {q.data?.years.length === 0 && (
            <tr>
              <td colSpan={4}>{t('facts.noneYet')}</td>
            </tr>
          )}
          {q.data?.years.map((y) => (
            <tr key={y.year}>
              <td>{y.year}</td>
              <td className="num">{n(y.inhabitants)}</td>
              <td className="num">{n(y.childrenUnder18)}</td>
              <td>
                {t(`facts.from.${y.source}`)} · {y.setBy ?? ''} {stockholmDateTime(y.setAt, i18n.language)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => void enter(e)} className="narrow" aria-label={t('facts.enterPopulation')}>
        <label htmlFor="pop-year">{t('facts.year')}</label>
        <input id="pop-year" name="year" inputMode="numeric" required {...entry.errors.input('year', 'pop-year')} />
        <FieldError errors={entry.errors} field="year" id="pop-year" />
        <label htmlFor="pop-inhabitants">{t('facts.inhabitants')}</label>
        <input id="pop-inhabitants" name="inhabitants" inputMode="numeric" required {...entry.errors.input('inhabitants', 'pop-inhabitants')} />
        <FieldError errors={entry.errors} field="inhabitants" id="pop-inhabitants" />
        <label htmlFor="pop-children">{t('facts.children')}</label>
        <input id="pop-children" name="childrenUnder18" inputMode="numeric" required {...entry.errors.input('childrenUnder18', 'pop-children')} />
        <FieldError errors={entry.errors} field="childrenUnder18" id="pop-children" />
        {entry.errors.message && <p role="alert">{entry.errors.message}</p>}
        <button type="submit">{t('facts.save')}</button>
      </form>
      <form onSubmit={(e) => void read(e)} className="narrow" aria-label={t('facts.readScb')}>
        <label htmlFor="pop-scb">{t('facts.scbFile')}</label>
        <input id="pop-scb" name="scb" type="file" accept=".csv,text/csv" required aria-describedby="pop-scb-hint" />
        <p id="pop-scb-hint" className="sub">{t('facts.scbHint')}</p>
        {file.errors.message && <p role="alert">{file.errors.message}</p>}
        {problems.length > 0 && (
          <ul aria-label={t('facts.problems')}>
            {problems.map((p) => (
              <li key={`${p.line}-${p.reason}`}>{t('facts.problemLine', { line: p.line, reason: p.reason })}</li>
            ))}
          </ul>
        )}
        <button type="submit">{t('facts.read')}</button>
      </form>
      {saved && <p role="status">{saved}</p>}
    </section>
  );
}

export function LandlordHomes() {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['landlord-homes'], queryFn: () => api<LandlordHomesAnswer>('GET', '/api/v1/statistics/homes') });
  const { errors, fail, clear } = useFormErrors();
  const [saved, setSaved] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    clear();
    setSaved(false);
    try {
      await api('PUT', `/api/v1/statistics/homes/${encodeURIComponent(String(f.get('year') ?? ''))}`, { homes: countOf(f.get('homes')) });
      setSaved(true);
      void q.refetch();
    } catch (err) {
      fail(err);
    }
  };
  return (
    <section aria-labelledby="homes-title">
      <h2 id="homes-title">{t('facts.homesTitle')}</h2>
      <p className="sub">{t('facts.homesIntro')}</p>
      {q.data && q.data.years.length > 0 && (
        <ul className="plain" aria-label={t('facts.homesTitle')}>
          {q.data.years.map((y) => (
            <li key={y.year}>
              {t('facts.homesLine', { year: y.year, homes: y.homes.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'sv-SE') })}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => void submit(e)} className="narrow" aria-label={t('facts.enterHomes')}>
        <label htmlFor="homes-year">{t('facts.year')}</label>
        <input id="homes-year" name="year" inputMode="numeric" required {...errors.input('year', 'homes-year')} />
        <FieldError errors={errors} field="year" id="homes-year" />
        <label htmlFor="homes-count">{t('facts.homes')}</label>
        <input id="homes-count" name="homes" inputMode="numeric" required {...errors.input('homes', 'homes-count')} />
        <FieldError errors={errors} field="homes" id="homes-count" />
        {errors.message && <p role="alert">{errors.message}</p>}
        {saved && <p role="status">{t('facts.saved')}</p>}
        <button type="submit">{t('facts.save')}</button>
      </form>
    </section>
  );
}
