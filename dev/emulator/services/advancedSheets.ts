// The Advanced Sheets service (Sheets API v4, a subset): the global the manifest's enabledAdvancedServices defines,
// Spreadsheets.batchUpdate (services/sheetsBatch.ts) and Spreadsheets.get. Calls fail the way Apps Script's
// advanced services do: an Error whose message starts "GoogleJsonResponseException: API call to … failed with error:".
import { type Invocation, withNotImplemented } from '../invocation';
import type { SpreadsheetModel } from '../model';
import { countRead, countWrite } from './cells';
import { batchUpdate } from './sheetsBatch';
import {
  ApiError,
  type JsonObject,
  JsonPath,
  expandFieldMask,
  message,
  selectFields,
  sheetGeometry,
  sheetPropertiesJson,
} from './sheetsJson';

/**
 * 'manifest': the global exists iff the manifest enables the service; 'off': never; 'apiDisabled': as the manifest
 * says, but every call fails as when the Sheets API is disabled in the Cloud project; 'lostAnswer': as the manifest
 * says, but a batchUpdate that went through still throws (a 503 whose change was applied — the answer lost on the
 * way back), so a script must find out what happened instead of assuming nothing did.
 */
export type AdvancedSheetsSetting = 'manifest' | 'off' | 'apiDisabled' | 'lostAnswer';
export const ADVANCED_SHEETS_SETTINGS: readonly AdvancedSheetsSetting[] = ['manifest', 'off', 'apiDisabled', 'lostAnswer'];
/** The environment variable that picks the setting for every Emulator not given one explicitly. */
export const ADVANCED_SHEETS_ENV = 'CLIQTEL_EMULATOR_ADVANCED_SHEETS';

/** The Advanced Sheets service an Emulator installs: the global's name and whether the API answers. */
export interface AdvancedSheetsConfig {
  userSymbol: string;
  apiEnabled: boolean;
  /** 'lostAnswer': applied batchUpdates throw anyway. */
  loseAnswers?: boolean;
}

/** The setting an Emulator uses: the option, else the environment variable, else 'manifest'. A bad value throws. */
export function resolveAdvancedSheetsSetting(
  option: AdvancedSheetsSetting | undefined,
  env: string | undefined,
): AdvancedSheetsSetting {
  const chosen = option ?? (env === undefined || env === '' ? 'manifest' : env);
  if (!ADVANCED_SHEETS_SETTINGS.includes(chosen as AdvancedSheetsSetting)) {
    const from = option !== undefined ? 'advancedSheets' : ADVANCED_SHEETS_ENV;
    throw new Error(`emulator: ${from} must be one of ${ADVANCED_SHEETS_SETTINGS.join(', ')}; got ${JSON.stringify(chosen)}`);
  }
  return chosen as AdvancedSheetsSetting;
}

interface ManifestService {
  userSymbol?: unknown;
  serviceId?: unknown;
  version?: unknown;
}

/** The manifest's Sheets entry under dependencies.enabledAdvancedServices, combined with the setting; null = no global. */
export function advancedSheetsConfig(
  manifest: { dependencies?: { enabledAdvancedServices?: ManifestService[] } },
  setting: AdvancedSheetsSetting,
): AdvancedSheetsConfig | null {
  if (setting === 'off') return null;
  const services = manifest.dependencies?.enabledAdvancedServices;
  const entry = Array.isArray(services) ? services.find((s) => s?.serviceId === 'sheets') : undefined;
  if (!entry) return null;
  if (entry.version !== undefined && entry.version !== 'v4')
    throw new Error(
      `emulator: the manifest enables the Sheets advanced service as version ${JSON.stringify(entry.version)}; only v4 exists`,
    );
  const userSymbol = typeof entry.userSymbol === 'string' && entry.userSymbol !== '' ? entry.userSymbol : 'Sheets';
  if (!/^[A-Za-z_$][\w$]*$/.test(userSymbol))
    throw new Error(`emulator: the manifest's userSymbol ${JSON.stringify(userSymbol)} is not an identifier`);
  const config: AdvancedSheetsConfig = { userSymbol, apiEnabled: setting !== 'apiDisabled' };
  if (setting === 'lostAnswer') config.loseAnswers = true;
  return config;
}

