import { useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { FieldError, useFormErrors } from '../ui/form.tsx';

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
  const { errors, fail, clear } = useFormErrors();
  const named = new Set(workers.map((w) => w.user_id));
  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const on = data.get('protected') === 'on';
    clear();
    try {
      await api('PUT', `/api/v1/cases/${caseId}/protection`, { protectedIdentity: on, workerIds: on ? data.getAll('workers') : [] });
      await queryClient.invalidateQueries({ queryKey: ['case', caseId] });
    } catch (err) {
      fail(err);
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
        <fieldset id="pr-workers" {...errors.input('workerIds', 'pr-workers')}>
          <legend>{t('protection.who')}</legend>
          {colleagues.map((c) => (
            <label key={c.id}>
              <input type="checkbox" name="workers" value={c.id} defaultChecked={named.has(c.id) || c.id === me} /> {c.name}
            </label>
          ))}
        </fieldset>
        <FieldError errors={errors} field="workerIds" id="pr-workers" />
        {errors.message && <p role="alert">{errors.message}</p>}
        <button type="submit">{t('protection.save')}</button>
      </form>
    </details>
  );
}
