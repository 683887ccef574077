// Draws an embedded chart (ChartView) as SVG markup: title, one polyline (line/area charts) or one set of bars
// (column/bar charts) per series, left and — when a series targets it — right value axis, x labels, legend.
// Other chart types are drawn as lines. Text is escaped; nothing from the sheet is parsed as markup.
import type { ChartView } from '../protocol';

/** Google Charts' default series colours. */
const COLOURS = ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6'];

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function round(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** A "nice" axis range covering the values (0 included, as Sheets starts value axes at zero for positive data). */
function axisRange(values: number[]): { min: number; max: number } {
  if (values.length === 0) return { min: 0, max: 1 };
  let min = Math.min(0, ...values);
  let max = Math.max(0, ...values);
  if (min === max) max = min + 1;
  const step = 10 ** Math.floor(Math.log10(max - min));
  min = Math.floor(min / step) * step;
  max = Math.ceil(max / step) * step;
  return { min, max };
}

function formatTick(n: number): string {
  return Math.abs(n) >= 1000 ? n.toLocaleString('en-US', { maximumFractionDigits: 0 }) : String(Number(n.toPrecision(4)));
}

export function chartSvg(chart: ChartView): string {
  const { width, height } = chart;
  const hasRight = chart.series.some((s) => s.axis === 1);
  const legendBottom = chart.legend === 'bottom' || chart.legend === 'top';
  const plot = {
    left: 56,
    right: width - (hasRight ? 56 : 16),
    top: chart.title ? 40 : 16,
    bottom: height - (legendBottom ? 56 : 34),
  };
  if (chart.legend === 'right') plot.right -= 120;
  const ranges = [0, 1].map((axis) =>
    axisRange(chart.series.filter((s) => s.axis === axis).flatMap((s) => s.values.filter((v): v is number => v !== null))),
  );
  const n = chart.labels.length;
  const bars = chart.type === 'COLUMN' || chart.type === 'BAR';
  const slot = (plot.right - plot.left) / Math.max(n, 1);
  const x = (i: number) => (bars || n <= 1 ? plot.left + slot * (i + 0.5) : plot.left + ((plot.right - plot.left) * i) / (n - 1));
  const y = (v: number, axis: 0 | 1) => {
    const { min, max } = ranges[axis];
    return plot.bottom - ((v - min) / (max - min)) * (plot.bottom - plot.top);
  };

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(chart.title || 'Chart')}">`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#fff" stroke="#dadce0"/>`,
  ];
  if (chart.title)
    parts.push(
      `<text class="chart-title" x="${width / 2}" y="24" text-anchor="middle" font-size="14" font-weight="bold">${esc(chart.title)}</text>`,
    );

  // Grid lines and value axes (5 ticks).
  for (let t = 0; t <= 4; t++) {
    const yy = plot.bottom - ((plot.bottom - plot.top) * t) / 4;
    parts.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${round(yy)}" y2="${round(yy)}" stroke="#ebebeb"/>`);
    for (const axis of hasRight ? [0, 1] : [0]) {
      const { min, max } = ranges[axis];
      const value = min + ((max - min) * t) / 4;
      const xx = axis === 0 ? plot.left - 6 : plot.right + 6;
      parts.push(
        `<text x="${xx}" y="${round(yy + 4)}" text-anchor="${axis === 0 ? 'end' : 'start'}" font-size="11" fill="#5f6368">${esc(formatTick(value))}</text>`,
      );
    }
  }
  chart.axisTitles.forEach((title, axis) => {
    if (!title || (axis === 1 && !hasRight)) return;
    const xx = axis === 0 ? 14 : width - 10;
    const yy = (plot.top + plot.bottom) / 2;
    parts.push(
      `<text class="axis-title" x="${xx}" y="${round(yy)}" transform="rotate(-90 ${xx} ${round(yy)})" text-anchor="middle" font-size="11" fill="#5f6368">${esc(title)}</text>`,
    );
  });
  parts.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}" stroke="#5f6368"/>`);

  // X labels: at most ~8, evenly spaced.
  const every = Math.max(1, Math.ceil(n / 8));
  chart.labels.forEach((label, i) => {
    const lastApart = i === n - 1 && (n - 1) % every >= every / 2;
    if (i % every !== 0 && !lastApart) return;
    parts.push(
      `<text x="${round(x(i))}" y="${plot.bottom + 16}" text-anchor="middle" font-size="10" fill="#5f6368">${esc(label)}</text>`,
    );
  });

  // Series.
  chart.series.forEach((series, k) => {
    const colour = COLOURS[k % COLOURS.length];
    if (bars) {
      const w = (slot * 0.8) / Math.max(chart.series.length, 1);
      const rects = series.values
        .map((v, i) => {
          if (v === null) return '';
          const top = Math.min(y(v, series.axis), y(0, series.axis));
          const h = Math.abs(y(v, series.axis) - y(0, series.axis));
          return `<rect x="${round(x(i) - slot * 0.4 + w * k)}" y="${round(top)}" width="${round(w)}" height="${round(h)}" fill="${colour}"/>`;
        })
        .join('');
      parts.push(`<g class="series" data-series="${esc(series.name)}">${rects}</g>`);
      return;
    }
    const points = series.values
      .map((v, i) => (v === null ? null : `${round(x(i))},${round(y(v, series.axis))}`))
      .filter((p): p is string => p !== null);
    parts.push(
      `<polyline class="series" data-series="${esc(series.name)}" fill="none" stroke="${colour}" stroke-width="2" points="${points.join(' ')}"/>`,
    );
  });

  // Legend.
  if (chart.legend !== 'none') {
    const items = chart.series.map((series, k) => ({ name: series.name, colour: COLOURS[k % COLOURS.length] }));
    const legend: string[] = [];
    if (chart.legend === 'right') {
      items.forEach((item, k) => {
        const yy = plot.top + 10 + k * 18;
        legend.push(
          `<rect x="${plot.right + (hasRight ? 60 : 20)}" y="${yy - 8}" width="10" height="10" fill="${item.colour}"/>`,
        );
        legend.push(`<text x="${plot.right + (hasRight ? 74 : 34)}" y="${yy + 1}" font-size="11">${esc(item.name)}</text>`);
      });
    } else {
      const yy = chart.legend === 'top' ? (chart.title ? 34 : 12) : height - 14;
      let xx = plot.left;
      for (const item of items) {
        legend.push(`<rect x="${xx}" y="${yy - 9}" width="10" height="10" fill="${item.colour}"/>`);
        legend.push(`<text x="${xx + 14}" y="${yy}" font-size="11">${esc(item.name)}</text>`);
        xx += 24 + item.name.length * 6.5;
      }
    }
    parts.push(`<g class="legend">${legend.join('')}</g>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
