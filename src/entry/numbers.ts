// Server functions of the numbers push: preview the edits of a numbers report, push them, show a row. Each checks its
// argument and calls src/gas/numbersSync.ts (docs/architecture.md#numbers-push).
import { parseObjectArg } from '../core/args';
import type { NumbersPreview, NumbersPushResult } from '../core/serverApi';
import { makeClient, SERVER_BUDGET_MS } from '../gas/client';
import { requireActiveSpreadsheet } from '../gas/config';
import { resolveUserKey } from '../gas/keys';
import { previewNumberChanges, pushNumberChangesInSheet, selectNumberRow } from '../gas/numbersSync';

/**
 * Compares a numbers report's Label and Forwarding destination cells with the values fetched at its last refresh:
 * the changes a push would send and the rows it would refuse (with the reason). Sends nothing.
 */
export function cliqtelNumbersPreviewChanges(arg: { sheetName: string }): NumbersPreview {
  const a = parseObjectArg(arg, '{sheetName} (a numbers report sheet)');
  return previewNumberChanges(requireActiveSpreadsheet(), a.sheetName);
}

/**
 * Pushes the previewed changes to Cliqtel (`confirm` = the preview's change count): each number is re-read first and
 * a value changed in Cliqtel since the last refresh is a conflict, not overwritten. The Sync status column tells
 * each row's outcome.
 */
export function cliqtelNumbersPushChanges(arg: { sheetName: string; confirm: number }): NumbersPushResult {
  const a = parseObjectArg(arg, "{sheetName, confirm} (confirm: the preview's number of changes)");
  const ss = requireActiveSpreadsheet();
  return pushNumberChangesInSheet(ss, makeClient(resolveUserKey(), SERVER_BUDGET_MS), a.sheetName, a.confirm);
}

/** Shows one row of a sheet (the sidebar's links from a preview or a push result to the row). */
export function cliqtelNumbersSelectRow(arg: { sheetName: string; row: number }): { sheetName: string; row: number } {
  const a = parseObjectArg(arg, '{sheetName, row} (row: the sheet row number, the header is row 1)');
  return selectNumberRow(requireActiveSpreadsheet(), a.sheetName, a.row);
}
