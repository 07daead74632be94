// The board's report of the key figures (issue 14 §6): a tagged PDF with the funnel as a chart drawn on
// the server as SVG (the same ECharts options as the page), its table, and every indicator against the
// year before — made from the same answer the page shows, hidden the same way.
import { BarChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { type LetterBlock, renderLetter } from '../messaging/letters.ts';
import { barChartOption, chartHeight } from './chart.ts';
import { exportTable } from './exports.ts';
import type { Statistics } from './indicators.ts';

echarts.use([BarChart, GridComponent, SVGRenderer]);

const CHART_WIDTH = 480;

/** A shown figure in Swedish digits; a hidden count "<5", anything else hidden "..". */
const text = (c: string | number) => (typeof c === 'number' ? c.toLocaleString('sv-SE') : c);

export function funnelSvg(s: Statistics): { svg: string; height: number } {
  const bars = s.funnelPeriod.map((st) => ({ label: st.label, value: st.households.value, text: st.households.value !== null ? text(st.households.value) : st.households.hidden === 'small' ? '<5' : '..' }));
  const height = chartHeight(bars.length);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height });
  try {
    chart.setOption(barChartOption(bars));
    return { svg: chart.renderToSVGString(), height };
  } finally {
    chart.dispose();
  }
}

export function boardReportPdf(s: Statistics, date: string): Promise<Buffer> {
  const period = `${s.period.from} – ${s.period.to}`;
  const funnel = exportTable(s, 'funnel');
  const indicators = exportTable(s, 'indicators');
  const chart = funnelSvg(s);
  const blocks: LetterBlock[] = [
    { type: 'H1', text: `Nyckeltal för ${s.organisation.name}` },
    { type: 'P', text: `${period}, jämfört med ${s.previousPeriod.from} – ${s.previousPeriod.to}. Inga siffror pekar ut någon: antal 1–4 visas som <5; en andel, ett tal per invånare eller en tid som bygger på för få visas som ..` },
    { type: 'H2', text: 'Från obetald hyra till avhysning' },
    { type: 'P', text: 'Hur många hushåll som nådde varje steg under perioden; samma siffror finns i tabellen under diagrammet.' },
    { type: 'Figure', svg: chart.svg, width: CHART_WIDTH, height: chart.height, alt: `Stapeldiagram: hushåll i varje steg ${period}. ${s.funnelPeriod.map((st, i) => `${st.label}: ${text(funnel.rows[i]![1]!)}`).join('; ')}.` },
    { type: 'Table', header: funnel.header, rows: funnel.rows.map((r) => r.map(text)), widths: [0.46, 0.18, 0.18, 0.18] },
    { type: 'H2', text: 'Alla nyckeltal' },
    { type: 'Table', header: [indicators.header[0]!, 'Enhet', indicators.header[3]!, indicators.header[4]!], rows: indicators.rows.map((r) => [r[0], r[2], r[3], r[4]].map((c) => text(c!))), widths: [0.46, 0.22, 0.16, 0.16] },
  ];
  return renderLetter({ title: `Nyckeltal ${s.organisation.name} ${period}`, sender: s.organisation.name, date, blocks });
}
