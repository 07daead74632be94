// A year's key figures of the municipalities that published them, beside the reader's own (issue 14
// §7), as Kolada shows them: one column per municipality, hidden figures as on each one's page.
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { figureText, rateText } from '../ui/figures.ts';
import { serverToday } from '../ui/time.ts';
import type { ComparisonAnswer } from '../../src/statistics/api.ts';

export function Comparison({ scroll }: { scroll: (label: string, table: ReactNode) => ReactNode }) {
  const { t, i18n } = useTranslation();
  const thisYear = Number(serverToday().slice(0, 4));
  const [year, setYear] = useState(thisYear - 1);
  const q = useQuery({ queryKey: ['comparison', year], queryFn: () => api<ComparisonAnswer>('GET', `/api/v1/statistics/comparison?year=${year}`) });
  const caption = t('comparison.caption', { year });
  const rows = q.data?.municipalities[0]?.indicators ?? [];
  return (
    <section aria-labelledby="comparison-title">
      <h2 id="comparison-title">{t('comparison.title')}</h2>
      <p className="sub">{t('comparison.intro')}</p>
      <label htmlFor="cmp-year">{t('comparison.year')}</label>
      <select id="cmp-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
        {[thisYear, thisYear - 1, thisYear - 2, thisYear - 3].map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
      {q.data && q.data.municipalities.length === 1 && <p>{t('comparison.noneYet')}</p>}
      {q.data &&
        scroll(
          caption,
          <table>
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stats.indicator')}</th>
                {q.data.municipalities.map((m) => (
                  <th key={m.name} scope="col" className="num">
                    {m.own ? t('comparison.own', { name: m.name }) : m.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.id}>
                  <th scope="row">{r.label}</th>
                  {q.data.municipalities.map((m) => {
                    const f = m.indicators[i]!;
                    return (
                      <td key={m.name} className="num">
                        {f.unavailable ? '–' : r.unit === 'count' ? figureText(f, i18n.language) : rateText(f, i18n.language)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>,
        )}
    </section>
  );
}
