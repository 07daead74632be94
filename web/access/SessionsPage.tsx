import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.ts';
import { stockholmDateTime } from '../ui/time.ts';
import type { OwnSessions } from '../../src/access/api.ts';

type OwnSession = OwnSessions['sessions'][number];

/** The user's own logins in force (issue 12 §21): from which browser, when last used; any can be ended at once. */
export function SessionsPage() {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['sessions'], queryFn: () => api<OwnSessions>('GET', '/api/v1/sessions') });
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const end = async (s: OwnSession) => {
    try {
      await api('DELETE', `/api/v1/sessions/${s.id}`);
      setMessage({ text: t('sessions.ended'), error: false });
    } catch (err) {
      setMessage({ text: err instanceof ApiError ? err.message : t('app.error'), error: true });
    }
    void q.refetch();
  };
  const when = (iso: string) => stockholmDateTime(iso, i18n.language);
  return (
    <section aria-labelledby="sessions-title">
      <h1 id="sessions-title">{t('sessions.title')}</h1>
      <p className="sub">{t('sessions.intro')}</p>
      {message && <p role={message.error ? 'alert' : 'status'}>{message.text}</p>}
      {q.isPending && <p role="status">{t('app.loading')}</p>}
      {q.data && (
        <table>
          <caption>{t('sessions.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sessions.browser')}</th>
              <th scope="col">{t('sessions.since')}</th>
              <th scope="col">{t('sessions.lastSeen')}</th>
              <th scope="col">{t('sessions.end')}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.userAgent ?? t('sessions.unknown')}
                  {s.current && <div className="tag">{t('sessions.current')}</div>}
                </td>
                <td>{when(s.createdAt)}</td>
                <td>{when(s.lastSeenAt)}</td>
                <td>
                  <button type="button" className="secondary" onClick={() => void end(s)} aria-label={`${t('sessions.end')}: ${s.userAgent ?? t('sessions.unknown')}, ${when(s.lastSeenAt)}`}>
                    {t('sessions.end')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
