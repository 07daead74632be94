import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, upload } from '../api.ts';
import type { ImportReport } from '../../src/ledger/api.ts';

type Report = ImportReport;

export function ImportPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'tenancies' | 'transactions'>('transactions');
  const [progress, setProgress] = useState<number | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  const send = async (file: File) => {
    setReport(null);
    setError(null);
    setProgress(0);
    try {
      setReport(await upload<Report>(`/api/v1/imports?kind=${kind}&filename=${encodeURIComponent(file.name)}`, file, setProgress));
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) setReport(err.details as Report);
      else setError((err as Error).message);
    } finally {
      setProgress(null);
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void send(file);
  };

  return (
    <section aria-labelledby="import-title">
      <h1 id="import-title">{t('import.title')}</h1>
      <fieldset>
        <legend>{t('import.kind')}</legend>
        {(['tenancies', 'transactions'] as const).map((k) => (
          <label key={k} className="radio">
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {t(`import.${k}`)}
          </label>
        ))}
      </fieldset>
      <div
        className={`dropzone${dragging ? ' active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>
          {t('import.drop')}{' '}
          <label className="file-label">
            {t('import.choose')}
            <input
              type="file"
              accept=".csv,text/csv"
              className="visually-hidden"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void send(file);
                e.target.value = '';
              }}
            />
          </label>
        </p>
        <p className="sub">{t('import.format')}</p>
      </div>
      {progress !== null && (
        <div>
          <label htmlFor="import-progress">{t('import.uploading')}</label>
          <progress id="import-progress" max={1} value={progress} aria-label={t('import.progress')} />
        </div>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      {report?.accepted && (
        <div role="status" className="success">
          <h2>{t('import.ok')}</h2>
          <dl className="counts">
            {Object.entries(report.counts).map(([k, v]) => (
              <div key={k}>
                <dt>{t(`import.countNames.${k}`, { defaultValue: k })}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      {report && !report.accepted && (
        <div role="alert" className="error-report">
          <h2>
            {t('import.rejected')}: {report.problemCount}
          </h2>
          <table>
            <caption>{t('import.problems')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('import.line')}</th>
                <th scope="col">{t('import.column')}</th>
                <th scope="col">{t('import.value')}</th>
                <th scope="col">{t('import.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {report.problems.map((p, i) => (
                <tr key={i}>
                  <td>{p.line}</td>
                  <td>{p.column ?? '–'}</td>
                  <td>{p.value ?? '–'}</td>
                  <td>{p.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.problemCount > report.problems.length && <p>{t('import.more', { n: report.problemCount - report.problems.length })}</p>}
        </div>
      )}
    </section>
  );
}
