import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { FieldError } from '../ui/form.tsx';
import { serverToday, stockholmDateTime, stockholmMoment, todayInStockholm } from '../ui/time.ts';
import type { Consultation, EvictionDay } from '../../src/cases/api.ts';
import { useCaseAction } from './useCaseAction.ts';



/** The eviction day of each date Kronofogden has set: be there, ask, book a time the same day (Västerås). */
export function EvictionDays({ caseId, evictions, days }: { caseId: string; evictions: { id: string; evictionAt: string }[]; days: EvictionDay[] }) {
  const { t } = useTranslation();
  if (evictions.length === 0) return null;
  return (
    <>
      <h2>{t('eviction.title')}</h2>
      {evictions.map((k) => (
        <EvictionDayForm key={k.id} caseId={caseId} eviction={k} day={days.find((d) => d.kfm_notice_id === k.id)} />
      ))}
    </>
  );
}

/** One eviction day's form, with its own errors: a problem with one date is shown beside that date's fields only. */
function EvictionDayForm({ caseId, eviction: k, day }: { caseId: string; eviction: { id: string; evictionAt: string }; day: EvictionDay | undefined }) {
  const { t, i18n } = useTranslation();
  const { error, errors, submit } = useCaseAction(caseId);
  const save = (data: FormData) => {
    const time = String(data.get('bookedTime') ?? '');
    return api('PUT', `/api/v1/cases/${caseId}/eviction-days/${k.id}`, {
      presenceOffered: data.get('offered') === 'on', attending: data.get('attending') === 'on',
      bookedAt: time ? stockholmMoment(`${todayInStockholm(new Date(k.evictionAt))}T${time}`) : null, note: data.get('note') || null,
    });
  };
  return (
    <form onSubmit={(e) => void submit(save, false)(e)} aria-label={t('eviction.formLabel', { when: stockholmDateTime(k.evictionAt, i18n.language) })} className="narrow">
      <p className="tag danger">{t('eviction.at', { when: stockholmDateTime(k.evictionAt, i18n.language) })}</p>
      {day?.booked_at && <p>{t('eviction.booked', { when: stockholmDateTime(day.booked_at, i18n.language) })}</p>}
      <label>
        <input type="checkbox" name="offered" defaultChecked={day?.presence_offered ?? false} /> {t('eviction.offered')}
      </label>
      <label>
        <input type="checkbox" name="attending" defaultChecked={day?.attending ?? false} /> {t('eviction.attending')}
      </label>
      <label htmlFor={`ev-time-${k.id}`}>{t('eviction.bookedTime')}</label>
      <input id={`ev-time-${k.id}`} name="bookedTime" type="time" {...errors.input('bookedAt', `ev-time-${k.id}`)} />
      <FieldError errors={errors} field="bookedAt" id={`ev-time-${k.id}`} />
      <label htmlFor={`ev-note-${k.id}`}>{t('contacts.note')}</label>
      <input id={`ev-note-${k.id}`} name="note" maxLength={2000} defaultValue={day?.note ?? ''} {...errors.input('note', `ev-note-${k.id}`)} />
      <FieldError errors={errors} field="note" id={`ev-note-${k.id}`} />
      {error && <p role="alert">{error}</p>}
      <button type="submit">{t('eviction.save')}</button>
    </form>
  );
}

/** Rent-debt consultations (hyresskuldsamråd) with families with children. */
export function Consultations({ caseId, consultations }: { caseId: string; consultations: Consultation[] }) {
  const { t } = useTranslation();
  const { error, errors, submit } = useCaseAction(caseId);
  const record = (data: FormData) =>
    api('POST', `/api/v1/cases/${caseId}/consultations`, {
      heldOn: data.get('heldOn'), participants: data.get('participants'), landlordTookPart: data.get('landlord') === 'on', agreements: data.get('agreements'),
    });
  return (
    <>
      <h2 id="consultations-title">{t('consultation.title')}</h2>
      {consultations.length === 0 && <p>{t('consultation.none')}</p>}
      <ul className="timeline" aria-labelledby="consultations-title">
        {consultations.map((c) => (
          <li key={c.id}>
            <strong>{c.held_on}</strong> · {c.participants}
            {c.landlord_took_part && <span className="tag">{t('consultation.landlordThere')}</span>}
            <p className="quote">{c.agreements}</p>
            <div className="sub">{c.created_by_name}</div>
          </li>
        ))}
      </ul>
      <details className="fold">
        <summary>{t('consultation.record')}</summary>
        <form onSubmit={(e) => void submit(record)(e)} className="narrow" aria-label={t('consultation.record')}>
          <label htmlFor="co-date">{t('consultation.heldOn')}</label>
          <input id="co-date" name="heldOn" type="date" defaultValue={serverToday()} required {...errors.input('heldOn', 'co-date')} />
          <FieldError errors={errors} field="heldOn" id="co-date" />
          <label htmlFor="co-who">{t('consultation.participants')}</label>
          <input id="co-who" name="participants" maxLength={1000} required {...errors.input('participants', 'co-who')} />
          <FieldError errors={errors} field="participants" id="co-who" />
          <label>
            <input type="checkbox" name="landlord" /> {t('consultation.landlordThere')}
          </label>
          <label htmlFor="co-agreed">{t('consultation.agreements')}</label>
          <textarea id="co-agreed" name="agreements" rows={3} maxLength={4000} required {...errors.input('agreements', 'co-agreed')} />
          <FieldError errors={errors} field="agreements" id="co-agreed" />
          {error && <p role="alert">{error}</p>}
          <button type="submit">{t('consultation.save')}</button>
        </form>
      </details>
    </>
  );
}
