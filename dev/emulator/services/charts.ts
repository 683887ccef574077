// Embedded charts: the Charts service's ChartType, EmbeddedChartBuilder and EmbeddedChart (type, ranges, position, options).
import { parseA1, quoteSheetName } from '../a1';
import { type Invocation, withNotImplemented } from '../invocation';
import type { ChartModel, SheetModel } from '../model';
import { type RangeApi, rangeFromRef } from './range';

export const ChartTypeEnum = Object.freeze({
  AREA: 'AREA',
  BAR: 'BAR',
  BUBBLE: 'BUBBLE',
  CANDLESTICK: 'CANDLESTICK',
  COLUMN: 'COLUMN',
  COMBO: 'COMBO',
  GAUGE: 'GAUGE',
  GEO: 'GEO',
  HISTOGRAM: 'HISTOGRAM',
  LINE: 'LINE',
  ORG: 'ORG',
  PIE: 'PIE',
  RADAR: 'RADAR',
  SCATTER: 'SCATTER',
  SPARKLINE: 'SPARKLINE',
  STEPPED_AREA: 'STEPPED_AREA',
  TABLE: 'TABLE',
  TIMELINE: 'TIMELINE',
  TREE_MAP: 'TREE_MAP',
  WATERFALL: 'WATERFALL',
});

export class ChartBuilderApi {
  model: ChartModel;
  constructor(
    private inv: Invocation,
    private sheet: SheetModel,
    base?: ChartModel,
  ) {
    this.model = base
      ? { ...base, ranges: [...base.ranges], position: { ...base.position }, options: { ...base.options } }
      : { chartId: 0, type: 'LINE', ranges: [], position: { row: 1, column: 1, offsetX: 0, offsetY: 0 }, options: {} };
  }
  setChartType(type: string): ChartBuilderApi {
    this.model.type = String(type);
    return this;
  }
  asLineChart(): ChartBuilderApi {
    return this.setChartType('LINE');
  }
  asColumnChart(): ChartBuilderApi {
    return this.setChartType('COLUMN');
  }
  asBarChart(): ChartBuilderApi {
    return this.setChartType('BAR');
  }
  asPieChart(): ChartBuilderApi {
    return this.setChartType('PIE');
  }
  asAreaChart(): ChartBuilderApi {
    return this.setChartType('AREA');
  }
  setTitle(title: string): ChartBuilderApi {
    this.model.options.title = title;
    return this;
  }
  addRange(range: RangeApi): ChartBuilderApi {
    this.model.ranges.push(`${quoteSheetName(range.sheetModel.name)}!${range.getA1Notation()}`);
    return this;
  }
  clearRanges(): ChartBuilderApi {
    this.model.ranges = [];
    return this;
  }
  setPosition(anchorRowPos: number, anchorColPos: number, offsetX: number, offsetY: number): ChartBuilderApi {
    this.model.position = { row: anchorRowPos, column: anchorColPos, offsetX, offsetY };
    return this;
  }
  setOption(option: string, value: unknown): ChartBuilderApi {
    this.model.options[option] = value;
    return this;
  }
  setNumHeaders(n: number): ChartBuilderApi {
    this.model.options.numHeaders = n;
    return this;
  }
  setMergeStrategy(s: unknown): ChartBuilderApi {
    this.model.options.mergeStrategy = s;
    return this;
  }
  setTransposeRowsAndColumns(t: boolean): ChartBuilderApi {
    this.model.options.transpose = t;
    return this;
  }
  setHiddenDimensionStrategy(s: unknown): ChartBuilderApi {
    this.model.options.hiddenDimensionStrategy = s;
    return this;
  }
  build(): EmbeddedChartApi {
    return embeddedChartApi(this.inv, this.sheet, { ...this.model, options: { ...this.model.options } });
  }
}

export class EmbeddedChartApi {
  constructor(
    private inv: Invocation,
    private sheet: SheetModel,
    readonly model: ChartModel,
  ) {}
  getChartId(): number | null {
    return this.model.chartId || null;
  }
  getId(): string {
    return `u${this.model.chartId}`;
  }
  getRanges(): RangeApi[] {
    const ss = this.sheet.spreadsheet;
    return this.inv.out(
      this.model.ranges.map((ref) => {
        const r = parseA1(ref);
        const sheet = (r?.sheetName && ss.sheet(r.sheetName)) || this.sheet;
        return rangeFromRef(this.inv, sheet, ref);
      }),
    );
  }
  getOptions(): object {
    const options = this.model.options;
    return { get: (k: string) => options[k] ?? null };
  }
  getContainerInfo(): object {
    const p = this.model.position;
    return {
      getAnchorRow: () => p.row,
      getAnchorColumn: () => p.column,
      getOffsetX: () => p.offsetX,
      getOffsetY: () => p.offsetY,
    };
  }
  modify(): ChartBuilderApi {
    return withNotImplemented(new ChartBuilderApi(this.inv, this.sheet, this.model), 'EmbeddedChartBuilder');
  }
}

export function embeddedChartApi(inv: Invocation, sheet: SheetModel, model: ChartModel): EmbeddedChartApi {
  return withNotImplemented(new EmbeddedChartApi(inv, sheet, model), 'EmbeddedChart');
}

export function makeCharts(): object {
  return withNotImplemented({ ChartType: ChartTypeEnum }, 'Charts');
}
