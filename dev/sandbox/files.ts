// File downloads served by the sandbox: the CDR export (CSV, PDF) and invoice PDFs.

import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { Response } from 'express';
import type { CallRecord } from './seed';

/** Export columns: the documented CDR fields in documented order, then the undocumented extras. */
export const CALL_EXPORT_COLUMNS = [
  'id',
  'call_id',
  'destination',
  'caller_id',
  'start_time',
  'duration_seconds',
  'billable_seconds',
  'rate_per_minute',
  'charge',
  'currency',
  'billing_status',
  'destination_country',
  'trunk',
  'disposition',
] as const;

/** RFC 4180 CSV (CRLF, quotes only where needed, `""` escapes) streamed straight to the response. */
export function sendCallsCsv(res: Response, calls: readonly CallRecord[], filename: string, finalLineBreak = true): void {
  res.status(200);
  res.set('Content-Type', 'text/csv; charset=UTF-8');
  res.set('Content-Disposition', `attachment; filename="${filename}"`);
  const options = {
    header: true,
    columns: [...CALL_EXPORT_COLUMNS],
    record_delimiter: '\r\n',
    cast: { boolean: (value: boolean) => String(value), object: (value: object) => JSON.stringify(value) },
  };
  if (!finalLineBreak) {
    // Like writers that join lines with a separator: the same CSV without the last CRLF.
    res.send(stringifySync(calls as CallRecord[], options).replace(/\r\n$/, ''));
    return;
  }
  Readable.from(calls).pipe(stringify(options)).pipe(res);
}

/** Escapes text for a PDF literal string; outside WinAnsi's ASCII range we print '?' (Helvetica, no font embedding). */
function pdfText(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/[\\()]/g, (c) => `\\${c}`);
}

const LINES_PER_PAGE = 60;

/** A small valid PDF (A4, Helvetica 9 pt): a title, then text lines, as many pages as needed. */
export function buildPdf(title: string, lines: readonly string[]): Buffer {
  const pages: string[][] = [];
  for (let i = 0; i < Math.max(1, lines.length); i += LINES_PER_PAGE - 2)
    pages.push(lines.slice(i, i + LINES_PER_PAGE - 2) as string[]);
  const objects: string[] = [];
  // 1 catalog, 2 pages tree, 3 font; then per page: page object + content stream.
  const pageIds = pages.map((_, index) => 4 + index * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  pages.forEach((pageLines, index) => {
    const pageId = pageIds[index];
    const ops = [
      'BT',
      '/F1 12 Tf',
      '40 800 Td',
      `(${pdfText(`${title} - page ${index + 1} of ${pages.length}`)}) Tj`,
      '/F1 9 Tf',
      '0 -22 Td',
      '12 TL',
    ];
    for (const line of pageLines) ops.push(`(${pdfText(line)}) '`);
    ops.push('ET');
    const stream = ops.join('\n');
    objects[pageId] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
    objects[pageId + 1] = `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`;
  });
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(out, 'latin1');
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xrefOffset = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export function sendPdf(res: Response, pdf: Buffer, filename: string): void {
  res.status(200);
  res.set('Content-Type', 'application/pdf');
  res.set('Content-Disposition', `attachment; filename="${filename}"`);
  res.send(pdf);
}
