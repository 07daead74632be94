import { useQuery } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { anyHidden, figureText, rateText } from '../ui/figures.ts';
import { FieldError, useFormErrors } from '../ui/form.tsx';
import { serverToday } from '../ui/time.ts';
import { BarChart } from './BarChart.tsx';
import { Comparison } from './Comparison.tsx';
import type { StatisticsAnswer } from '../../src/statistics/api.ts';
import { BREAKDOWNS, type Breakdown } from '../../src/statistics/catalogue.ts';
import { useMe } from '../app.tsx';
import type { ShownFigure } from '../../src/platform/api-fields.ts';

const PRESETS = ['year_to_date', 'rolling_12', 'last_year', 'this_month', 'custom'] as const;
type Preset = (typeof PRESETS)[number];

/** The months of a preset, counted from the server's today. */
function monthsOf(preset: Exclude<Preset, 'custom'>, today: string): { from: string; to: string } {
  const year = Number(today.slice(0, 4));
  const month = today.slice(0, 7);
  const back = (months: number) => {
    const d = new Date(Date.UTC(year, Number(today.slice(5, 7)) - 1 - months, 1));
    return d.toISOString().slice(0, 7);
  };
  switch (preset) {
    case 'year_to_date':
      return { from: `${year}-01`, to: month };
    case 'rolling_12':
      return { from: back(11), to: month };
    case 'last_year':
      return { from: `${year - 1}-01`, to: `${year - 1}-12` };
    case 'this_month':
      return { from: month, to: month };
  }
}

type Indicator = StatisticsAnswer['indicators'][number];

/**
 * The figures leadership funds prevention for and a landlord's board asks for (issue 14 §2): the funnel
 * from the rent to an eviction as a chart with its table, and every indicator of the catalogue with
 * its definition, against the same months a year before. Nothing here names a person: the server
 * hides what could (src/disclosure).
 */
