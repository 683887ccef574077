// The sidebar's one way to call the server: a promise-based wrapper over google.script.run, typed against
// ServerFunctions so a renamed or reshaped server function fails the sidebar's typecheck.
import type { ServerFunctions } from '../core/serverApi';

/** The slice of the HtmlService client API the pages use (DOM-only tsconfig: no Apps Script types here). */
type ScriptRunner = {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRunner;
  withFailureHandler(handler: (error: unknown) => void): ScriptRunner;
} & { [K in keyof ServerFunctions]: (...args: Parameters<ServerFunctions[K]>) => void };
interface ScriptHost {
  close(): void;
  editor: { focus(): void };
}
declare const google: { script: { run: ScriptRunner; host: ScriptHost } };

export type ServerName = keyof ServerFunctions;
export type ServerArgs<K extends ServerName> = Parameters<ServerFunctions[K]>;
export type ServerResult<K extends ServerName> = ReturnType<ServerFunctions[K]>;

/** Apps Script hands the failure handler an Error; its message may carry an "Error: " or "Exception: " prefix. */
export function errorMessage(error: unknown): string {
  const raw =
    error && typeof error === 'object' && 'message' in error ? String((error as { message: unknown }).message) : String(error);
  const cleaned = raw.replace(/^(?:\w*Error|Exception):\s*/, '').trim();
  return cleaned || 'Something went wrong on the server. Please try again.';
}

/** Calls a server function by name; resolves with its return value, rejects with an Error carrying its message. */
export function callServer<K extends ServerName>(name: K, ...args: ServerArgs<K>): Promise<ServerResult<K>> {
  return new Promise((resolve, reject) => {
    let runner: ScriptRunner;
    try {
      runner = google.script.run
        .withSuccessHandler((value) => resolve(value as ServerResult<K>))
        .withFailureHandler((error) => reject(new Error(errorMessage(error))));
    } catch {
      reject(new Error('This page must be opened from Google Sheets (Extensions › Cliqtel).'));
      return;
    }
    try {
      (runner[name] as (...callArgs: ServerArgs<K>) => void)(...args);
    } catch (error) {
      reject(new Error(errorMessage(error)));
    }
  });
}

/** Closes the dialog this page runs in (a no-op outside Apps Script). */
export function closeHost(): void {
  try {
    google.script.host.close();
  } catch {
    // Not inside an Apps Script dialog: nothing to close.
  }
}
