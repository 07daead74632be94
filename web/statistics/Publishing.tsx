// The municipality's administrator says which years of its key figures the other municipalities in
// Bokvar may see beside their own (issue 14 §7); nothing is shown before, and it can be taken back.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useFormErrors } from '../ui/form.tsx';
import { serverToday } from '../ui/time.ts';
import type { PublicationsAnswer } from '../../src/statistics/api.ts';

export function Publishing() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['publications'], queryFn: () => api<PublicationsAnswer>('GET', '/api/v1/statistics/publications') });
  const { errors, fail, clear } = useFormErrors();
  const [saved, setSaved] = useState<string | null>(null);
  // The box shows what was just chosen while the server is asked, and goes back if it refuses.
  const [choosing, setChoosing] = useState<Record<number, boolean>>({});
  const year = Number(serverToday().slice(0, 4));
  const years = [year, year - 1, year - 2, year - 3];
  const toggle = async (y: number, published: boolean) => {
    clear();
    setSaved(null);
    setChoosing((c) => ({ ...c, [y]: published }));
    try {
      const answer = await api<PublicationsAnswer>('PUT', `/api/v1/statistics/publications/${y}`, { published });
      queryClient.setQueryData(['publications'], answer);
      setSaved(published ? t('publishing.published', { year: y }) : t('publishing.withdrawn', { year: y }));
    } catch (err) {
      fail(err);
    } finally {
      setChoosing(({ [y]: _done, ...rest }) => rest);
    }
  };
  const published = new Set(q.data?.years.map((p) => p.year) ?? []);
  return (
    <section aria-labelledby="publishing-title">
      <h2 id="publishing-title">{t('publishing.title')}</h2>
      <p className="sub">{t('publishing.intro')}</p>
      {q.isSuccess && (
        <fieldset>
          <legend>{t('publishing.years')}</legend>
          {years.map((y) => (
            <label key={y}>
              <input type="checkbox" checked={choosing[y] ?? published.has(y)} onChange={(e) => void toggle(y, e.target.checked)} /> {t('publishing.year', { year: y })}
            </label>
          ))}
        </fieldset>
      )}
      {errors.message && <p role="alert">{errors.message}</p>}
      {saved && <p role="status">{saved}</p>}
    </section>
  );
}