const SCOPES = {
  write: [
    'https://www.googleapis.com/auth/spreadsheets',
    'https://www.googleapis.com/auth/drive',
    'https://www.googleapis.com/auth/drive.file',
  ],
  read: [
    'https://www.googleapis.com/auth/spreadsheets',
    'https://www.googleapis.com/auth/spreadsheets.readonly',
    'https://www.googleapis.com/auth/drive',
    'https://www.googleapis.com/auth/drive.readonly',
    'https://www.googleapis.com/auth/drive.file',
  ],
};

const API_DISABLED =
  'Google Sheets API has not been used in project 000000000000 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=000000000000 then retry.';

class SheetsCall {
  constructor(
    readonly inv: Invocation,
    readonly config: AdvancedSheetsConfig,
    /** 'batchUpdate' | 'get' */
    readonly method: string,
  ) {}

  /** How the script names it in permission errors. */
  get scriptName(): string {
    return `${this.config.userSymbol}.Spreadsheets.${this.method}`;
  }

  /** The error an advanced service throws for a failed API call (a plain realm Error). */
  fail(reason: string): Error {
    return this.inv.realm.makeError(
      `GoogleJsonResponseException: API call to sheets.spreadsheets.${this.method} failed with error: ${reason}`,
    );
  }

  signature(types: string): Error {
    return this.inv.exception(`The parameters (${types}) don't match the method signature for ${this.scriptName}.`);
  }

  /** Scopes (403), then the API being enabled (403), then the spreadsheet (404) and the user's access to it (403). */
  open(spreadsheetId: string, scopes: readonly string[]): SpreadsheetModel {
    if (!this.inv.hasAnyScope(scopes)) throw this.fail('Request had insufficient authentication scopes.');
    if (!this.config.apiEnabled) throw this.fail(API_DISABLED);
    const ss = this.inv.state.spreadsheets.get(spreadsheetId);
    if (!ss) throw this.fail('Requested entity was not found.');
    if (!ss.editors.has(this.inv.effectiveUser)) throw this.fail('The caller does not have permission');
    return ss;
  }
}

function typeNames(args: unknown[]): string {
  return args
    .map((a) => (a === null ? 'null' : Array.isArray(a) ? 'Object[]' : typeof a === 'object' ? 'Object' : typeof a))
    .join(',');
}

/**
 * Serializes the script's value to JSON as the advanced service does when it sends the request (this is where the
 * payload crosses the script → service boundary and is charged), then reads it back as host-realm plain data.
 */
function toJson(call: SheetsCall, value: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw call.inv.exception(`Invalid argument: ${(e as Error).message}`);
  }
  return text === undefined ? undefined : JSON.parse(text);
}

function batchUpdateCall(inv: Invocation, config: AdvancedSheetsConfig, args: unknown[]): unknown {
  const call = new SheetsCall(inv, config, 'batchUpdate');
  const [resource, spreadsheetId] = args;
  if (
    args.length < 2 ||
    args.length > 3 ||
    resource === null ||
    typeof resource !== 'object' ||
    typeof spreadsheetId !== 'string'
  )
    throw call.signature(typeNames(args));
  inv.requireDocWrite(call.scriptName);
  const json = toJson(call, resource);
  countWrite(inv, 0); // one API call, whatever its outcome: one write call and its modelled latency
  const ss = call.open(spreadsheetId, SCOPES.write);
  try {
    const { replies, cellsWritten } = batchUpdate(ss, json);
    inv.state.stats.cellsWritten += cellsWritten;
    if (call.config.loseAnswers) throw new ApiError('The service is currently unavailable.');
    return inv.out({ spreadsheetId: ss.id, replies });
  } catch (e) {
    if (e instanceof ApiError) throw call.fail(e.message);
    throw e;
  }
}

