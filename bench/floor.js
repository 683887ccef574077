// Benchmark reference "floor": the least work the CDR export can take — one export request, Utilities.parseCsv, one
// setValues of the parsed array (plus growing the new sheet to fit). Plain Apps Script (V8), loaded by bench/bench.ts.
// It reads CLIQTEL_BASE_URL and BENCH_API_KEY from the script properties.
// biome-ignore-all lint/correctness/noUnusedVariables: Apps Script entry point, called by name from outside the file.

function floorExport(arg) {
  const props = PropertiesService.getScriptProperties();
  const url = `${props.getProperty('CLIQTEL_BASE_URL')}/v1/portal/usage/export?format=csv&from=${encodeURIComponent(arg.from)}&to=${encodeURIComponent(arg.to)}`;
  const response = UrlFetchApp.fetch(url, {
    headers: { Authorization: `Bearer ${props.getProperty('BENCH_API_KEY')}` },
  });
  const rows = Utilities.parseCsv(response.getContentText());
  const sheet = SpreadsheetApp.getActiveSpreadsheet().insertSheet(arg.sheetName);
  // A new sheet has 1000 rows; setValues cannot write past the grid.
  if (rows.length > sheet.getMaxRows()) sheet.insertRowsAfter(sheet.getMaxRows(), rows.length - sheet.getMaxRows());
  sheet.getRange(1, 1, rows.length, rows[0].length).setValues(rows);
  return { sheetName: sheet.getName(), rows: rows.length - 1 };
}
