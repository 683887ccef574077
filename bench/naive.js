// Benchmark reference "naive": what ImportJSON-style scripts do — page through /usage/calls one UrlFetchApp.fetch at
// a time and write one sheet.appendRow per row. Plain Apps Script (V8), loaded as its own bundle by bench/bench.ts.
// It reads CLIQTEL_BASE_URL and BENCH_API_KEY from the script properties, as such scripts usually keep their token.
// biome-ignore-all lint/correctness/noUnusedVariables: Apps Script entry points, called by name from outside the file.

const NAIVE_PER_PAGE = 100;

function naiveSettings_() {
  const props = PropertiesService.getScriptProperties();
  return { base: props.getProperty('CLIQTEL_BASE_URL'), key: props.getProperty('BENCH_API_KEY') };
}

/** One page of /usage/calls, parsed. */
function naiveFetchPage_(settings, from, to, page) {
  const url = `${settings.base}/v1/portal/usage/calls?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&per_page=${NAIVE_PER_PAGE}&page=${page}`;
  const response = UrlFetchApp.fetch(url, {
    headers: { Authorization: `Bearer ${settings.key}`, Accept: 'application/json' },
  });
  return JSON.parse(response.getContentText());
}

function naiveCell_(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

/**
 * Exports the calls of a window into a new sheet, one request per page and one appendRow per row. `maxRows` stops
 * early (the bench measures a slice and scales it linearly).
 */
function naiveExport(arg) {
  const settings = naiveSettings_();
  const maxRows = arg.maxRows || Number.POSITIVE_INFINITY;
  const sheet = SpreadsheetApp.getActiveSpreadsheet().insertSheet(arg.sheetName);
  let header = null;
  let rows = 0;
  let page = 1;
  for (;;) {
    const body = naiveFetchPage_(settings, arg.from, arg.to, page);
    const data = body.data || [];
    for (const item of data) {
      if (rows >= maxRows) break;
      if (!header) {
        header = Object.keys(item);
        sheet.appendRow(header);
      }
      sheet.appendRow(header.map((k) => naiveCell_(item[k])));
      rows++;
    }
    if (rows >= maxRows || page >= body.last_page || data.length === 0) break;
    page++;
  }
  return { sheetName: sheet.getName(), rows, pages: page };
}

/**
 * The same rows as CLIQTEL_CALLS(from, to, , limit), fetched one page at a time (no fetchAll): the "one page at a
 * time" reference for the paged custom function.
 */
function NAIVE_CALLS(from, to, limit) {
  const settings = naiveSettings_();
  const max = limit || 5000;
  let header = null;
  const table = [];
  for (let page = 1; ; page++) {
    const body = naiveFetchPage_(settings, from, to, page);
    const data = body.data || [];
    for (const item of data) {
      if (table.length >= max) break;
      if (!header) header = Object.keys(item);
      table.push(header.map((k) => naiveCell_(item[k])));
    }
    if (table.length >= max || page >= body.last_page || data.length === 0) break;
  }
  return header ? [header].concat(table) : [['No data']];
}
