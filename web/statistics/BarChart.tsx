// A horizontal bar chart drawn by ECharts as SVG, for people who would rather look than read. It is a
// picture of the table beside it, which is the accessible alternative: the chart is one image with
// the sentence saying what it shows as its name. A hidden figure ("<5", "..") is drawn as no bar,
// labelled as in the table, so the picture tells no more than the table does.
import { BarChart as Bars } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([Bars, GridComponent, SVGRenderer]);

export interface Bar {
  label: string;
  value: number | null;
  /** What the bar's end says: the figure as the table shows it. */
  text: string;
}

export function BarChart({ bars, description }: { bars: Bar[]; description: string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'svg' });
    const top = [...bars].reverse();
    chart.setOption({
      animation: false,
      aria: { enabled: false },
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', show: false },
      yAxis: { type: 'category', data: top.map((b) => b.label), axisTick: { show: false }, axisLabel: { color: '#1d2430', width: 180, overflow: 'truncate' } },
      series: [
        {
          type: 'bar',
          data: top.map((b) => ({ value: b.value ?? 0, label: { formatter: b.text } })),
          itemStyle: { color: '#1f5c99' },
          label: { show: true, position: 'right', color: '#1d2430' },
          barMaxWidth: 22,
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [bars]);
  return <div ref={element} role="img" aria-label={description} className="chart" style={{ height: `${Math.max(120, bars.length * 30 + 16)}px` }} />;
}
