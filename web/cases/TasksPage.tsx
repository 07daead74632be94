import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import type { Task } from './Plans.tsx';

/** The municipality's open case tasks: overdue first, then those due in the next seven days. */
export function TasksPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['tasks'], queryFn: () => api<{ today: string; overdue: Task[]; coming: Task[] }>('GET', '/api/v1/tasks') });
  const done = useMutation({
    mutationFn: (id: string) => api('POST', `/api/v1/tasks/${id}/done`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['tasks'] }),
  });
  const table = (id: string, caption: string, tasks: Task[]) => (
    <table id={id}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('tasks.dueOn')}</th>
          <th scope="col">{t('tasks.what')}</th>
          <th scope="col">{t('worklist.address')}</th>
          <th scope="col">{t('tasks.who')}</th>
          <th scope="col">{t('tasks.markDone')}</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((k) => (
          <tr key={k.id}>
            <td>{k.due_on}</td>
            <td>{k.title}</td>
            <td>
              <Link to="/arenden/$caseId" params={{ caseId: k.case_id }}>
                {k.address ?? t('protection.hidden')}
              </Link>
            </td>
            <td>{k.assigned_name ?? '–'}</td>
            <td>
              <button type="button" onClick={() => done.mutate(k.id)} aria-label={`${t('tasks.markDone')}: ${k.title}`}>
                {t('tasks.markDone')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <section aria-labelledby="tasks-page-title">
      <h1 id="tasks-page-title">{t('tasks.pageTitle')}</h1>
      {q.isPending && <p role="status">{t('app.loading')}</p>}
      {q.isError && <p role="alert">{t('app.error')}</p>}
      {q.data && (
        <>
          <h2>{t('tasks.overdue', { count: q.data.overdue.length })}</h2>
          {q.data.overdue.length > 0 && table('tasks-overdue', t('tasks.overdueCaption'), q.data.overdue)}
          <h2>{t('tasks.coming', { count: q.data.coming.length })}</h2>
          {q.data.coming.length > 0 && table('tasks-coming', t('tasks.comingCaption'), q.data.coming)}
        </>
      )}
    </section>
  );
}
