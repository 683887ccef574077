// SpreadsheetApp and Spreadsheet over the in-memory model: open/active documents, sheets, toasts, developer metadata.
import { parseA1 } from '../a1';
import { isValidTimeZone } from '../dates';
import { type Invocation, withNotImplemented } from '../invocation';
import { NEW_SHEET_COLUMNS, NEW_SHEET_ROWS, type SpreadsheetModel } from '../model';
import { countWrite, ensureCellBudget } from './cells';
import { ChartTypeEnum } from './charts';
import { type DeveloperMetadataApi, addMetadata, metadataApi, metadataFinder } from './metadata';
import { type RangeApi, rangeApi, rangeFromRef } from './range';
import { type SheetApi, sheetApi } from './sheet';
import { makeUi } from './ui';

export class SpreadsheetApi {
  constructor(
    readonly inv: Invocation,
    readonly model: SpreadsheetModel,
  ) {}

  private write(method: string): void {
    this.inv.requireDocWrite(`Spreadsheet.${method}`);
    countWrite(this.inv, 0);
  }

  getId(): string {
    return this.model.id;
  }
  getName(): string {
    return this.model.name;
  }
  rename(name: string): void {
    this.write('rename');
    this.model.name = String(name);
  }
  getUrl(): string {
    return this.model.url;
  }
  getSpreadsheetTimeZone(): string {
    return this.model.timeZone;
  }
  setSpreadsheetTimeZone(timeZone: string): void {
    this.write('setSpreadsheetTimeZone');
    if (!isValidTimeZone(timeZone)) throw this.inv.exception(`Invalid argument: timeZone`);
    this.model.timeZone = timeZone;
  }
  getSpreadsheetLocale(): string {
    return this.model.locale;
  }
  getOwner(): object | null {
    const email = this.model.owner;
    return withNotImplemented({ getEmail: () => email }, 'User');
  }
  getSheets(): SheetApi[] {
    this.inv.requireDocRead('Spreadsheet.getSheets');
    return this.inv.out(this.model.sheets.map((s) => sheetApi(this.inv, s)));
  }
  getNumSheets(): number {
    return this.model.sheets.length;
  }
  getSheetByName(name: string): SheetApi | null {
    this.inv.requireDocRead('Spreadsheet.getSheetByName');
    const s = this.model.sheet(String(name));
    return s ? sheetApi(this.inv, s) : null;
  }
  getSheetById(id: number): SheetApi | null {
    this.inv.requireDocRead('Spreadsheet.getSheetById');
    const s = this.model.sheets.find((x) => x.sheetId === id);
    return s ? sheetApi(this.inv, s) : null;
  }
  getActiveSheet(): SheetApi {
    this.inv.requireDocRead('Spreadsheet.getActiveSheet');
    if (this.inv.formulaSheet && this.inv.formulaSheet.spreadsheet === this.model)
      return sheetApi(this.inv, this.inv.formulaSheet);
    return sheetApi(this.inv, this.model.activeSheet);
  }
  setActiveSheet(sheet: SheetApi): SheetApi {
    this.inv.requireDocRead('Spreadsheet.setActiveSheet');
    this.model.activeSheetId = sheet.model.sheetId;
    return sheet;
  }
  getActiveRange(): RangeApi | null {
    this.inv.requireDocRead('Spreadsheet.getActiveRange');
    if (this.inv.formulaSheet && this.inv.formulaCell) {
      return rangeApi(this.inv, this.inv.formulaSheet, this.inv.formulaCell.row, this.inv.formulaCell.col, 1, 1);
    }
    return rangeApi(this.inv, this.model.activeSheet, 1, 1, 1, 1);
  }
  getRange(a1: string): RangeApi {
    this.inv.requireDocRead('Spreadsheet.getRange');
    const parsed = parseA1(String(a1));
    if (!parsed) throw this.inv.exception('Range not found');
    const sheet = parsed.sheetName !== undefined ? this.model.sheet(parsed.sheetName) : this.model.activeSheet;
    if (!sheet) throw this.inv.exception('Range not found');
    return rangeFromRef(this.inv, sheet, String(a1));
  }
  insertSheet(a?: unknown, b?: unknown): SheetApi {
    this.write('insertSheet');
    let name: string | undefined;
    let index: number | undefined;
    if (typeof a === 'string') {
      name = a;
      if (typeof b === 'number') index = b;
    } else if (typeof a === 'number') index = a;
    if (name === undefined) {
      let n = this.model.sheets.length + 1;
      while (this.model.sheet(`Sheet${n}`)) n++;
      name = `Sheet${n}`;
    }
    if (this.model.sheet(name))
      throw this.inv.exception(`A sheet with the name "${name}" already exists. Please enter another name.`);
    if (name.length > 100) throw this.inv.exception('The sheet name is too long.');
    ensureCellBudget(this.inv, this.model, NEW_SHEET_ROWS * NEW_SHEET_COLUMNS);
    const sheet = this.model.addSheet(name, index);
    // Apps Script makes the inserted sheet the active one.
    this.model.activeSheetId = sheet.sheetId;
    return sheetApi(this.inv, sheet);
  }
  deleteSheet(sheet: SheetApi): void {
    this.write('deleteSheet');
    if (this.model.sheets.length <= 1) throw this.inv.exception("You can't remove all the sheets in a document.");
    if (!this.model.sheets.includes(sheet.model)) throw this.inv.exception('Sheet not found.');
    this.model.removeSheet(sheet.model);
  }
  toast(msg: unknown, title?: unknown, timeoutSeconds?: number | null): void {
    this.inv.requireDocWrite('Spreadsheet.toast');
    this.inv.state.toasts.push({
      message: String(msg),
      title: title === undefined ? '' : String(title),
      timeoutSeconds: timeoutSeconds ?? undefined,
      shownAt: this.inv.state.now(),
      spreadsheetId: this.model.id,
    });
  }
  addDeveloperMetadata(key: string, value?: string, visibility?: string): SpreadsheetApi {
    const [v, vis] = value === 'DOCUMENT' || value === 'PROJECT' ? [undefined, value] : [value, visibility];
    addMetadata(this.inv, this.model, undefined, 'Spreadsheet.addDeveloperMetadata', key, v, vis);
    return this;
  }
  getDeveloperMetadata(): DeveloperMetadataApi[] {
    this.inv.requireDocRead('Spreadsheet.getDeveloperMetadata');
    return this.inv.out(this.model.metadata.map((m) => metadataApi(this.inv, this.model, m)));
  }
  createDeveloperMetadataFinder(): object {
    return metadataFinder(this.inv, this.model, () => this.model.allMetadata());
  }
}

