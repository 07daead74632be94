import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.ts';

/** Protected identity: who may see the case (issue 3 §3). The one marking it is always among them. */
export function Protection({ caseId, protectedIdentity, workers, colleagues, me }: {
  caseId: string;
  protectedIdentity: boolean;
  workers: { user_id: string; name: string }[];
  colleagues: { id: string; name: string }[];
  me: string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const named = new Set(workers.map((w) => w.user_id));
  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const on = data.get('protected') === 'on';
    setError(null);
    try {
      await api('PUT', `/api/v1/cases/${caseId}/protection`, { protectedIdentity: on, workerIds: on ? data.getAll('workers') : [] });
      await queryClient.invalidateQueries({ queryKey: ['case', caseId] });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('app.error'));
    }
  };
  return (
    <details className="fold" open={protectedIdentity}>
      <summary>{protectedIdentity ? t('protection.on', { names: workers.map((w) => w.name).join(', ') }) : t('protection.title')}</summary>
      <form onSubmit={(e) => void save(e)} className="narrow" aria-label={t('protection.title')}>
        <p className="sub">{t('protection.intro')}</p>
        <label>
          <input type="checkbox" name="protected" defaultChecked={protectedIdentity} /> {t('protection.label')}
        </label>
        <fieldset>
          <legend>{t('protection.who')}</legend>
          {colleagues.map((c) => (
            <label key={c.id}>
              <input type="checkbox" name="workers" value={c.id} defaultChecked={named.has(c.id) || c.id === me} /> {c.name}
            </label>
          ))}
        </fieldset>
        {error && <p role="alert">{error}</p>}
        <button type="submit">{t('protection.save')}</button>
      </form>
    </details>
  );
}