export function StatisticsPage() {
  const { t, i18n } = useTranslation();
  const today = serverToday();
  const [preset, setPreset] = useState<Preset>('year_to_date');
  const [period, setPeriod] = useState(() => monthsOf('year_to_date', today));
  const [breakdown, setBreakdown] = useState<Breakdown | ''>('');
  const canSplit = useMe().organisation.kind === 'municipality';
  const { errors, fail, clear } = useFormErrors();
  const q = useQuery({
    queryKey: ['statistics', period.from, period.to, breakdown],
    queryFn: async () => {
      clear();
      try {
        return await api<StatisticsAnswer>('GET', `/api/v1/statistics?from=${period.from}&to=${period.to}${breakdown ? `&breakdown=${breakdown}` : ''}`);
      } catch (err) {
        fail(err);
        throw err;
      }
    },
  });
  const choose = (next: Preset) => {
    setPreset(next);
    if (next !== 'custom') setPeriod(monthsOf(next, today));
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setPeriod({ from: String(f.get('from') ?? ''), to: String(f.get('to') ?? '') });
  };
  const n = (f: ShownFigure) => figureText(f, i18n.language);
  const data = q.data;
  const figures: ShownFigure[] = data
    ? [...data.indicators.map((i) => ({ value: i.value, hidden: i.hidden })), ...data.funnelPeriod.flatMap((s) => [s.households, ...(s.withChildren ? [s.withChildren] : []), ...(s.conversion ? [s.conversion] : [])])]
    : [];
  return (
    <section aria-labelledby="stats-title">
      <h1 id="stats-title">{t('stats.title')}</h1>
      <p>{t('stats.intro')}</p>
      <form onSubmit={submit} aria-labelledby="stats-period" className="inline" noValidate>
        <h2 id="stats-period" className="visually-hidden">{t('stats.choosePeriod')}</h2>
        <label htmlFor="st-preset">{t('stats.period')}</label>
        <select id="st-preset" value={preset} onChange={(e) => choose(e.target.value as Preset)}>
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {t(`stats.preset.${p}`)}
            </option>
          ))}
        </select>
        {canSplit && (
          <>
            <label htmlFor="st-breakdown">{t('stats.breakdown')}</label>
            <select id="st-breakdown" value={breakdown} onChange={(e) => setBreakdown(e.target.value as Breakdown | '')}>
              <option value="">{t('stats.noBreakdown')}</option>
              {BREAKDOWNS.map((b) => (
                <option key={b} value={b}>
                  {t(`stats.by.${b}`)}
                </option>
              ))}
            </select>
          </>
        )}
        {preset === 'custom' && (
          <>
            <label htmlFor="st-from">{t('stats.from')}</label>
            <input id="st-from" name="from" type="month" defaultValue={period.from} max={today.slice(0, 7)} {...errors.input('from', 'st-from')} />
            <FieldError errors={errors} field="from" id="st-from" />
            <label htmlFor="st-to">{t('stats.to')}</label>
            <input id="st-to" name="to" type="month" defaultValue={period.to} max={today.slice(0, 7)} {...errors.input('to', 'st-to')} />
            <FieldError errors={errors} field="to" id="st-to" />
            <button type="submit">{t('stats.show')}</button>
          </>
        )}
      </form>
      {q.isPending && <p role="status">{t('app.loading')}</p>}
      {q.isError && errors.message && <p role="alert">{errors.message}</p>}
      {data && (
        <>
          <p className="sub">
            {t('stats.showing', { organisation: data.organisation.name, from: data.period.from, to: data.period.to, previousFrom: data.previousPeriod.from, previousTo: data.previousPeriod.to })}
          </p>
          <p>
            {t('stats.download')}:{' '}
            <a href={`/api/v1/statistics/report?from=${data.period.from}&to=${data.period.to}`} target="_blank" rel="noreferrer">
              {t('stats.pdf')}
            </a>
            {' · '}
            <a href={`/api/v1/statistics/export?from=${data.period.from}&to=${data.period.to}&format=xlsx`}>{t('stats.xlsx')}</a>
            {(['indicators', 'funnel', 'months'] as const).map((table) => (
              <span key={table}>
                {' · '}
                <a href={`/api/v1/statistics/export?from=${data.period.from}&to=${data.period.to}&format=csv&table=${table}`}>{t(`stats.csv.${table}`)}</a>
              </span>
            ))}
          </p>
          <h2 id="funnel-title">{t('stats.funnel')}</h2>
          <p>{t('stats.funnelSays')}</p>
          <div className="chart-with-table">
            <BarChart
              description={t('stats.funnelChart', { from: data.period.from, to: data.period.to })}
              bars={data.funnelPeriod.map((s) => ({ label: s.label, value: s.households.value, text: n(s.households) }))}
            />
            <Scroll label={t('stats.funnelCaption', { from: data.period.from, to: data.period.to })}>
              <table>
                <caption>{t('stats.funnelCaption', { from: data.period.from, to: data.period.to })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('stats.stage')}</th>
                    <th scope="col" className="num">{t('stats.households')}</th>
                    <th scope="col" className="num">{t('stats.withChildren')}</th>
                    <th scope="col" className="num">{t('stats.conversion')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.funnelPeriod.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">{s.label}</th>
                      <td className="num">{n(s.households)}</td>
                      <td className="num">{s.withChildren ? n(s.withChildren) : t('stats.notKnown')}</td>
                      <td className="num">{s.conversion ? (s.conversion.value === null ? rateText(s.conversion, i18n.language) : `${rateText(s.conversion, i18n.language)} %`) : '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Scroll>
          </div>
          {data.funnel.length > 1 && <FunnelByMonth data={data} />}
          <h2 id="indicators-title">{t('stats.indicators')}</h2>
          <Scroll label={t('stats.indicatorsCaption', { from: data.period.from, to: data.period.to })}>
            <table>
              <caption>{t('stats.indicatorsCaption', { from: data.period.from, to: data.period.to })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('stats.indicator')}</th>
                  <th scope="col" className="num">{t('stats.value')}</th>
                  <th scope="col" className="num">{t('stats.previous', { from: data.previousPeriod.from, to: data.previousPeriod.to })}</th>
                </tr>
              </thead>
              <tbody>
                {data.indicators.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      {i.label}
                      <div className="sub">{i.definition}</div>
                      {i.groups && i.groups.length > 0 && (
                        <ul className="plain sub">
                          {i.groups.map((g) => (
                            <li key={g.key}>
                              {g.label ?? t(`closing.outcome.${g.key}`, { defaultValue: g.key })}: {n(g)}
                            </li>
                          ))}
                        </ul>
                      )}
                    </th>
                    <td className="num">{i.unavailable ?? shownWithUnit(i, i, i18n.language, t)}</td>
                    <td className="num">{shownWithUnit(i, i.previous, i18n.language, t)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
          {canSplit && <Comparison scroll={(label, table) => <Scroll label={label}>{table}</Scroll>} />}
          {anyHidden(figures) && (
            <p className="sub">
              {t('figures.legend')} {t('figures.legendRates')}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** A count shows "<5" where it is hidden; anything else made from few shows "..". The unit follows a shown figure. */
function shownWithUnit(i: Indicator, f: ShownFigure, lang: string, t: (key: string) => string): string {
  if (i.unit === 'count') return figureText(f, lang);
  const text = rateText(f, lang);
  return f.value === null ? text : `${text} ${t(`stats.unit.${i.unit}`)}`;
}

function FunnelByMonth({ data }: { data: StatisticsAnswer }) {
  const { t, i18n } = useTranslation();
  const n = (f: ShownFigure) => figureText(f, i18n.language);
  return (
    <details>
      <summary>{t('stats.byMonth')}</summary>
      <Scroll label={t('stats.byMonthCaption')}>
        <table>
          <caption>{t('stats.byMonthCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stats.stage')}</th>
              {data.funnel.map((m) => (
                <th key={m.month} scope="col" className="num">
                  {m.month}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.funnelPeriod.map((s, row) => (
              <tr key={s.id}>
                <th scope="row">{s.label}</th>
                {data.funnel.map((m) => (
                  <td key={m.month} className="num">
                    {n(m.stages[row]!.households)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </details>
  );
}

/** A wide table that scrolls sideways on a phone: a region reachable by keyboard, named as its table. */
function Scroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
