import { useTranslation } from 'react-i18next';

/** Why a household comes first (children, age, …), as tags; the same words on every list. */
export function ReasonTags({ reasons }: { reasons: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <>
      {reasons.map((r) => (
        <span key={r} className="tag">
          {t(`reasons.${r}`)}
        </span>
      ))}
    </>
  );
}
