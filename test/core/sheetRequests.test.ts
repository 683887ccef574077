import {
  AUTOMATIC_FORMAT,
  DATE_FORMAT,
  DATE_TIME_FORMAT,
  DECIMAL_FORMAT,
  ID_FORMAT,
  INTEGER_FORMAT,
  moneyFormat,
  TEXT_FORMAT,
} from '../../src/core/columns';
import { formatRuns, freeSheetId, newTableSheetRequests, numberFormatSpec, tableGrid } from '../../src/core/sheetRequests';

describe('numberFormatSpec: the API type of each pattern the add-on writes', () => {
  it.each([
    [TEXT_FORMAT, 'TEXT'],
    [DATE_TIME_FORMAT, 'DATE_TIME'],
    [DATE_FORMAT, 'DATE'],
    [INTEGER_FORMAT, 'NUMBER'],
    [ID_FORMAT, 'NUMBER'],
    [DECIMAL_FORMAT, 'NUMBER'],
    [moneyFormat('EUR'), 'CURRENCY'],
    [moneyFormat('CHF'), 'CURRENCY'],
    ['0.0%', 'PERCENT'],
    ['yyyy-mm-dd hh:mm', 'DATE_TIME'],
    ['hh:mm:ss', 'TIME'],
    ['0.00E+00', 'SCIENTIFIC'],
    ['#,##0" days"', 'NUMBER'],
  ])('%s → %s, pattern kept', (pattern, type) => {
    expect(numberFormatSpec(pattern)).toEqual({ type, pattern });
  });
});

describe('formatRuns', () => {
  it('groups neighbouring columns with one format, pads missing formats as automatic', () => {
    expect(formatRuns(['@', '@', 'a', '@'], 6)).toEqual([
      { from: 0, count: 2, format: '@' },
      { from: 2, count: 1, format: 'a' },
      { from: 3, count: 1, format: '@' },
      { from: 4, count: 2, format: AUTOMATIC_FORMAT },
    ]);
  });
  it('covers every column exactly once', () => {
    const formats = ['@', DATE_TIME_FORMAT, DATE_TIME_FORMAT, '0', '0', '@', AUTOMATIC_FORMAT, '@'];
    const runs = formatRuns(formats, formats.length);
    const covered = runs.flatMap((r) => Array.from({ length: r.count }, (_, i) => [r.from + i, r.format]));
    expect(covered).toEqual(formats.map((f, i) => [i, f]));
  });
});

describe('tableGrid', () => {
  it('is never smaller than a new sheet (1000 × 26)', () => {
    expect(tableGrid(5, 3)).toEqual({ rows: 1000, columns: 26 });
    expect(tableGrid(100_001, 30)).toEqual({ rows: 100_001, columns: 30 });
  });
});

describe('newTableSheetRequests', () => {
  const spec = {
    sheetId: 7,
    title: 'Calls 2026-06',
    gridRows: 100_001,
    tableRows: 100_001,
    width: 5,
    formats: ['@', DATE_TIME_FORMAT, DATE_TIME_FORMAT, AUTOMATIC_FORMAT, moneyFormat('EUR')],
  };

  it('adds the sheet at its final size with the header frozen', () => {
    const [add] = newTableSheetRequests(spec) as Array<Record<string, any>>;
    expect(add).toEqual({
      addSheet: {
        properties: {
          sheetId: 7,
          title: 'Calls 2026-06',
          gridProperties: { rowCount: 100_001, columnCount: 26, frozenRowCount: 1 },
        },
      },
    });
  });

  it('makes the header plain text and bold, and formats data columns by run (automatic ones left alone)', () => {
    const [, header, ...columns] = newTableSheetRequests(spec) as Array<Record<string, any>>;
    expect(header.repeatCell).toEqual({
      range: { sheetId: 7, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 5 },
      cell: { userEnteredFormat: { numberFormat: { type: 'TEXT', pattern: '@' }, textFormat: { bold: true } } },
      fields: 'userEnteredFormat.numberFormat,userEnteredFormat.textFormat.bold',
    });
    expect(
      columns.map((r) => [
        r.repeatCell.range.startColumnIndex,
        r.repeatCell.range.endColumnIndex,
        r.repeatCell.cell.userEnteredFormat.numberFormat.type,
      ]),
    ).toEqual([
      [0, 1, 'TEXT'],
      [1, 3, 'DATE_TIME'],
      [4, 5, 'CURRENCY'],
    ]);
    for (const r of columns) {
      expect(r.repeatCell.range).toMatchObject({ sheetId: 7, startRowIndex: 1, endRowIndex: 100_001 });
      expect(r.repeatCell.fields).toBe('userEnteredFormat.numberFormat');
    }
  });

  it('formats only the table rows when the grid has spare rows (a calls log), and places the tab when asked', () => {
    const requests = newTableSheetRequests({ ...spec, gridRows: 102_001, index: 2 }) as Array<Record<string, any>>;
    expect(requests[0].addSheet.properties.gridProperties.rowCount).toBe(102_001);
    expect(requests[0].addSheet.properties.index).toBe(2);
    expect(requests[2].repeatCell.range.endRowIndex).toBe(100_001);
  });

  it('sizes the columns: one updateDimensionProperties per run of equal widths', () => {
    const requests = newTableSheetRequests({ ...spec, widths: [120, 160, 160, 60, 90] }) as Array<Record<string, any>>;
    const sized = requests.filter((r) => r.updateDimensionProperties).map((r) => r.updateDimensionProperties);
    expect(sized).toEqual([
      {
        range: { sheetId: 7, dimension: 'COLUMNS', startIndex: 0, endIndex: 1 },
        properties: { pixelSize: 120 },
        fields: 'pixelSize',
      },
      {
        range: { sheetId: 7, dimension: 'COLUMNS', startIndex: 1, endIndex: 3 },
        properties: { pixelSize: 160 },
        fields: 'pixelSize',
      },
      {
        range: { sheetId: 7, dimension: 'COLUMNS', startIndex: 3, endIndex: 4 },
        properties: { pixelSize: 60 },
        fields: 'pixelSize',
      },
      {
        range: { sheetId: 7, dimension: 'COLUMNS', startIndex: 4, endIndex: 5 },
        properties: { pixelSize: 90 },
        fields: 'pixelSize',
      },
    ]);
  });

  it('a header-only table gets no column requests', () => {
    expect(newTableSheetRequests({ ...spec, tableRows: 1, gridRows: 1 })).toHaveLength(2);
  });
});

describe('freeSheetId', () => {
  it('takes the next id after the largest in use', () => {
    expect(freeSheetId([0, 5, 3])).toBe(6);
    expect(freeSheetId([])).toBe(1);
  });
  it('stays within the API range, avoiding ids in use', () => {
    const big = 2 ** 31 - 1;
    let n = 0;
    const sequence = [0.5, 0.5, 0.25];
    const id = freeSheetId([big, 1 + Math.floor(0.5 * (2 ** 31 - 2))], () => sequence[n++]);
    expect(id).toBe(1 + Math.floor(0.25 * (2 ** 31 - 2)));
  });
});
