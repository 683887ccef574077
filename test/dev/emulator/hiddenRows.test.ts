// Hidden rows (Sheet.hideRows/showRows, or a filter hiding them): values are read and written as if shown, and the
// hidden state belongs to the row, so it moves with the row when rows are inserted or deleted above it.
import { exec, fixtureEmulator } from './helpers';

test('a hidden row keeps its values readable and writable, and stays hidden as rows are inserted and deleted above it', () => {
  const emu = fixtureEmulator();
  const result = exec(
    emu,
    `var s = SpreadsheetApp.getActiveSheet();
     s.getRange('A1:A4').setValues([['a'], ['b'], ['c'], ['d']]);
     s.hideRows(3);
     s.getRange('A3').setValue('C');
     s.insertRowsBefore(2, 2);            // 'C' moves from row 3 to row 5
     var afterInsert = [s.isRowHiddenByUser(3), s.isRowHiddenByUser(5), s.getRange('A5').getValue()];
     s.deleteRows(1, 1);                  // and to row 4
     var afterDelete = [s.isRowHiddenByUser(4), s.getRange('A4').getValue()];
     s.showRows(4);
     return { afterInsert: afterInsert, afterDelete: afterDelete, shown: s.isRowHiddenByUser(4),
              values: s.getRange('A1:A6').getValues().map(function (r) { return r[0]; }) };`,
  );
  expect(result).toEqual({
    afterInsert: [false, true, 'C'],
    afterDelete: [true, 'C'],
    shown: false,
    values: ['', '', 'b', 'C', 'd', ''],
  });
});

test('hiding rows outside the grid is refused', () => {
  const emu = fixtureEmulator();
  expect(() => exec(emu, 'SpreadsheetApp.getActiveSheet().hideRows(1000, 2);')).toThrow(/out of bounds/);
});
