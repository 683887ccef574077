// Developer metadata (spreadsheet- and sheet-level): create, read, update, remove, find; 30,000 chars per location.
import { type Invocation, withNotImplemented } from '../invocation';
import { MAX_METADATA_CHARS_PER_LOCATION, type MetadataModel, type SheetModel, type SpreadsheetModel } from '../model';
import { countWrite } from './cells';
import { sheetApi } from './sheet';
import { spreadsheetApi } from './spreadsheet';

/** Characters (key + value) the metadata at one location uses against its 30,000-character budget. */
export function metadataChars(list: MetadataModel[]): number {
  return list.reduce((n, m) => n + m.key.length + (m.value?.length ?? 0), 0);
}

export const METADATA_BUDGET_ERROR = `Adding this developer metadata would exceed the ${MAX_METADATA_CHARS_PER_LOCATION} character limit for its location.`;

function checkMetadataBudget(inv: Invocation, list: MetadataModel[], extra: number): void {
  if (metadataChars(list) + extra > MAX_METADATA_CHARS_PER_LOCATION) throw inv.exception(METADATA_BUDGET_ERROR);
}

/** A fresh metadata id (positive int32) not used in the spreadsheet nor in `taken`. */
export function newMetadataId(ss: SpreadsheetModel, taken: ReadonlySet<number> = new Set()): number {
  const used = new Set(ss.allMetadata().map((m) => m.id));
  let id = 1 + Math.floor(Math.random() * 2_000_000_000);
  while (used.has(id) || taken.has(id)) id++;
  return id;
}

function listOwning(ss: SpreadsheetModel, m: MetadataModel): MetadataModel[] {
  return m.location === 'SHEET' && m.sheet ? m.sheet.metadata : ss.metadata;
}

export class DeveloperMetadataApi {
  constructor(
    private inv: Invocation,
    private ss: SpreadsheetModel,
    private m: MetadataModel,
  ) {}
  getId(): number {
    return this.m.id;
  }
  getKey(): string {
    return this.m.key;
  }
  getValue(): string | null {
    return this.m.value;
  }
  getVisibility(): string {
    return this.m.visibility;
  }
  getLocation(): object {
    const { m, inv, ss } = this;
    return withNotImplemented(
      {
        getLocationType: () => m.location,
        getSheet: () => (m.sheet ? sheetApi(inv, m.sheet) : null),
        getSpreadsheet: () => (m.location === 'SPREADSHEET' ? spreadsheetApi(inv, ss) : null),
      },
      'DeveloperMetadataLocation',
    );
  }
  setKey(key: string): DeveloperMetadataApi {
    this.inv.requireDocWrite('DeveloperMetadata.setKey');
    const list = listOwning(this.ss, this.m);
    checkMetadataBudget(this.inv, list, String(key).length - this.m.key.length);
    this.m.key = String(key);
    countWrite(this.inv, 0);
    return this;
  }
  setValue(value: string): DeveloperMetadataApi {
    this.inv.requireDocWrite('DeveloperMetadata.setValue');
    const list = listOwning(this.ss, this.m);
    checkMetadataBudget(this.inv, list, String(value).length - (this.m.value?.length ?? 0));
    this.m.value = String(value);
    countWrite(this.inv, 0);
    return this;
  }
  setVisibility(visibility: string): DeveloperMetadataApi {
    this.inv.requireDocWrite('DeveloperMetadata.setVisibility');
    this.m.visibility = visibility === 'PROJECT' ? 'PROJECT' : 'DOCUMENT';
    return this;
  }
  remove(): void {
    this.inv.requireDocWrite('DeveloperMetadata.remove');
    const list = listOwning(this.ss, this.m);
    const i = list.indexOf(this.m);
    if (i >= 0) list.splice(i, 1);
    countWrite(this.inv, 0);
  }
}

export function metadataApi(inv: Invocation, ss: SpreadsheetModel, m: MetadataModel): DeveloperMetadataApi {
  return withNotImplemented(new DeveloperMetadataApi(inv, ss, m), 'DeveloperMetadata');
}

export function addMetadata(
  inv: Invocation,
  ss: SpreadsheetModel,
  sheet: SheetModel | undefined,
  method: string,
  key: unknown,
  value?: unknown,
  visibility?: unknown,
): void {
  inv.requireDocWrite(method);
  if (typeof key !== 'string' || key === '') throw inv.exception('Invalid argument: key');
  const list = sheet ? sheet.metadata : ss.metadata;
  const val = value === undefined || value === null ? null : String(value);
  checkMetadataBudget(inv, list, key.length + (val?.length ?? 0));
  list.push({
    id: newMetadataId(ss),
    key,
    value: val,
    visibility: visibility === 'PROJECT' ? 'PROJECT' : 'DOCUMENT',
    location: sheet ? 'SHEET' : 'SPREADSHEET',
    sheet,
  });
  countWrite(inv, 0);
}

export function metadataFinder(inv: Invocation, ss: SpreadsheetModel, scope: () => MetadataModel[]): object {
  const filters: ((m: MetadataModel) => boolean)[] = [];
  const finder = {
    withKey(k: string) {
      filters.push((m) => m.key === k);
      return finder;
    },
    withValue(v: string) {
      filters.push((m) => m.value === v);
      return finder;
    },
    withId(id: number) {
      filters.push((m) => m.id === id);
      return finder;
    },
    withVisibility(v: string) {
      filters.push((m) => m.visibility === String(v));
      return finder;
    },
    withLocationType(t: string) {
      filters.push((m) => m.location === String(t));
      return finder;
    },
    find() {
      inv.requireDocRead('DeveloperMetadataFinder.find');
      return inv.out(
        scope()
          .filter((m) => filters.every((f) => f(m)))
          .map((m) => metadataApi(inv, ss, m)),
      );
    },
  };
  return withNotImplemented(finder, 'DeveloperMetadataFinder');
}
