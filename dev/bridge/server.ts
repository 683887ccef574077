// Serves the built pages (dist/NAME.html) with google.script.run bridged to the Apps Script emulator, so the real
// sidebar and dialogs can run in a browser against the real dist/Code.js. Used by the browser tests and the playground.
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { shimScript } from './shim';

/** The slice of the emulator the bridge needs (dev/emulator's Emulator satisfies it). */
export interface BridgeEmulator {
  run(name: string, args: unknown[], options: { mode: 'server' }): unknown;
}

export type HostCallName = 'close' | 'setHeight' | 'setWidth' | 'editor.focus';
export interface HostCall {
  page: string;
  call: HostCallName;
  arg: unknown;
  at: string;
}
export interface RpcRecord {
  name: string;
  args: unknown[];
  ok: boolean;
  error?: string;
  /** Set when the return value could not cross to the client (Apps Script then hands the page null). */
  warning?: string;
  ms: number;
}

export interface BridgeOptions {
  /** The emulator, or a getter when the caller swaps emulators (e.g. a playground reset). */
  emulator: BridgeEmulator | (() => BridgeEmulator);
  /** Where NAME.html pages are read from on every request (so a rebuild shows without a restart). */
  distDir: string;
  onHostCall?(call: HostCall): void;
  onRpc?(record: RpcRecord): void;
}

export type Bridge = Router & {
  /** Every google.script.host call the pages made, oldest first. */
  hostCalls: HostCall[];
  /** Every server call the pages made, oldest first. */
  rpcLog: RpcRecord[];
};

const PAGE_NAME = /^[A-Za-z0-9_-]+$/;
const FUNCTION_NAME = /^[A-Za-z_$][\w$]*$/;
const HOST_CALLS: readonly HostCallName[] = ['close', 'setHeight', 'setWidth', 'editor.focus'];

/** Apps Script hands the page null for a return value holding a Date or a function (a classic silent bug). */
function illegalReturn(value: unknown, seen: unknown[] = []): string | null {
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object') return null;
  if (Object.prototype.toString.call(value) === '[object Date]') return 'a Date';
  if (seen.includes(value)) return 'a circular reference';
  seen.push(value);
  for (const inner of Object.values(value)) {
    const found = illegalReturn(inner, seen);
    if (found) return found;
  }
  seen.pop();
  return null;
}

function messageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

/** Puts the shim before the page's first script so the page's code finds google.script ready. */
export function injectShim(html: string, base: string, page: string): string {
  const tag = `<script>\n${shimScript(base, page)}\n</script>\n`;
  const at = html.search(/<script\b/i);
  if (at >= 0) return html.slice(0, at) + tag + html.slice(at);
  const bodyEnd = html.search(/<\/body>/i);
  return bodyEnd >= 0 ? html.slice(0, bodyEnd) + tag + html.slice(bodyEnd) : html + tag;
}

export function createBridge(options: BridgeOptions): Bridge {
  const router = express.Router() as Bridge;
  router.hostCalls = [];
  router.rpcLog = [];
  const emulator = () => (typeof options.emulator === 'function' ? options.emulator() : options.emulator);

  router.get('/pages/:file', (req, res) => {
    const match = /^(.+)\.html$/.exec(req.params.file);
    if (!match || !PAGE_NAME.test(match[1])) {
      res.status(404).type('text/plain').send('No such page');
      return;
    }
    const file = path.join(options.distDir, `${match[1]}.html`);
    if (!fs.existsSync(file)) {
      res.status(404).type('text/plain').send(`${match[1]}.html is not built (run npm run build)`);
      return;
    }
    const html = injectShim(fs.readFileSync(file, 'utf8'), req.baseUrl, match[1]);
    res.set('Cache-Control', 'no-store').type('html').send(html);
  });

  router.post('/rpc/:name', express.json({ limit: '20mb' }), async (req, res) => {
    const name = req.params.name;
    const body = (req.body ?? {}) as { args?: unknown[]; arg?: unknown };
    const args = Array.isArray(body.args) ? body.args : body.arg === undefined ? [] : [body.arg];
    // google.script.run sends null for undefined array slots; drop trailing ones so run(fn) means no argument.
    while (args.length && (args[args.length - 1] === null || args[args.length - 1] === undefined)) args.pop();
    const started = Date.now();
    const record: RpcRecord = { name, args, ok: false, ms: 0 };
    try {
      // Apps Script hides functions whose names end with "_" from google.script.run.
      if (!FUNCTION_NAME.test(name) || name.endsWith('_')) throw new Error(`Script function not found: ${name}`);
      let value: unknown = await emulator().run(name, args, { mode: 'server' });
      const illegal = illegalReturn(value);
      if (illegal) {
        record.warning = `${name} returned ${illegal}; Apps Script would hand the page null instead`;
        console.warn(`bridge: ${record.warning}`);
        value = null;
      }
      record.ok = true;
      res.json({ ok: true, value: value === undefined ? null : value });
    } catch (error) {
      record.error = messageOf(error);
      res.json({ ok: false, error: record.error });
    } finally {
      record.ms = Date.now() - started;
      router.rpcLog.push(record);
      options.onRpc?.(record);
    }
  });

  router.post('/host/:call', express.json(), (req, res) => {
    const call = req.params.call as HostCallName;
    if (!HOST_CALLS.includes(call)) {
      res.status(404).end();
      return;
    }
    const body = (req.body ?? {}) as Partial<HostCall>;
    const entry: HostCall = {
      page: String(body.page ?? ''),
      call,
      arg: body.arg ?? null,
      at: body.at ?? new Date().toISOString(),
    };
    router.hostCalls.push(entry);
    options.onHostCall?.(entry);
    res.status(204).end();
  });

  return router;
}
