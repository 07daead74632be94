import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, csrfHeader, parse, saveBlob } from '../api.ts';

/**
 * A person's own report (GDPR art. 15): everything the organisation keeps about a personnummer and every
 * access to it, downloaded as PDF or JSON. Sent by POST so the personnummer is never in a URL.
 */
export function SubjectReport() {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const download = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const format = (e.nativeEvent as SubmitEvent).submitter?.getAttribute('value') === 'json' ? 'json' : 'pdf';
    setError(null);
    try {
      const res = await fetch('/api/v1/subject-reports', {
        method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', ...csrfHeader() },
        body: JSON.stringify({ personnummer: data.get('personnummer'), format }),
      });
      if (!res.ok) await parse(res);
      const blob = format === 'json' ? new Blob([JSON.stringify(await res.json(), null, 2)], { type: 'application/json' }) : await res.blob();
      saveBlob(blob, `registerutdrag.${format}`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('app.error'));
    }
  };
  return (
    <section aria-labelledby="subject-title">
      <h2 id="subject-title">{t('subject.title')}</h2>
      <p className="sub">{t('subject.intro')}</p>
      <form onSubmit={(e) => void download(e)} className="narrow" aria-labelledby="subject-title">
        <label htmlFor="subject-pnr">{t('subject.personnummer')}</label>
        <input id="subject-pnr" name="personnummer" inputMode="numeric" autoComplete="off" maxLength={13} required />
        {error && <p role="alert">{error}</p>}
        <button type="submit" value="pdf">
          {t('subject.pdf')}
        </button>{' '}
        <button type="submit" value="json" className="link">
          {t('subject.json')}
        </button>
      </form>
    </section>
  );
}