/** The Spreadsheet resource: properties, sheets' properties (and developer metadata where there is some). */
export function spreadsheetJson(ss: SpreadsheetModel): JsonObject {
  const metadataJson = (m: SpreadsheetModel['metadata'][number]): JsonObject => {
    const out: JsonObject = { metadataId: m.id, metadataKey: m.key };
    if (m.value !== null) out.metadataValue = m.value;
    out.location = m.sheet
      ? { locationType: 'SHEET', sheetId: m.sheet.sheetId }
      : { locationType: 'SPREADSHEET', spreadsheet: true };
    out.visibility = m.visibility;
    return out;
  };
  const sheets = ss.sheets.map((s, index) => {
    const out: JsonObject = {
      properties: sheetPropertiesJson(sheetGeometry(s, index)),
    };
    if (s.metadata.length) out.developerMetadata = s.metadata.map(metadataJson);
    return out;
  });
  const out: JsonObject = {
    spreadsheetId: ss.id,
    properties: { title: ss.name, locale: ss.locale, autoRecalc: 'ON_CHANGE', timeZone: ss.timeZone },
    sheets,
  };
  if (ss.metadata.length) out.developerMetadata = ss.metadata.map(metadataJson);
  out.spreadsheetUrl = ss.url;
  return out;
}

const SPREADSHEET_FIELDS = [
  'spreadsheetId',
  'properties',
  'sheets',
  'namedRanges',
  'spreadsheetUrl',
  'developerMetadata',
  'dataSources',
  'dataSourceSchedules',
];

function getCall(inv: Invocation, config: AdvancedSheetsConfig, args: unknown[]): unknown {
  const call = new SheetsCall(inv, config, 'get');
  const [spreadsheetId, optionalArgs] = args;
  if (
    args.length < 1 ||
    args.length > 2 ||
    typeof spreadsheetId !== 'string' ||
    (optionalArgs !== undefined && typeof optionalArgs !== 'object')
  )
    throw call.signature(typeNames(args));
  inv.requireDocRead(call.scriptName);
  if (inv.isCustom) inv.deny(call.scriptName); // custom functions cannot use services that need authorization
  const options = (toJson(call, optionalArgs ?? {}) ?? {}) as JsonObject;
  countRead(inv);
  const ss = call.open(spreadsheetId, SCOPES.read);
  try {
    const o = message(
      options,
      new JsonPath(''),
      'GetSpreadsheetRequest',
      ['fields'],
      ['ranges', 'includeGridData', 'excludeTablesInBandedRanges'],
      (key) => {
        throw inv.exception(`emulator: ${call.scriptName} option ${key} is not modelled (dev/emulator/README.md)`);
      },
    );
    let result: unknown = spreadsheetJson(ss);
    if (o.fields !== undefined && o.fields !== null) {
      const paths = typeof o.fields === 'string' ? expandFieldMask(o.fields) : null;
      if (!paths || paths.some((p) => p !== '*' && !SPREADSHEET_FIELDS.includes(p.split('.')[0])))
        throw new ApiError('Request contains an invalid argument.');
      result = selectFields(result, paths);
    }
    return inv.out(result);
  } catch (e) {
    if (e instanceof ApiError) throw call.fail(e.message);
    throw e;
  }
}

/** The global object (named by the manifest's userSymbol) installed in each invocation's context. */
export function makeAdvancedSheets(inv: Invocation, config: AdvancedSheetsConfig): object {
  const name = config.userSymbol;
  const spreadsheets = withNotImplemented(
    {
      batchUpdate: (...args: unknown[]) => batchUpdateCall(inv, config, args),
      get: (...args: unknown[]) => getCall(inv, config, args),
      Values: withNotImplemented({}, `${name}.Spreadsheets.Values`),
      Sheets: withNotImplemented({}, `${name}.Spreadsheets.Sheets`),
      DeveloperMetadata: withNotImplemented({}, `${name}.Spreadsheets.DeveloperMetadata`),
    },
    `${name}.Spreadsheets`,
  );
  return withNotImplemented({ Spreadsheets: spreadsheets }, name);
}
