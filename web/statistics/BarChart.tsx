// A horizontal bar chart drawn by ECharts as SVG, for people who would rather look than read. It is a
// picture of the table beside it, which is the accessible alternative: the chart is one image with
// the sentence saying what it shows as its name. A hidden figure ("<5", "..") is drawn as no bar,
// labelled as in the table, so the picture tells no more than the table does.
import { BarChart as Bars } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { type Bar, barChartOption, chartHeight } from '../../src/statistics/chart.ts';

echarts.use([Bars, GridComponent, SVGRenderer]);

export function BarChart({ bars, description }: { bars: Bar[]; description: string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'svg' });
    chart.setOption(barChartOption(bars));
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [bars]);
  return <div ref={element} role="img" aria-label={description} className="chart" style={{ height: `${chartHeight(bars.length)}px` }} />;
}
