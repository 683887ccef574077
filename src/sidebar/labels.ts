// What the pages show for the catalogue's names (report kinds, windows, frequencies, scopes, number types): choices
// for selects and labels for lists, all derived from core/catalog.ts.
import {
  DASHBOARD,
  DASHBOARD_KIND,
  FREQUENCIES,
  type Frequency,
  NUMBER_TYPE_IDS,
  NUMBER_TYPES as NUMBER_TYPE_CATALOG,
  READ_SCOPES,
  type ReadScope,
  REPORT_KIND_IDS,
  REPORT_KINDS,
  ROLLING_WINDOW_IDS,
  ROLLING_WINDOWS,
} from '../core/catalog';
import type { Choice } from './dom';

export { REPORT_KINDS };

export const REPORT_KIND_CHOICES: Choice[] = REPORT_KIND_IDS.map((kind) => ({ value: kind, label: REPORT_KINDS[kind].label }));

export const WINDOW_CHOICES: Choice[] = ROLLING_WINDOW_IDS.map((w) => ({ value: w, label: ROLLING_WINDOWS[w].label }));

/** What each read scope lets the add-on do, in the user's words. */
export function scopeFeatures(scope: ReadScope): string {
  return READ_SCOPES[scope].unlocks;
}

export const NUMBER_TYPES: Choice[] = [
  { value: 'any', label: 'Any type' },
  ...NUMBER_TYPE_IDS.map((t) => ({ value: t, label: NUMBER_TYPE_CATALOG[t].label })),
];

export function numberTypeLabel(type: string): string {
  return NUMBER_TYPES.find((choice) => choice.value === type)?.label ?? type;
}

/** "Once a day, around 06:00" style description of a schedule. */
export function describeFrequency(frequency: Frequency, hour?: number): string {
  if (frequency === 'daily' && hour !== undefined && hour !== null) return `Once a day, around ${hourLabel(hour)}`;
  return FREQUENCIES[frequency]?.label ?? frequency;
}

export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

export function reportKindLabel(kind: string): string {
  if (kind === DASHBOARD_KIND) return DASHBOARD.label;
  return (REPORT_KINDS as Record<string, { label: string } | undefined>)[kind]?.label ?? kind;
}

export function windowLabel(window: string): string {
  return (ROLLING_WINDOWS as Record<string, { label: string } | undefined>)[window]?.label ?? window;
}