export function spreadsheetApi(inv: Invocation, model: SpreadsheetModel): SpreadsheetApi {
  return withNotImplemented(new SpreadsheetApi(inv, model), 'Spreadsheet');
}

// ---- SpreadsheetApp ------------------------------------------------------------------------------------

export function makeSpreadsheetApp(inv: Invocation): object {
  const state = inv.state;
  const open = (id: string, method: string): SpreadsheetApi => {
    inv.requireFull(`SpreadsheetApp.${method}`);
    const ss = state.spreadsheets.get(id);
    if (!ss) throw inv.exception(`Unexpected error while getting the method or property ${method} on object SpreadsheetApp.`);
    if (!ss.editors.has(inv.effectiveUser)) throw inv.exception('You do not have permission to access the requested document.');
    return spreadsheetApi(inv, ss);
  };
  const active = (method: string): SpreadsheetApi | null => {
    inv.requireDocRead(`SpreadsheetApp.${method}`);
    return inv.activeSpreadsheet ? spreadsheetApi(inv, inv.activeSpreadsheet) : null;
  };
  const app = {
    getActiveSpreadsheet: () => active('getActiveSpreadsheet'),
    getActive: () => active('getActive'),
    getActiveSheet: () => active('getActiveSheet')?.getActiveSheet() ?? null,
    getActiveRange: () => active('getActiveRange')?.getActiveRange() ?? null,
    openById: (id: string) => open(String(id), 'openById'),
    openByUrl: (url: string) => {
      const m = /\/d\/([^/]+)/.exec(String(url));
      return open(m ? m[1] : '', 'openByUrl');
    },
    getUi: () => {
      inv.requireUiContext();
      return makeUi(inv);
    },
    flush: () => {
      inv.check();
    },
    setActiveSheet: (sheet: SheetApi) => sheet.activate(),
    DeveloperMetadataVisibility: Object.freeze({ DOCUMENT: 'DOCUMENT', PROJECT: 'PROJECT' }),
    DeveloperMetadataLocationType: Object.freeze({ SPREADSHEET: 'SPREADSHEET', SHEET: 'SHEET', ROW: 'ROW', COLUMN: 'COLUMN' }),
    HorizontalAlignment: Object.freeze({ LEFT: 'left', CENTER: 'center', RIGHT: 'right', NORMAL: 'general' }),
    ChartType: ChartTypeEnum,
  };
  return withNotImplemented(app, 'SpreadsheetApp');
}
