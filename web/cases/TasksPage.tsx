import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useCan } from '../app.tsx';
import type { OpenTasks, Task } from '../../src/cases/api.ts';
import type { ReviewTasks } from '../../src/housing/contract-api.ts';

/**
 * The municipality's open case tasks (overdue first, then those due in the next seven days), and the
 * reviews of social contracts that are due (issue 4 §4), for those who work with either.
 */
export function TasksPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const seesCases = useCan('case.read');
  const seesContracts = useCan('applicant.read');
  const q = useQuery({ queryKey: ['tasks'], queryFn: () => api<OpenTasks>('GET', '/api/v1/tasks'), enabled: seesCases });
  const reviews = useQuery({
    queryKey: ['review-tasks'],
    queryFn: () => api<ReviewTasks>('GET', '/api/v1/housing/review-tasks'),
    enabled: seesContracts,
  });
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
      {seesCases && q.isPending && <p role="status">{t('app.loading')}</p>}
      {(q.isError || reviews.isError) && <p role="alert">{t('app.error')}</p>}
      {q.data && (
        <>
          <h2>{t('tasks.overdue', { count: q.data.overdue.length })}</h2>
          {q.data.overdue.length > 0 && table('tasks-overdue', t('tasks.overdueCaption'), q.data.overdue)}
          <h2>{t('tasks.coming', { count: q.data.coming.length })}</h2>
          {q.data.coming.length > 0 && table('tasks-coming', t('tasks.comingCaption'), q.data.coming)}
        </>
      )}
      {reviews.data && (
        <>
          <h2>{t('tasks.reviews', { count: reviews.data.overdue.length + reviews.data.coming.length })}</h2>
          {reviews.data.overdue.length + reviews.data.coming.length > 0 && (
            <table id="tasks-reviews">
              <caption>{t('tasks.reviewsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tasks.reviewOn')}</th>
                  <th scope="col">{t('tasks.household')}</th>
                  <th scope="col">{t('worklist.address')}</th>
                  <th scope="col">{t('tasks.step')}</th>
                </tr>
              </thead>
              <tbody>
                {[...reviews.data.overdue, ...reviews.data.coming].map((r) => (
                  <tr key={r.contractId}>
                    <td>
                      {r.reviewOn}
                      {r.reviewOn < reviews.data.today && <span className="tag danger">{t('contracts.overdue')}</span>}
                    </td>
                    <td>
                      <Link to="/kontrakt" hash={`kontrakt-${r.contractId}`}>
                        {r.household}
                      </Link>
                    </td>
                    <td>{r.address}</td>
                    <td>{r.step}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
