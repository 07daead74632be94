// Why the rent was not paid, asked wherever a contact reaches the household (issue 14 §1): the one list
// the landlord's officer and the social worker both choose from, with the household's own words beside
// it. The fields are named as the API takes them (nonpaymentReason, nonpaymentNote).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NONPAYMENT_NOTE_MAX, NONPAYMENT_REASONS } from '../../src/collection/model.ts';
import { FieldError, type FormErrors } from '../ui/form.tsx';

export function NonpaymentFields({ idPrefix, errors }: { idPrefix: string; errors: FormErrors }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const reasonId = `${idPrefix}-nonpayment`;
  const noteId = `${idPrefix}-nonpayment-note`;
  return (
    <>
      <div>
        <label htmlFor={reasonId}>{t('nonpayment.label')}</label>
        <select id={reasonId} name="nonpaymentReason" value={reason} onChange={(e) => setReason(e.target.value)} {...errors.input('nonpaymentReason', reasonId)}>
          <option value="">{t('nonpayment.none')}</option>
          {NONPAYMENT_REASONS.map((k) => (
            <option key={k} value={k}>
              {t(`nonpayment.reason.${k}`)}
            </option>
          ))}
        </select>
        <FieldError errors={errors} field="nonpaymentReason" id={reasonId} />
      </div>
      {reason && (
        <div>
          <label htmlFor={noteId}>{t('nonpayment.noteLabel')}</label>
          <input id={noteId} name="nonpaymentNote" maxLength={NONPAYMENT_NOTE_MAX} required={reason === 'other'} {...errors.input('nonpaymentNote', noteId)} />
          <FieldError errors={errors} field="nonpaymentNote" id={noteId} />
        </div>
      )}
    </>
  );
}

/** The two fields of a submitted form as the API takes them. */
export function nonpaymentOf(f: FormData): { nonpaymentReason: string | null; nonpaymentNote: string | null } {
  return { nonpaymentReason: (f.get('nonpaymentReason') as string | null) || null, nonpaymentNote: (f.get('nonpaymentNote') as string | null)?.trim() || null };
}
