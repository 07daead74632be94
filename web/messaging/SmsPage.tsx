import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import type { Outbox } from '../../src/messaging/api.ts';

export function SmsPage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['sms'], queryFn: () => api<Outbox>('GET', '/api/v1/sms') });
  return (
    <section aria-labelledby="sms-title">
      <h1 id="sms-title">{t('sms.title')}</h1>
      {q.data && <p className="sub">{t('sms.provider', { name: q.data.provider })}</p>}
      {q.data?.messages.length === 0 && <p>{t('sms.empty')}</p>}
      {q.data && q.data.messages.length > 0 && (
        <table>
          <caption>{t('sms.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sms.to')}</th>
              <th scope="col">{t('sms.body')}</th>
              <th scope="col">{t('sms.status')}</th>
              <th scope="col">{t('sms.sent')}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.messages.map((m) => (
              <tr key={m.id}>
                <td>{m.to_phone}</td>
                <td>{m.body}</td>
                <td>{m.status === 'sent' ? t('sms.sent') : m.status === 'queued' ? t('sms.queued') : `${t('sms.failed')}: ${m.error ?? ''}`}</td>
                <td>{m.sent_at ? new Date(m.sent_at).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' }) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
