import {
  CELL_PADDING_PX,
  columnWidths,
  MAX_COLUMN_PX,
  MIN_COLUMN_PX,
  SAMPLE_ROWS,
  textWidthPx,
} from '../../src/core/columnWidths';
import {
  AUTOMATIC_FORMAT,
  DATE_FORMAT,
  DATE_TIME_FORMAT,
  DECIMAL_FORMAT,
  ID_FORMAT,
  INTEGER_FORMAT,
  moneyFormat,
  TEXT_FORMAT,
  type TypedTable,
} from '../../src/core/columns';

const table = (header: string[], formats: string[], rows: TypedTable['rows']): TypedTable => ({ header, formats, rows });

describe('textWidthPx', () => {
  it('gives digits 7.5 px, spaces 4, capitals and wide letters more', () => {
    expect(textWidthPx('0123456789')).toBe(75);
    expect(textWidthPx(' ')).toBe(4);
    expect(textWidthPx('WWW')).toBeGreaterThan(textWidthPx('iii'));
    expect(textWidthPx('ABC')).toBeGreaterThan(textWidthPx('abc'));
    expect(textWidthPx('日本語')).toBe(42);
    expect(textWidthPx('')).toBe(0);
  });
});

describe('columnWidths', () => {
  it('fits the widest value: a phone number wider than the header, a short column as wide as its bold header', () => {
    const [phone, dir] = columnWidths(
      table(
        ['To', 'Direction'],
        [TEXT_FORMAT, TEXT_FORMAT],
        [
          ['+4915112345678', 'in'],
          ['+44', 'out'],
        ],
      ),
    );
    expect(phone).toBe(textWidthPx('+4915112345678') + CELL_PADDING_PX);
    expect(dir).toBe(Math.ceil(textWidthPx('Direction') * 1.1) + CELL_PADDING_PX);
  });

  it('finds a shorter but wider string (capitals beat digits)', () => {
    const [w] = columnWidths(table(['x'], [TEXT_FORMAT], [['1234567'], ['WWWWWW']]));
    expect(w).toBe(textWidthPx('WWWWWW') + CELL_PADDING_PX);
  });

  it('sizes dates and date-times by their format', () => {
    const d = new Date(Date.UTC(2026, 5, 1));
    const [date, dateTime] = columnWidths(table(['d', 't'], [DATE_FORMAT, DATE_TIME_FORMAT], [[d, d]]));
    expect(date).toBe(textWidthPx('2026-06-01') + CELL_PADDING_PX);
    expect(dateTime).toBe(textWidthPx('2026-06-01 00:00:00') + CELL_PADDING_PX);
  });

  it('sizes numbers as their format shows them: separators, decimals (the most the format shows), currency symbol, minus sign', () => {
    const [money, integer, decimal, id, auto] = columnWidths(
      table(
        ['c', 'n', 'r', 'i', 'a'],
        [moneyFormat('EUR'), INTEGER_FORMAT, DECIMAL_FORMAT, ID_FORMAT, AUTOMATIC_FORMAT],
        [
          [-1234.5, 1234567, 0.12345, 123456789, 2.71],
          [0.012, 5, 2, 1, 2],
        ],
      ),
    );
    expect(money).toBe(textWidthPx('-€1,234.5000') + CELL_PADDING_PX); // a fraction: room for the format's 4 decimals
    expect(integer).toBe(textWidthPx('1,234,567') + CELL_PADDING_PX);
    expect(decimal).toBe(textWidthPx('0.1235') + CELL_PADDING_PX);
    expect(id).toBe(textWidthPx('123456789') + CELL_PADDING_PX);
    expect(auto).toBe(textWidthPx('2.71') + CELL_PADDING_PX);
  });

  it("integers in a 0.00## column take the format's least decimals", () => {
    const [w] = columnWidths(table(['c'], [moneyFormat('EUR')], [[12], [3]]));
    expect(w).toBe(textWidthPx('€12.00') + CELL_PADDING_PX);
  });

  it('a longer string anywhere is measured; a same-length wider one only within the first SAMPLE_ROWS rows', () => {
    const rows: TypedTable['rows'] = Array.from({ length: SAMPLE_ROWS + 10 }, () => ['12345']);
    rows[SAMPLE_ROWS + 5] = ['1234567'];
    expect(columnWidths(table([''], [TEXT_FORMAT], rows))[0]).toBe(textWidthPx('1234567') + CELL_PADDING_PX);
    rows[5] = ['WWWWW'];
    expect(columnWidths(table([''], [TEXT_FORMAT], rows))[0]).toBe(textWidthPx('WWWWW') + CELL_PADDING_PX);
  });

  it('clamps: never narrower than MIN, never wider than MAX (long free text)', () => {
    const [narrow, wide] = columnWidths(table(['', 'Text'], [TEXT_FORMAT, TEXT_FORMAT], [['a', 'x'.repeat(300)]]));
    expect(narrow).toBe(MIN_COLUMN_PX);
    expect(wide).toBe(MAX_COLUMN_PX);
  });

  it('is never narrower than the emulator’s autoResizeColumns model (12 px + 7 px per character shown)', () => {
    const rows: TypedTable['rows'] = [
      ['+4915112345678', 'call-00123-abc', 'GB', 1234.5678, new Date(Date.UTC(2026, 9, 1, 1, 19, 56))],
      ['0044207946000', 'x', 'DE', 0.012, new Date(Date.UTC(2026, 9, 1))],
    ];
    const shown = [
      ['+4915112345678', 'call-00123-abc', 'GB', '€1,234.5678', '2026-10-01 01:19:56'],
      ['0044207946000', 'x', 'DE', '€0.012', '2026-10-01 00:00:00'],
    ];
    const widths = columnWidths(
      table(
        ['Caller ID', 'Call ID', 'Country', 'Charge', 'Start Time'],
        [TEXT_FORMAT, TEXT_FORMAT, TEXT_FORMAT, moneyFormat('EUR'), DATE_TIME_FORMAT],
        rows,
      ),
    );
    widths.forEach((w, c) => {
      expect(w).toBeGreaterThanOrEqual(12 + 7 * Math.max(...shown.map((r) => r[c].length)));
    });
  });

  it('one width per header column, even for an empty table', () => {
    expect(columnWidths(table(['A', 'B', 'C'], [TEXT_FORMAT, TEXT_FORMAT, TEXT_FORMAT], []))).toHaveLength(3);
  });
});
