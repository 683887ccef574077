// Native charts on report sheets (built with the Charts service, kept across refreshes).
import type { TypedTable } from '../core/columns';
import { normalizeFieldName } from '../core/shape';

/** A daily report gets one native line chart (minutes and cost per day); refreshes keep that chart. */
export function ensureDailyChart(sheet: GoogleAppsScript.Spreadsheet.Sheet, table: TypedTable): void {
  if (sheet.getCharts().length > 0) return;
  const names = table.header.map(normalizeFieldName);
  const x = names.findIndex((n) => n === 'date' || n === 'day' || n.includes('date'));
  const minutes = names.findIndex((n) => n.includes('minute'));
  const cost = names.findIndex((n) => n.includes('cost') || n.includes('charge') || n.includes('amount'));
  if (x < 0 || (minutes < 0 && cost < 0)) return;
  const height = sheet.getMaxRows(); // whole columns, so later refreshes with more days stay covered
  let builder = sheet
    .newChart()
    .setChartType(Charts.ChartType.LINE)
    .addRange(sheet.getRange(1, x + 1, height, 1));
  const series = [minutes, cost].filter((c) => c >= 0);
  for (const c of series) builder = builder.addRange(sheet.getRange(1, c + 1, height, 1));
  builder = builder
    .setNumHeaders(1)
    .setPosition(2, table.header.length + 2, 0, 0)
    .setOption('title', 'Minutes and cost per day')
    .setOption('legend', { position: 'bottom' });
  if (series.length === 2) {
    // Minutes and money differ by orders of magnitude: cost gets its own axis.
    builder = builder
      .setOption('series', { 0: { targetAxisIndex: 0 }, 1: { targetAxisIndex: 1 } })
      .setOption('vAxes', { 0: { title: 'Minutes' }, 1: { title: 'Cost' } });
  }
  sheet.insertChart(builder.build());
}
