import { useTranslation } from 'react-i18next';
import { kr } from '../api.ts';
import type { CaseLedger, TimelineEvent } from '../../src/cases/api.ts';
import { stockholmDateTime } from '../ui/time.ts';



/** The case's one timeline (issue 3 §2), latest first, with the landlord's ledger state where it may be seen. */
export function Timeline({ events, ledger }: { events: TimelineEvent[]; ledger: CaseLedger | null }) {
  const { t, i18n } = useTranslation();
  const when = (at: string) => (at.length === 10 ? at : stockholmDateTime(at, i18n.language));
  const text = (e: TimelineEvent) => {
    const d = e.data;
    switch (e.kind) {
      case 'notice':
      case 'referral':
        return t(`timeline.${e.kind}`, { landlord: d.landlord, amount: kr(Number(d.amountOwed)) });
      case 'contact':
        return t('timeline.contact', { kind: t(`contacts.kind.${d.kind}`), reached: d.reached ? t('contacts.reached') : t('contacts.notReached') });
      case 'plan':
        return t('timeline.plan', { debt: kr(Number(d.debt)), count: Number(d.instalments) });
      case 'assistance':
        return d.granted ? t('timeline.assistanceGranted', { amount: kr(Number(d.amount)), from: d.from, until: d.until }) : t('timeline.assistanceRefused');
      case 'closed':
        return t('timeline.closed', { outcome: t(`closing.outcome.${d.outcome}`) });
      case 'follow_up':
        return t('timeline.follow_up', { months: d.months, holds: d.holds ? t('closing.holds') : t('closing.notHolds') });
      case 'routine_step':
        return t('timeline.routine_step', { step: d.step });
      default:
        return t(`timeline.${e.kind}`, Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v ?? ''])));
    }
  };
  return (
    <>
      <h2 id="timeline-title">{t('timeline.title')}</h2>
      {ledger?.arrears && (
        <p>
          {ledger.arrears.owed > 0
            ? t('timeline.owed', { amount: kr(ledger.arrears.owed), since: ledger.arrears.oldestUnpaidDueDate ?? '' })
            : t('timeline.nothingOwed')}
        </p>
      )}
      <ol className="timeline" aria-labelledby="timeline-title" reversed>
        {[...events].reverse().map((e, n) => (
          <li key={`${e.kind}-${e.at}-${n}`} className={e.kind === 'routine_step' ? 'sub' : undefined}>
            <span className="sub">{when(e.at)}</span> · {text(e)}
          </li>
        ))}
      </ol>
    </>
  );
}
