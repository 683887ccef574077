// The runtime every custom function shares: key resolution, cached results, the 25 s budget, errors as plain text.
import { CliqtelError } from '../core/errors';
import type { CliqtelClient } from '../core/client';
import { cacheGet, cachePut } from './cache';
import { CUSTOM_FUNCTION_BUDGET_MS, makeClient } from './client';
import { dateToYmd, todayIn, ymdToDate } from './config';
import { resolveFormulaKey } from './keys';

/** Identical formulas within this many seconds are answered from CacheService (no request). */
export const FORMULA_CACHE_TTL_SECONDS = 300;
export const CACHE_GENERATION_PROP = 'CLIQTEL_CACHE_GEN';

export interface FormulaContext {
  client: CliqtelClient;
  timeZone: string;
  today: string;
  formatDate: (d: Date) => string;
  parseDateOnly: (ymd: string) => Date;
}

function spreadsheetTimeZone(): string {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  return ss?.getSpreadsheetTimeZone() || Session.getScriptTimeZone() || 'Etc/UTC';
}

function sha256(text: string): string {
  const bytes = Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, text, Utilities.Charset.UTF_8);
  return Utilities.base64EncodeWebSafe(bytes).replace(/=+$/, '');
}

function cacheGeneration(): string {
  return PropertiesService.getDocumentProperties()?.getProperty(CACHE_GENERATION_PROP) ?? '0';
}

function formulaCache(): GoogleAppsScript.Cache.Cache | null {
  return CacheService.getDocumentCache() ?? CacheService.getScriptCache();
}

/** Errors a cell can show: the actionable message, never a stack trace or the key. */
function toCellError(e: unknown): Error {
  if (e instanceof CliqtelError) return new Error(e.userMessage);
  const message = e instanceof Error ? e.message : String(e);
  return new Error(`Cliqtel: something unexpected went wrong (${message}). Try again; if it persists, report it.`);
}

/**
 * Runs one custom function. `validate` parses the arguments first (so a bad argument never sends a request and is
 * never cached); `fetch` then talks to Cliqtel. The cache key is a hash of the function, its normalised arguments and
 * a fingerprint of the key (never the key itself), so two keys never share results.
 */
export function runFormula<A, R>(
  name: string,
  opts: { public?: boolean },
  validate: (ctx: Omit<FormulaContext, 'client'>) => A,
  fetch: (args: A, ctx: FormulaContext) => R,
): R {
  try {
    const timeZone = spreadsheetTimeZone();
    const base = {
      timeZone,
      today: todayIn(timeZone),
      formatDate: (d: Date) => dateToYmd(d, timeZone),
      parseDateOnly: (ymd: string) => ymdToDate(ymd, timeZone),
    };
    const args = validate(base);
    const apiKey = opts.public ? undefined : resolveFormulaKey();
    const cache = formulaCache();
    const cacheKey = `cf:${sha256(JSON.stringify([cacheGeneration(), apiKey ? sha256(apiKey) : 'public', name, args, timeZone]))}`;
    if (cache) {
      const hit = cacheGet(cache, cacheKey);
      if (hit !== undefined) return hit as R;
    }
    const result = fetch(args, { ...base, client: makeClient(apiKey, CUSTOM_FUNCTION_BUDGET_MS) });
    if (cache) cachePut(cache, cacheKey, result, FORMULA_CACHE_TTL_SECONDS);
    return result;
  } catch (e) {
    throw toCellError(e);
  }
}

/**
 * Makes every CLIQTEL_ formula fetch fresh data: bumps the cache generation the custom functions key their cache
 * with, then re-enters each formula (Sheets recalculates a custom function only when its text or inputs change).
 */
export function refreshFormulas(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): number {
  const props = PropertiesService.getDocumentProperties();
  const generation = Number(props.getProperty(CACHE_GENERATION_PROP) ?? '0');
  props.setProperty(CACHE_GENERATION_PROP, String((Number.isFinite(generation) ? generation : 0) + 1));
  const cells: { range: GoogleAppsScript.Spreadsheet.Range; formula: string }[] = [];
  for (const sheet of ss.getSheets()) {
    if (sheet.getLastRow() === 0 || sheet.getLastColumn() === 0) continue;
    const formulas = sheet.getRange(1, 1, sheet.getLastRow(), sheet.getLastColumn()).getFormulas();
    for (let r = 0; r < formulas.length; r++) {
      for (let c = 0; c < formulas[r].length; c++) {
        const f = formulas[r][c];
        if (f && /CLIQTEL_/i.test(f)) cells.push({ range: sheet.getRange(r + 1, c + 1), formula: f });
      }
    }
  }
  if (cells.length > 0) {
    for (const cell of cells) cell.range.clearContent();
    SpreadsheetApp.flush();
    for (const cell of cells) cell.range.setFormula(cell.formula);
  }
  ss.toast(`Recalculating ${cells.length} CLIQTEL formula${cells.length === 1 ? '' : 's'} with fresh data.`, 'Cliqtel', 5);
  return cells.length;
}
