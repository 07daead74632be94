// The bar chart of a table of figures (issue 14 §6), as ECharts options: plain data, drawn as SVG by the
// page and by the server for the board's PDF, so both show the same picture. A hidden figure is no bar,
// labelled as the table shows it, so the picture tells no more than the table.

export interface Bar {
  label: string;
  value: number | null;
  /** What the bar's end says: the figure as the table shows it. */
  text: string;
}

const INK = '#1d2430';
const BRAND = '#1f5c99';

/** Horizontal bars, the first on top. */
export function barChartOption(bars: readonly Bar[]) {
  const top = [...bars].reverse();
  return {
    animation: false,
    aria: { enabled: false },
    // ECharts 6 keeps the axis labels inside the chart by itself (grid.outerBounds).
    grid: { left: 8, right: 56, top: 8, bottom: 8 },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', data: top.map((b) => b.label), axisTick: { show: false }, axisLabel: { color: INK, width: 180, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        data: top.map((b) => ({ value: b.value ?? 0, label: { formatter: b.text } })),
        itemStyle: { color: BRAND },
        label: { show: true, position: 'right', color: INK },
        barMaxWidth: 22,
      },
    ],
  };
}

/** The chart's height for so many bars, in pixels. */
export const chartHeight = (bars: number) => Math.max(120, bars * 30 + 16);
